import type { AttemptRecord } from './call-record.ts';

/**
 * The one error taxonomy of the gateway. Every failure — a bad request, a refused key, an upstream
 * that answered 503 or never answered at all — becomes a `GatewayError` with a code from this list.
 * Protocol renderers (`src/protocol/<protocol>/*-error-format.ts`) turn it into the client's own
 * error shape at the edge; nothing else formats errors.
 */
export type GatewayErrorCode =
  /** The request is malformed or violates the API schema (names the field). */
  | 'invalid_request'
  /** The request body is larger than `server.body_limit`. */
  | 'payload_too_large'
  /** No or unknown gateway API key. */
  | 'authentication'
  /** The key is valid but may not do this. */
  | 'permission_denied'
  /** A budget's hard limit was reached. */
  | 'budget_exceeded'
  /** The requested model is not routable (carries close matches as a hint). */
  | 'model_not_found'
  /** No route for this path. */
  | 'route_not_found'
  /** The path exists but not for this HTTP method. */
  | 'method_not_allowed'
  /** The client took too long to send its request. */
  | 'request_timeout'
  /** A gateway or upstream rate limit; `retryAfterSeconds` says when to come back. */
  | 'rate_limited'
  /** The prompt does not fit the model's context window (from the upstream). */
  | 'context_length_exceeded'
  /** The upstream refused the content. */
  | 'content_policy'
  /** The upstream rejected the gateway's own provider credentials. */
  | 'upstream_auth'
  /** The upstream answered a 4xx the client caused (its message is preserved). */
  | 'upstream_invalid_request'
  /** The upstream does not know the model id it was sent. */
  | 'upstream_not_found'
  /** The upstream answered 5xx. */
  | 'upstream_error'
  /** The upstream is overloaded (503/529). */
  | 'upstream_overloaded'
  /** The upstream did not answer in time (first byte, idle gap or total). */
  | 'upstream_timeout'
  /** The upstream could not be reached or reset the connection. */
  | 'upstream_unreachable'
  /** The upstream answered bytes that are not the protocol it speaks. */
  | 'upstream_malformed'
  /** The gateway is shutting down or not ready. */
  | 'unavailable'
  /** A bug: something the gateway did not expect. */
  | 'internal';

interface ErrorCodeInfo {
  /** HTTP status sent to the client. */
  readonly status: number;
  /** OpenAI-style `error.type` (also used by the other renderers as a fallback). */
  readonly type: string;
}

/** Exhaustive: adding a code without its status fails the build. */
export const ERROR_CODE_INFO = {
  invalid_request: { status: 400, type: 'invalid_request_error' },
  payload_too_large: { status: 413, type: 'invalid_request_error' },
  authentication: { status: 401, type: 'authentication_error' },
  permission_denied: { status: 403, type: 'permission_error' },
  budget_exceeded: { status: 402, type: 'insufficient_quota' },
  model_not_found: { status: 404, type: 'invalid_request_error' },
  route_not_found: { status: 404, type: 'invalid_request_error' },
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  request_timeout: { status: 408, type: 'timeout_error' },
  rate_limited: { status: 429, type: 'rate_limit_error' },
  context_length_exceeded: { status: 400, type: 'invalid_request_error' },
  content_policy: { status: 400, type: 'invalid_request_error' },
  upstream_auth: { status: 502, type: 'upstream_error' },
  upstream_invalid_request: { status: 400, type: 'invalid_request_error' },
  upstream_not_found: { status: 404, type: 'invalid_request_error' },
  upstream_error: { status: 502, type: 'upstream_error' },
  upstream_overloaded: { status: 503, type: 'upstream_error' },
  upstream_timeout: { status: 504, type: 'timeout_error' },
  upstream_unreachable: { status: 502, type: 'upstream_error' },
  upstream_malformed: { status: 502, type: 'upstream_error' },
  unavailable: { status: 503, type: 'service_unavailable' },
  internal: { status: 500, type: 'server_error' },
} as const satisfies Record<GatewayErrorCode, ErrorCodeInfo>;

export interface GatewayErrorOptions {
  /** The request field at fault, e.g. `messages[0].role`. */
  param?: string | null;
  /** Seconds until a retry may succeed (429, 503); sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Status the upstream answered, when the error came from one. */
  upstreamStatus?: number;
  /** Provider instance that produced the error. */
  provider?: string;
  /** Overrides the machine-readable `error.code` (defaults to the gateway code). */
  clientCode?: string;
  /** Every target tried before the call failed (the routing layer attaches them). */
  attempts?: readonly AttemptRecord[];
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly code: GatewayErrorCode;
  readonly status: number;
  readonly param: string | null;
  readonly retryAfterSeconds: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly provider: string | undefined;
  readonly clientCode: string;
  attempts: readonly AttemptRecord[] | undefined;

  constructor(code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = ERROR_CODE_INFO[code].status;
    this.param = options.param ?? null;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.upstreamStatus = options.upstreamStatus;
    this.provider = options.provider;
    this.clientCode = options.clientCode ?? code;
    this.attempts = options.attempts;
  }

  get type(): string {
    return ERROR_CODE_INFO[this.code].type;
  }
}

/** Wraps anything thrown into a `GatewayError` without losing an existing classification. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new GatewayError('internal', 'The gateway hit an unexpected error.', { cause: error });
}
