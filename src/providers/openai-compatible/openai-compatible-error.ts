import { GatewayError, type GatewayErrorCode } from '../../core/gateway-error.ts';
import type { UpstreamHeaders } from '../../upstream/upstream-transport.ts';

/**
 * Reads an OpenAI-style error answer (`{"error":{"message","type","param","code"}}`, also used by
 * every OpenAI-compatible server) into the gateway taxonomy, keeping the provider's own message.
 * @see https://platform.openai.com/docs/guides/error-codes
 */
interface OpenAIErrorBody {
  error?: { message?: unknown; type?: unknown; param?: unknown; code?: unknown } | string;
  message?: unknown;
}

const STATUS_CODES: Record<number, GatewayErrorCode> = {
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

function headerValue(headers: UpstreamHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after-ms`, then `retry-after` as seconds or an HTTP date; whole seconds, at least 1. */
export function readRetryAfterSeconds(headers: UpstreamHeaders): number | undefined {
  const ms = Number(headerValue(headers, 'retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.max(1, Math.ceil(ms / 1000));
  const raw = headerValue(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - Date.now()) / 1000));
}

function parseBody(bodyText: string): { message?: string; type?: string; code?: string; param?: string } {
  try {
    const body = JSON.parse(bodyText) as OpenAIErrorBody;
    const error = body.error;
    if (typeof error === 'string') return { message: error };
    const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
    return {
      message: text(error?.message) ?? text(body.message),
      type: text(error?.type),
      code: text(error?.code) ?? (typeof error?.code === 'number' ? String(error.code) : undefined),
      param: text(error?.param),
    };
  } catch {
    return { message: bodyText.trim().slice(0, 500) || undefined };
  }
}

export function classifyOpenAIError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
  scrub: (text: string) => string,
): GatewayError {
  const body = parseBody(bodyText);
  let code: GatewayErrorCode =
    STATUS_CODES[status] ?? (status >= 500 ? 'upstream_error' : 'upstream_invalid_request');
  const hint = `${body.code ?? ''} ${body.type ?? ''} ${body.message ?? ''}`.toLowerCase();
  if (
    status === 400 &&
    /context_length_exceeded|maximum context length|too many tokens|context window/.test(hint)
  ) {
    code = 'context_length_exceeded';
  } else if (status === 400 && /content_policy|content_filter|safety system/.test(hint)) {
    code = 'content_policy';
  } else if (status === 429 && /insufficient_quota/.test(hint)) {
    code = 'upstream_auth';
  }
  const message = scrub(body.message ?? `HTTP ${status} without an error message`);
  return new GatewayError(code, `Provider "${provider}" answered ${status}: ${message}`, {
    provider,
    upstreamStatus: status,
    param: body.param ?? null,
    retryAfterSeconds:
      code === 'rate_limited'
        ? (readRetryAfterSeconds(headers) ?? 1)
        : status === 503 || status === 529
          ? readRetryAfterSeconds(headers)
          : undefined,
    clientCode: body.code,
  });
}
