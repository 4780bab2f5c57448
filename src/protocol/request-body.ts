import { BodyTooLargeError } from 'srvx/body-limit';
import { GatewayError } from '../core/gateway-error.ts';
import { incomingHeaderRecord } from '../core/incoming-request.ts';

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError('payload_too_large', `The request body exceeds the limit of ${limitBytes} bytes.`, {
    clientCode: 'request_too_large',
  });
}

/**
 * Reads the request body as text within `limitBytes`: a declared `content-length` over the limit
 * is refused before reading anything, a chunked body as soon as it crosses the limit (the server
 * adapter enforces the byte count while reading).
 */
export async function readRequestText(request: Request, limitBytes: number): Promise<string> {
  const declared = incomingHeaderRecord(request)['content-length'];
  if (typeof declared === 'string' && Number(declared) > limitBytes) throw tooLarge(limitBytes);
  try {
    const text = await request.text();
    if (text.length > limitBytes && Buffer.byteLength(text) > limitBytes) throw tooLarge(limitBytes);
    return text;
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (error instanceof BodyTooLargeError) throw tooLarge(limitBytes);
    throw new GatewayError(
      'invalid_request',
      'The request body could not be read (the client closed the connection?).',
      {
        clientCode: 'body_unreadable',
        cause: error,
      },
    );
  }
}
