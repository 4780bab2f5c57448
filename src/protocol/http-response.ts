import { STATUS_CODES } from 'node:http';
import type { Writable } from 'node:stream';
import { FastResponse } from 'srvx';

/**
 * A body the Node adapter pipes into the socket itself (srvx calls `pipe(response)` after writing
 * the head); used by stream relays to write each chunk straight to the socket.
 */
export interface PipeableBody {
  pipe<Destination extends Writable>(destination: Destination): Destination;
  destroy(): void;
}

/**
 * Builds a response. On Node, srvx's `FastResponse` is written straight to the socket (a string,
 * a buffer, or a `PipeableBody` that writes itself), with no WHATWG conversion. (On other runtimes
 * `FastResponse` is the native `Response`; a `PipeableBody` would then need a `ReadableStream`
 * form, which is not built yet.) The reason phrase is set so the status line reads `200 OK`.
 */
export function respond(
  body: string | Uint8Array | PipeableBody | null,
  status: number,
  headers: Record<string, string>,
): Response {
  return new FastResponse(body as ConstructorParameters<typeof Response>[0], {
    status,
    statusText: STATUS_CODES[status] ?? '',
    headers,
  });
}
