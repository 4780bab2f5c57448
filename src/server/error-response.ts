import type { CallRecord } from '../core/call-record.ts';
import type { GatewayError } from '../core/gateway-error.ts';
import {
  anthropicErrorBody,
  anthropicErrorStatus,
} from '../protocol/anthropic-messages/anthropic-error-format.ts';
import { attemptsHeader } from '../protocol/attempts-header.ts';
import { respond } from '../protocol/http-response.ts';
import { openAIErrorBody } from '../protocol/openai-chat/openai-error-format.ts';
import {
  vercelGatewayErrorBody,
  vercelGatewayErrorStatus,
} from '../protocol/vercel-gateway/vercel-gateway-error-format.ts';
import type { ClientProtocol } from './route-table.ts';

interface ErrorRenderer {
  body(error: GatewayError, record: CallRecord): string;
  status(error: GatewayError): number;
}

/** Error renderer per client protocol: a missing protocol fails the build. */
const RENDERERS = {
  openai: { body: (error) => openAIErrorBody(error), status: (error) => error.status },
  anthropic: {
    body: (error, record) => anthropicErrorBody(error, record.requestId),
    status: anthropicErrorStatus,
  },
  vercel: {
    body: (error, record) => vercelGatewayErrorBody(error, record.generationId, record.model),
    status: vercelGatewayErrorStatus,
  },
} as const satisfies Record<ClientProtocol, ErrorRenderer>;

/** The error response in the client's own protocol, with `Retry-After` when one is known. */
export function errorResponse(protocol: ClientProtocol, error: GatewayError, record: CallRecord): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-request-id': record.requestId,
    'x-tollgate-generation-id': record.generationId,
  };
  if (error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  if (error.provider !== undefined) headers['x-tollgate-provider'] = error.provider;
  headers['x-tollgate-error'] = error.code;
  if (error.attempts !== undefined && error.attempts.length > 0) {
    headers['x-tollgate-attempts'] = attemptsHeader(error.attempts);
  }
  const renderer: ErrorRenderer = RENDERERS[protocol];
  return respond(renderer.body(error, record), renderer.status(error), headers);
}
