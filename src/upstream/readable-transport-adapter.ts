import type { Readable } from 'node:stream';
import type {
  UpstreamBodySink,
  UpstreamExchange,
  UpstreamHead,
  UpstreamHeaders,
  UpstreamRequest,
  UpstreamTransport,
} from './upstream-transport.ts';

/** A transport that answers with a Node `Readable` body and is cancelled by an `AbortSignal`. */
export interface ReadableTransport {
  send(request: UpstreamRequest & { signal: AbortSignal }): Promise<{
    status: number;
    headers: UpstreamHeaders;
    body: Readable;
  }>;
  close(): Promise<void>;
}

class ReadableExchange implements UpstreamExchange {
  readonly head: Promise<UpstreamHead>;
  readonly #controller = new AbortController();
  #body: Readable | undefined;

  constructor(transport: ReadableTransport, request: UpstreamRequest) {
    const response = transport.send({ ...request, signal: this.#controller.signal });
    this.head = response.then((answer) => {
      this.#body = answer.body;
      return { status: answer.status, headers: answer.headers };
    });
    this.head.catch(() => {});
  }

  consume(sink: UpstreamBodySink): void {
    const body = this.#body;
    if (body === undefined) return;
    body.on('data', (chunk: Buffer) => sink.onData(chunk));
    body.once('end', () => sink.onEnd());
    body.once('error', (error) => sink.onError(error));
    body.once('close', () => {
      if (!body.readableEnded && body.errored === null) sink.onError(this.#controller.signal.reason as Error);
    });
  }

  pause(): void {
    this.#body?.pause();
  }

  resume(): void {
    this.#body?.resume();
  }

  abort(reason: Error): void {
    this.#controller.abort(reason);
  }
}

/**
 * Adapts a `Readable`-based transport (the in-process simulator) to the push-based exchange the
 * gateway uses. The simulator is not on the measured hot path, so the adapter's extra stream
 * costs nothing that matters.
 */
export function adaptReadableTransport(transport: ReadableTransport): UpstreamTransport {
  return {
    start: (request) => new ReadableExchange(transport, request),
    close: () => transport.close(),
  };
}
