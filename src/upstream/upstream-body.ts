import type { Readable } from 'node:stream';
import { GatewayError } from '../core/gateway-error.ts';
import type { UpstreamDeadline } from './upstream-deadline.ts';
import { classifyTransportError } from './upstream-network-error.ts';

/**
 * Reads a whole upstream body as text (a non-streamed answer or an error body). Each chunk resets
 * the idle deadline; a connection that breaks mid-body, or a body over `limitBytes`, is an error
 * in the gateway taxonomy.
 */
export function readUpstreamText(
  body: Readable,
  deadline: UpstreamDeadline,
  provider: string,
  limitBytes: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      deadline.chunkReceived();
      size += chunk.length;
      if (size > limitBytes) {
        body.destroy();
        reject(
          new GatewayError(
            'upstream_malformed',
            `Provider "${provider}" sent a body over ${limitBytes} bytes.`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => {
      resolve(
        chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
    });
    body.once('error', (error) => {
      reject(classifyTransportError(deadline.signal.reason ?? error, provider));
    });
  });
}

/** Drains and discards a body we will not read, so its connection returns to the pool. */
export function discardUpstreamBody(body: Readable): void {
  body.on('error', () => {});
  body.resume();
}
