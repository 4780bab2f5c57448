import type { GatewayError, GatewayErrorCode } from '../../core/gateway-error.ts';
import { attemptsForBody } from '../attempts-header.ts';

/**
 * The `error.type` for each gateway error code, as `@ai-sdk/gateway` maps types to its error
 * classes: `authentication_error` → GatewayAuthenticationError, `invalid_request_error` →
 * GatewayInvalidRequestError, `model_not_found` → GatewayModelNotFoundError, `forbidden` →
 * GatewayForbiddenError, `rate_limit_exceeded` → GatewayRateLimitError, `failed_dependency` →
 * GatewayFailedDependencyError; anything else → GatewayInternalServerError with our status (the
 * client decides retries by status: 408, 409, 429 and ≥ 500 are retried).
 * Exhaustive, so a new code without its type fails the build.
 */
const TYPES = {
  invalid_request: 'invalid_request_error',
  payload_too_large: 'invalid_request_error',
  authentication: 'authentication_error',
  permission_denied: 'forbidden',
  budget_exceeded: 'insufficient_funds',
  model_not_found: 'model_not_found',
  route_not_found: 'not_found',
  method_not_allowed: 'invalid_request_error',
  request_timeout: 'timeout_error',
  rate_limited: 'rate_limit_exceeded',
  context_length_exceeded: 'invalid_request_error',
  content_policy: 'invalid_request_error',
  // Our provider credential was refused: the call failed on a dependency, not on the caller.
  upstream_auth: 'failed_dependency',
  upstream_invalid_request: 'invalid_request_error',
  upstream_not_found: 'model_not_found',
  upstream_error: 'internal_server_error',
  upstream_overloaded: 'internal_server_error',
  upstream_timeout: 'internal_server_error',
  upstream_unreachable: 'internal_server_error',
  upstream_malformed: 'internal_server_error',
  unavailable: 'internal_server_error',
  internal: 'internal_server_error',
} as const satisfies Record<GatewayErrorCode, string>;

/** HTTP status per code where the gateway protocol's differs from the gateway's own. */
function status(error: GatewayError): number {
  if (error.code === 'upstream_auth') return 424;
  return error.status;
}

function param(error: GatewayError, modelId: string | undefined): unknown {
  if ((error.code === 'model_not_found' || error.code === 'upstream_not_found') && modelId !== undefined) {
    return { modelId };
  }
  return error.param;
}

/**
 * The Vercel AI Gateway error body, `{error:{message,type,param,code},generationId}` — the shape
 * `@ai-sdk/gateway` parses into its typed errors (it appends `generationId` to the message).
 * @see ../../../docs/vercel-gateway.md
 */
export function vercelGatewayErrorBody(
  error: GatewayError,
  generationId: string,
  modelId: string | undefined,
): string {
  const body: Record<string, unknown> = {
    message: error.message,
    type: TYPES[error.code],
    param: param(error, modelId),
    code: error.clientCode,
  };
  if (error.attempts !== undefined && error.attempts.length > 0)
    body.attempts = attemptsForBody(error.attempts);
  return JSON.stringify({ error: body, generationId });
}

export function vercelGatewayErrorStatus(error: GatewayError): number {
  return status(error);
}

/**
 * The stream part that ends a stream which broke after it started: ai@6 hands the object to
 * `onError` as it is; ai@7 reads `message`, `type`, `statusCode` and `isRetryable` into an
 * `AI_StreamProviderError`.
 */
export function vercelGatewayStreamErrorPart(error: GatewayError, generationId: string): string {
  const code = status(error);
  const part = {
    type: 'error',
    error: {
      message: error.message,
      type: TYPES[error.code],
      code: error.clientCode,
      statusCode: code,
      isRetryable: code === 408 || code === 409 || code === 429 || code >= 500,
      generationId,
    },
  };
  return `data: ${JSON.stringify(part)}\n\n`;
}
