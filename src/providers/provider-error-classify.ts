import { GatewayError, type GatewayErrorCode } from '../core/gateway-error.ts';
import type { UpstreamHeaders } from '../upstream/upstream-transport.ts';
import { readRetryAfterSeconds } from './openai-compatible/openai-compatible-error.ts';

/** What a provider's error body said, in the provider's own words. */
export interface UpstreamErrorDetail {
  message: string | undefined;
  /** The provider's error type or code (`RESOURCE_EXHAUSTED`, `ThrottlingException`, …). */
  type?: string;
  /** A classification the provider's type settles, when it does. */
  code?: GatewayErrorCode;
  param?: string;
  /** When to retry, if the body says so (Gemini's `RetryInfo`); headers are read otherwise. */
  retryAfterSeconds?: number;
}

/**
 * Seconds a 429 tells the client to wait when the upstream did not say (Bedrock never does):
 * every 429 the gateway answers carries a `Retry-After`.
 */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

const BY_STATUS: Record<number, GatewayErrorCode> = {
  400: 'upstream_invalid_request',
  401: 'upstream_auth',
  402: 'upstream_auth',
  403: 'upstream_auth',
  404: 'upstream_not_found',
  408: 'upstream_timeout',
  413: 'upstream_invalid_request',
  422: 'upstream_invalid_request',
  429: 'rate_limited',
  500: 'upstream_error',
  502: 'upstream_error',
  503: 'upstream_overloaded',
  504: 'upstream_timeout',
  529: 'upstream_overloaded',
};

const CONTEXT_LENGTH =
  /context.length|context window|maximum context|too many tokens|prompt is too long|input is too long|exceeds the maximum number of tokens/i;
const CONTENT_POLICY = /content.policy|content.filter|safety|blocked by/i;

/**
 * The part of error classification every provider shares: the provider's own type when it settles
 * the class, else the HTTP status; a client-side 4xx about the context window or a content policy
 * is recognised by its message (routing fails over on the first, never on the second); 429/503
 * keep the upstream's `Retry-After`; the message is scrubbed of secrets.
 */
export function classifyUpstreamError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  detail: UpstreamErrorDetail,
  scrub: (text: string) => string,
): GatewayError {
  let code: GatewayErrorCode =
    detail.code ??
    BY_STATUS[status] ??
    (status >= 400 && status < 500 ? 'upstream_invalid_request' : 'upstream_error');
  const message = detail.message ?? '';
  if (code === 'upstream_invalid_request' && CONTEXT_LENGTH.test(message)) code = 'context_length_exceeded';
  else if (code === 'upstream_invalid_request' && CONTENT_POLICY.test(message)) code = 'content_policy';
  const text = scrub(message === '' ? `HTTP ${status} without an error message` : message);
  return new GatewayError(code, `Provider "${provider}" answered ${status}: ${text}`, {
    provider,
    upstreamStatus: status,
    param: detail.param ?? null,
    retryAfterSeconds:
      code === 'rate_limited'
        ? (detail.retryAfterSeconds ?? readRetryAfterSeconds(headers) ?? DEFAULT_RETRY_AFTER_SECONDS)
        : code === 'upstream_overloaded'
          ? (detail.retryAfterSeconds ?? readRetryAfterSeconds(headers))
          : undefined,
    clientCode: detail.type,
  });
}

/** Parses a JSON error body, or returns the first 500 characters of a non-JSON one as the message. */
export function parseErrorBody<Body>(bodyText: string): { json: Body | undefined; text: string | undefined } {
  try {
    return { json: JSON.parse(bodyText) as Body, text: undefined };
  } catch {
    return { json: undefined, text: bodyText.trim().slice(0, 500) || undefined };
  }
}
