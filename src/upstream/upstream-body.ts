import { GatewayError } from '../core/gateway-error.ts';
import type { UpstreamDeadline } from './upstream-deadline.ts';
import { classifyTransportError } from './upstream-network-error.ts';
import type { UpstreamBodySink, UpstreamExchange } from './upstream-transport.ts';

/** Collects a whole body; one object per read, no closures. */
class TextCollector implements UpstreamBodySink {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  readonly #exchange: UpstreamExchange;
  readonly #deadline: UpstreamDeadline;
  readonly #provider: string;
  readonly #limitBytes: number;
  readonly #resolve: (text: string) => void;
  readonly #reject: (error: GatewayError) => void;
  #done = false;

  constructor(
    exchange: UpstreamExchange,
    deadline: UpstreamDeadline,
    provider: string,
    limitBytes: number,
    resolve: (text: string) => void,
    reject: (error: GatewayError) => void,
  ) {
    this.#exchange = exchange;
    this.#deadline = deadline;
    this.#provider = provider;
    this.#limitBytes = limitBytes;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onData(chunk: Buffer): void {
    if (this.#done) return;
    this.#deadline.chunkReceived();
    this.#size += chunk.length;
    if (this.#size > this.#limitBytes) {
      this.#done = true;
      const error = new GatewayError(
        'upstream_malformed',
        `Provider "${this.#provider}" sent a body over ${this.#limitBytes} bytes.`,
        { provider: this.#provider },
      );
      this.#exchange.abort(error);
      this.#reject(error);
      return;
    }
    this.#chunks.push(chunk);
  }

  onEnd(): void {
    if (this.#done) return;
    this.#done = true;
    const chunks = this.#chunks;
    this.#resolve(
      chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
    );
  }

  onError(error: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#reject(classifyTransportError(this.#deadline.reason ?? error, this.#provider));
  }
}

/**
 * Reads a whole upstream body as text (a non-streamed answer or an error body). Each chunk resets
 * the idle deadline; a connection that breaks mid-body, or a body over `limitBytes`, is an error
 * in the gateway taxonomy.
 */
export function readUpstreamText(
  exchange: UpstreamExchange,
  deadline: UpstreamDeadline,
  provider: string,
  limitBytes: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    exchange.consume(new TextCollector(exchange, deadline, provider, limitBytes, resolve, reject));
  });
}

/** Reads and discards a body we will not use, so its connection returns to the pool. */
export function discardUpstreamBody(exchange: UpstreamExchange): void {
  exchange.consume({ onData() {}, onEnd() {}, onError() {} });
}
