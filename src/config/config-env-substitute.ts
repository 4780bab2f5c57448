import { formatFieldPath } from '../core/field-path.ts';
import type { ConfigIssue } from './config-error.ts';

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string value of the parsed document (not in
 * the raw text, so a secret containing `:` or `#` cannot break the YAML). `$${` writes a literal
 * `${`. An unset variable without a default is an issue at that value's path.
 */
const PLACEHOLDER = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (match, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      const found = env[name as string];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      issues.push({ path: formatFieldPath(path), message: `environment variable ${name} is not set` });
      return '';
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnv(item, env, issues, [...path, index]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = substituteEnv(item, env, issues, [...path, key]);
    return out;
  }
  return value;
}
