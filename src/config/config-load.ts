import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath } from '../core/field-path.ts';
import { substituteEnv } from './config-env-substitute.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { resolveConfig } from './config-resolve.ts';
import { configFileSchema } from './config-schema.ts';
import type { GatewayConfig } from './config-types.ts';

/**
 * Reads a YAML (or JSON — YAML is a superset) config file once, at start. Reading synchronously is
 * fine here: no request is being served yet.
 */
export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    throw new ConfigError(path, [{ path: '', message: reason }]);
  }
  return parseConfigText(text, path, env);
}

/** The config used when no file is given: the built-in simulator provider and its models. */
export function defaultConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return resolveConfig({}, null, env, []);
}

export function parseConfigText(
  text: string,
  source: string,
  env: NodeJS.ProcessEnv = process.env,
): GatewayConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          path: '',
          message: error.message.split('\n')[0] ?? 'YAML syntax error',
          ...toLineColumn(position),
        };
      }),
    );
  }
  const issues: ConfigIssue[] = [];
  const substituted = substituteEnv(document.toJS() ?? {}, env, issues);
  let parsed = configFileSchema.safeParse(substituted);
  if (!parsed.success) {
    // A value emptied by a missing variable fails its schema too; report only the variable.
    const unset = new Set(issues.map((issue) => issue.path));
    issues.push(
      ...parsed.error.issues
        .flatMap((issue) => describeZodIssue(issue))
        .filter((issue) => !unset.has(issue.path)),
    );
    // When the only problem is unknown keys, check the rest of the file too, so one run reports
    // everything (e.g. a misspelt key and a target naming an undeclared provider).
    if (parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys')) {
      parsed = configFileSchema.safeParse(withoutUnknownKeys(substituted, parsed.error.issues));
    }
  }
  const config = parsed.success ? resolveConfig(parsed.data, source, env, issues) : undefined;
  if (issues.length > 0 || config === undefined) {
    throw new ConfigError(source, locateIssues(issues, document, lineCounter));
  }
  return config;
}

function withoutUnknownKeys(value: unknown, zodIssues: z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(value);
  for (const issue of zodIssues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let node: unknown = copy;
    for (const part of issue.path) node = (node as Record<PropertyKey, unknown> | undefined)?.[part];
    for (const key of issue.keys) delete (node as Record<string, unknown> | undefined)?.[key];
  }
  return copy;
}

function toLineColumn(position: { line: number; col: number }): { line: number; column: number } {
  return { line: position.line, column: position.col };
}

function describeZodIssue(issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatFieldPath([...issue.path, key]),
      message: 'unknown key',
    }));
  }
  return [{ path: formatFieldPath(issue.path), message: issue.message }];
}

/** Adds line and column to each issue by walking its path in the YAML document. */
function locateIssues(issues: ConfigIssue[], document: Document, lineCounter: LineCounter): ConfigIssue[] {
  return issues.map((issue) => {
    if (issue.line !== undefined) return issue;
    const offset = findOffset(document, splitPath(issue.path));
    return offset === undefined ? issue : { ...issue, ...toLineColumn(lineCounter.linePos(offset)) };
  });
}

function splitPath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

/** Offset of the deepest node on `path` that exists; for a missing last key, its parent. */
function findOffset(document: Document, path: (string | number)[]): number | undefined {
  let node: unknown = document.contents;
  let offset: number | undefined = rangeStart(node);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(part));
      if (pair === undefined) return offset;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
      continue;
    }
    const items = (node as { items?: unknown[] } | null)?.items;
    if (Array.isArray(items) && typeof part === 'number' && items[part] !== undefined) {
      node = items[part];
      offset = rangeStart(node) ?? offset;
      continue;
    }
    return offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
