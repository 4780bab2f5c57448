import type { GatewayError, GatewayErrorCode } from '../../core/gateway-error.ts';
import type { UpstreamHeaders } from '../../upstream/upstream-transport.ts';
import { classifyUpstreamError, parseErrorBody } from '../provider-error-classify.ts';

/** Bedrock exception type (from `x-amzn-errortype`) → gateway code. */
const BEDROCK_EXCEPTIONS: Record<string, GatewayErrorCode> = {
  ThrottlingException: 'rate_limited',
  ServiceQuotaExceededException: 'rate_limited',
  ValidationException: 'upstream_invalid_request',
  AccessDeniedException: 'upstream_auth',
  UnrecognizedClientException: 'upstream_auth',
  ExpiredTokenException: 'upstream_auth',
  ResourceNotFoundException: 'upstream_not_found',
  ModelNotReadyException: 'upstream_overloaded',
  ServiceUnavailableException: 'upstream_overloaded',
  ModelTimeoutException: 'upstream_timeout',
  InternalServerException: 'upstream_error',
  ModelErrorException: 'upstream_error',
  ModelStreamErrorException: 'upstream_error',
};

/**
 * Reads a Bedrock error (`{"message"}` with the exception in the `x-amzn-errortype` header, e.g.
 * `ThrottlingException:http://internal.amazon.com/coral/...`) into the gateway taxonomy.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
export function classifyBedrockError(
  provider: string,
  status: number,
  headers: UpstreamHeaders,
  bodyText: string,
  scrub: (text: string) => string,
): GatewayError {
  const header = headers['x-amzn-errortype'];
  const type = (Array.isArray(header) ? header[0] : header)?.split(':')[0];
  const { json, text } = parseErrorBody<{ message?: string; Message?: string }>(bodyText);
  const message = json?.message ?? json?.Message ?? text;
  // An unknown model id is a ValidationException; it is routable elsewhere, not the client's fault.
  const unknownModel = /model identifier is invalid/i.test(message ?? '');
  return classifyUpstreamError(
    provider,
    status,
    headers,
    {
      message,
      type,
      code: unknownModel ? 'upstream_not_found' : type === undefined ? undefined : BEDROCK_EXCEPTIONS[type],
    },
    scrub,
  );
}
