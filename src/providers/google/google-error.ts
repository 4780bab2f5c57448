import type { GatewayError, GatewayErrorCode } from '../../core/gateway-error.ts';
import type { UpstreamHeaders } from '../../upstream/upstream-transport.ts';
import { classifyUpstreamError, parseErrorBody } from '../provider-error-classify.ts';

/** Google's canonical error status → gateway code. */
const GOOGLE_STATUS: Record<string, GatewayErrorCode> = {
  INVALID_ARGUMENT: 'upstream_invalid_request',
  FAILED_PRECONDITION: 'upstream_invalid_request',
  OUT_OF_RANGE: 'upstream_invalid_request',
  UNAUTHENTICATED: 'upstream_auth',
  PERMISSION_DENIED: 'upstream_auth',
  NOT_FOUND: 'upstream_not_found',
  RESOURCE_EXHAUSTED: 'rate_limited',
  UNAVAILABLE: 'upstream_overloaded',
  INTERNAL: 'upstream_error',
  DEADLINE_EXCEEDED: 'upstream_timeout',
};

/**
 * Reads a Gemini / Vertex AI error (`{"error":{"code","message","status"}}`, sometimes wrapped in
 * an array) into the gateway taxonomy.
 * @see https://ai.google.dev/gemini-api/docs/troubleshooting
 */
export function classifyGoogleError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
  scrub: (text: string) => string,
): GatewayError {
  type Body = {
    error?: {
      message?: string;
      status?: string;
      details?: { '@type'?: string; retryDelay?: string; reason?: string }[];
    };
  };
  const { json, text } = parseErrorBody<Body | Body[]>(bodyText);
  const body = Array.isArray(json) ? json[0] : json;
  const type = body?.error?.status;
  // Gemini says when to retry in a `RetryInfo` detail (`"retryDelay": "4s"`), not in a header.
  const retryDelay = body?.error?.details?.find((detail) =>
    detail['@type']?.endsWith('RetryInfo'),
  )?.retryDelay;
  const seconds = retryDelay === undefined ? Number.NaN : Number.parseFloat(retryDelay);
  return classifyUpstreamError(
    provider,
    status,
    headers,
    {
      message: body?.error?.message ?? text,
      type,
      // A rejected API key is a 400 INVALID_ARGUMENT whose ErrorInfo says API_KEY_INVALID: the
      // gateway's credential, not the client's request.
      code: body?.error?.details?.some((detail) => detail.reason === 'API_KEY_INVALID')
        ? 'upstream_auth'
        : type === undefined
          ? undefined
          : GOOGLE_STATUS[type],
      retryAfterSeconds: Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : undefined,
    },
    scrub,
  );
}
