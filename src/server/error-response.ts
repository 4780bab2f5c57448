import type { GatewayError } from '../core/gateway-error.ts';
import { respond } from '../protocol/http-response.ts';
import { openAIErrorBody } from '../protocol/openai-chat/openai-error-format.ts';
import type { ClientProtocol } from './route-table.ts';

/** Error body renderer per client protocol: a missing protocol fails the build. */
const ERROR_BODIES = {
  openai: openAIErrorBody,
} as const satisfies Record<ClientProtocol, (error: GatewayError) => string>;

/** The error response in the client's own protocol, with `Retry-After` when one is known. */
export function errorResponse(protocol: ClientProtocol, error: GatewayError, requestId: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': requestId };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.provider !== undefined) headers['x-tollgate-provider'] = error.provider;
  headers['x-tollgate-error'] = error.code;
  return respond(ERROR_BODIES[protocol](error), error.status, headers);
}
