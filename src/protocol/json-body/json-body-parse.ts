import type { z } from 'zod';
import { GatewayError } from '../../core/gateway-error.ts';

/** `['messages', 0, 'role']` → `messages[0].role`, the notation OpenAI uses in `error.param`. */
export function formatParam(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest rather than zod's generic "Invalid input".
    const deepest = issue.errors
      .map((branch) => branch[0])
      .filter((first): first is z.core.$ZodIssue => first !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (deepest !== undefined && deepest.path.length > 0) {
      return `${formatParam([...issue.path, ...deepest.path])}: ${deepest.message}`;
    }
  }
  if (issue.code === 'invalid_union' && (issue as { note?: string }).note === 'No matching discriminator') {
    return `${formatParam(issue.path)}: unsupported ${String(issue.discriminator ?? 'type')} value`;
  }
  return `${formatParam(issue.path)}: ${issue.message}`;
}

/**
 * Parses a JSON request body and checks it against a schema. Every failure is a 400 that says
 * which field is wrong — `param` carries the field path — never a crash.
 */
export function parseJsonBody<Schema extends z.ZodType>(text: string, schema: Schema): z.infer<Schema> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError(
      'invalid_request',
      `The request body is not valid JSON: ${(error as Error).message}`,
      {
        clientCode: 'invalid_json',
      },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError('invalid_request', 'The request body must be a JSON object.', {
      clientCode: 'invalid_json',
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue === undefined ? null : formatParam(issue.path);
  const detail = issue === undefined ? 'invalid request' : describeIssue(issue);
  throw new GatewayError('invalid_request', `Invalid request: ${detail}`, {
    param: param === '' ? null : param,
    clientCode: 'invalid_request_body',
  });
}
