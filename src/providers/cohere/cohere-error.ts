import type { GatewayError } from '../../core/gateway-error.ts';
import type { UpstreamHeaders } from '../../upstream/upstream-transport.ts';
import { classifyUpstreamError, parseErrorBody } from '../provider-error-classify.ts';

/**
 * Reads a Cohere error (`{"message"}`, or `{"id","message"}` in v2) into the gateway taxonomy:
 * Cohere says what went wrong by status alone (429 rate limit, 498 invalid token → auth, 499
 * client closed, 5xx).
 * @see https://docs.cohere.com/reference/errors
 */
export function classifyCohereError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
  scrub: (text: string) => string,
): GatewayError {
  const { json, text } = parseErrorBody<{ message?: string }>(bodyText);
  return classifyUpstreamError(
    provider,
    status,
    headers,
    { message: json?.message ?? text, code: status === 498 ? 'upstream_auth' : undefined },
    scrub,
  );
}
