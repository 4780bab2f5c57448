import { STATUS_CODES } from 'node:http';
import type { Readable } from 'node:stream';
import { FastResponse } from 'srvx';

/**
 * Builds a response for any runtime. On Node, srvx's `FastResponse` is written straight to the
 * socket (a string, buffer or Node stream body, no WHATWG conversion); elsewhere it is the native
 * `Response`. The reason phrase is set so the status line reads `200 OK`, not `200 `.
 */
export function respond(
  body: string | Uint8Array | Readable | null,
  status: number,
  headers: Record<string, string>,
): Response {
  return new FastResponse(body as ConstructorParameters<typeof Response>[0], {
    status,
    statusText: STATUS_CODES[status] ?? '',
    headers,
  });
}
