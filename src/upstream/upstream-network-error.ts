import { GatewayError } from '../core/gateway-error.ts';

/** Node and undici error codes that mean "the upstream could not be reached or dropped us". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_RESPONSE_STATUS_CODE',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/**
 * Classifies what a transport threw (or a body stream errored with) into the gateway taxonomy.
 * A deadline or gateway abort already carries a `GatewayError` as the signal's reason and is kept.
 */
export function classifyTransportError(error: unknown, provider: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new GatewayError(
      'upstream_timeout',
      `Provider "${provider}" did not accept a connection in time.`,
      {
        provider,
        cause: error,
      },
    );
  }
  if (typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
    return new GatewayError('upstream_unreachable', `Provider "${provider}" is unreachable (${code}).`, {
      provider,
      cause: error,
    });
  }
  return new GatewayError('upstream_unreachable', `The request to provider "${provider}" failed.`, {
    provider,
    cause: error,
  });
}
