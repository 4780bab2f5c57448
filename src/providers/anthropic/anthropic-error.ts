import { GatewayError, type GatewayErrorCode } from '../../core/gateway-error.ts';
import type { UpstreamHeaders } from '../../upstream/upstream-transport.ts';
import { readRetryAfterSeconds } from '../openai-compatible/openai-compatible-error.ts';

/** Anthropic error type → gateway code. */
const ANTHROPIC_CODES: Record<string, GatewayErrorCode> = {
  invalid_request_error: 'upstream_invalid_request',
  authentication_error: 'upstream_auth',
  permission_error: 'upstream_auth',
  billing_error: 'upstream_auth',
  not_found_error: 'upstream_not_found',
  request_too_large: 'upstream_invalid_request',
  rate_limit_error: 'rate_limited',
  api_error: 'upstream_error',
  overloaded_error: 'upstream_overloaded',
  timeout_error: 'upstream_timeout',
};

const STATUS_CODES: Record<number, GatewayErrorCode> = {
  400: 'upstream_invalid_request',
  401: 'upstream_auth',
  403: 'upstream_auth',
  404: 'upstream_not_found',
  413: 'upstream_invalid_request',
  429: 'rate_limited',
  503: 'upstream_overloaded',
  529: 'upstream_overloaded',
};

/**
 * Reads Anthropic's error answer (`{"type":"error","error":{"type","message"}}`) into the gateway
 * taxonomy, keeping Anthropic's message; a prompt over the context window is recognised by its
 * message so routing can fail over to a larger model.
 * @see https://docs.anthropic.com/en/api/errors
 */
export function classifyAnthropicError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
  scrub: (text: string) => string,
): GatewayError {
  let type: string | undefined;
  let message: string | undefined;
  try {
    const body = JSON.parse(bodyText) as { error?: { type?: string; message?: string } };
    type = body.error?.type;
    message = body.error?.message;
  } catch {
    message = bodyText.trim().slice(0, 500) || undefined;
  }
  let code: GatewayErrorCode =
    (type === undefined ? undefined : ANTHROPIC_CODES[type]) ??
    STATUS_CODES[status] ??
    (status >= 400 && status < 500 ? 'upstream_invalid_request' : 'upstream_error');
  if (
    code === 'upstream_invalid_request' &&
    /prompt is too long|context window|too many tokens/i.test(message ?? '')
  ) {
    code = 'context_length_exceeded';
  } else if (code === 'upstream_invalid_request' && /content filtering policy/i.test(message ?? '')) {
    // Anthropic's refusal is an ordinary invalid_request_error; its message is the only tell.
    code = 'content_policy';
  }
  const text = scrub(message ?? `HTTP ${status} without an error message`);
  return new GatewayError(code, `Provider "${provider}" answered ${status}: ${text}`, {
    provider,
    upstreamStatus: status,
    retryAfterSeconds:
      code === 'rate_limited'
        ? (readRetryAfterSeconds(headers) ?? 1)
        : code === 'upstream_overloaded'
          ? readRetryAfterSeconds(headers)
          : undefined,
    clientCode: type,
  });
}
