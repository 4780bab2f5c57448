import { APICallError } from '@ai-sdk/provider';
import { GatewayError } from '../../core/gateway-error.ts';
import type { Provider } from '../../providers/provider-types.ts';

/** The HTTP status an error type name implies, for in-stream errors that carry none. */
function statusOfErrorType(type: unknown): number {
  const name = typeof type === 'string' ? type : '';
  if (/invalid_request|validation/.test(name)) return 400;
  if (/authentication|permission|unauthorized/.test(name)) return 401;
  if (/rate_limit|throttl/.test(name)) return 429;
  if (/overloaded|unavailable/.test(name)) return 529;
  return 502;
}

/**
 * Classifies what a canonical (AI SDK) call threw or put in its stream into the gateway taxonomy:
 * errors the gateway made itself (deadlines, transport) are kept; an `APICallError` carrying the
 * upstream's status and body goes to the provider's own error reader, so translated calls map
 * errors exactly as passthrough ones do; anything else means the upstream answered something its
 * adapter could not read.
 */
export function classifyCanonicalError(
  error: unknown,
  provider: Provider,
  clientGone: boolean,
): GatewayError {
  if (error instanceof GatewayError) return error;
  if (clientGone)
    return new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' });
  if (APICallError.isInstance(error)) {
    if (error.statusCode !== undefined) {
      return provider.classifyError(
        error.statusCode,
        error.responseHeaders ?? {},
        error.responseBody ?? error.message,
      );
    }
    if (error.cause instanceof GatewayError) return error.cause;
    return new GatewayError(
      'upstream_unreachable',
      `Provider "${provider.name}" is unreachable: ${provider.scrub(error.message)}`,
      {
        provider: provider.name,
        cause: error,
      },
    );
  }
  // An error part inside a stream is the provider's own error object (`{message, type, code}`,
  // or the AI SDK's stream error with `statusCode`): read it with the provider's error reader, as
  // if it had come as an error answer.
  if (
    error !== null &&
    typeof error === 'object' &&
    !(error instanceof Error) &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    const part = error as {
      message: string;
      type?: unknown;
      code?: unknown;
      status?: unknown;
      status_code?: unknown;
      statusCode?: unknown;
    };
    const status =
      [part.statusCode, part.status_code, part.status, part.code].find(
        (value): value is number => typeof value === 'number' && value >= 400 && value < 600,
      ) ?? statusOfErrorType(part.type);
    // Shaped so every provider's reader finds the message (`error.message` or top-level `message`).
    return provider.classifyError(
      status,
      {},
      JSON.stringify({ type: 'error', error, message: part.message }),
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'upstream_malformed',
    `Provider "${provider.name}" answered something its adapter could not read: ${provider.scrub(message).slice(0, 300)}`,
    { provider: provider.name, cause: error },
  );
}
