import { APICallError } from '@ai-sdk/provider';
import { GatewayError } from '../../core/gateway-error.ts';
import type { Provider } from '../../providers/provider-types.ts';

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
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayError(
    'upstream_malformed',
    `Provider "${provider.name}" answered something its adapter could not read: ${provider.scrub(message).slice(0, 300)}`,
    { provider: provider.name, cause: error },
  );
}
