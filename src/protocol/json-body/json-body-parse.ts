import type { z } from 'zod';
import { formatFieldPath } from '../../core/field-path.ts';
import { GatewayError } from '../../core/gateway-error.ts';

/** The field at fault and what is wrong with it, for the first schema issue. */
function describeIssue(issue: z.core.$ZodIssue): { param: string; message: string } {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest rather than zod's generic "Invalid input".
    const deepest = issue.errors
      .map((branch) => branch[0])
      .filter((first): first is z.core.$ZodIssue => first !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (deepest !== undefined && deepest.path.length > 0) {
      return describeIssue({ ...deepest, path: [...issue.path, ...deepest.path] });
    }
  }
  const param = formatFieldPath(issue.path);
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Every branch failed on the value's type: say which types would do.
    const expected = issue.errors.flatMap((branch) =>
      branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? [branch[0].expected] : [],
    );
    if (expected.length === issue.errors.length) {
      return { param, message: `${param}: Invalid input: expected ${[...new Set(expected)].join(' or ')}` };
    }
  }
  return { param, message: `${param}: ${issue.message}` };
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
  const { param, message } =
    issue === undefined ? { param: '', message: 'invalid request' } : describeIssue(issue);
  throw new GatewayError('invalid_request', `Invalid request: ${message}`, {
    param: param === '' ? null : param,
    clientCode: 'invalid_request_body',
  });
}
