import type { GatewayError, GatewayErrorCode } from '../../core/gateway-error.ts';
import { attemptsForBody } from '../attempts-header.ts';

/** Gateway code → Anthropic error type (and, for overload, Anthropic's own 529 status). */
const ANTHROPIC_TYPES: Record<GatewayErrorCode, string> = {
  invalid_request: 'invalid_request_error',
  payload_too_large: 'request_too_large',
  authentication: 'authentication_error',
  permission_denied: 'permission_error',
  budget_exceeded: 'billing_error',
  model_not_found: 'not_found_error',
  route_not_found: 'not_found_error',
  method_not_allowed: 'invalid_request_error',
  request_timeout: 'timeout_error',
  rate_limited: 'rate_limit_error',
  context_length_exceeded: 'invalid_request_error',
  content_policy: 'invalid_request_error',
  upstream_auth: 'api_error',
  upstream_invalid_request: 'invalid_request_error',
  upstream_not_found: 'not_found_error',
  upstream_error: 'api_error',
  upstream_overloaded: 'overloaded_error',
  upstream_timeout: 'timeout_error',
  upstream_unreachable: 'api_error',
  upstream_malformed: 'api_error',
  unavailable: 'overloaded_error',
  internal: 'api_error',
};

/**
 * Renders a `GatewayError` in Anthropic's error shape, the one the `@anthropic-ai/sdk` and Claude
 * Code read: `{"type":"error","error":{"type","message"},"request_id"}`.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function anthropicErrorBody(error: GatewayError, requestId?: string): string {
  return JSON.stringify({
    type: 'error',
    error:
      error.attempts !== undefined && error.attempts.length > 0
        ? {
            type: ANTHROPIC_TYPES[error.code],
            message: error.message,
            attempts: attemptsForBody(error.attempts),
          }
        : { type: ANTHROPIC_TYPES[error.code], message: error.message },
    ...(requestId === undefined ? {} : { request_id: requestId }),
  });
}

/** Anthropic answers an overloaded model with 529, and its clients retry on exactly that. */
export function anthropicErrorStatus(error: GatewayError): number {
  return error.code === 'upstream_overloaded' ? 529 : error.status;
}

/** The event that ends a stream that broke after it started. */
export function anthropicStreamErrorEvent(error: GatewayError): string {
  return `event: error\ndata: ${anthropicErrorBody(error)}\n\n`;
}
