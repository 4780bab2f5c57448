import { Readable } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.ts';
import type { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../../upstream/upstream-network-error.ts';

/** A protocol-specific event relay (see `openai-chat-passthrough-stream.ts`). */
export interface SseRelay {
  transform(chunk: Buffer): Buffer | undefined;
  readonly outcome: 'done' | 'upstream-error' | 'malformed' | 'open';
}

/** How a relayed stream ended. */
export interface RelayEnd {
  /** Set when the stream did not complete: the client got an error event (unless it left). */
  error: GatewayError | undefined;
  clientClosed: boolean;
  /** `performance.now()` when the first bytes went to the client. */
  firstByteAt: number | undefined;
}

export interface SseRelayHooks {
  provider: string;
  /** The protocol's error event, sent when the stream breaks after it started. */
  errorEvent(error: GatewayError): string;
  onEnd(end: RelayEnd): void;
}

/**
 * The client-facing body of a relayed stream: upstream chunks go through the relay and are pushed
 * as they arrive (never delayed or batched), with backpressure — a slow client pauses the upstream
 * read. If the upstream breaks, times out, or sends something malformed, the stream ends with the
 * protocol's error event and never with a clean terminator. If the client goes away, the upstream
 * request is aborted.
 */
export class SseRelayStream extends Readable {
  readonly #upstream: Readable;
  readonly #relay: SseRelay;
  readonly #deadline: UpstreamDeadline;
  readonly #hooks: SseRelayHooks;
  #firstByteAt: number | undefined;
  #ended = false;

  constructor(upstream: Readable, relay: SseRelay, deadline: UpstreamDeadline, hooks: SseRelayHooks) {
    super({ highWaterMark: 64 * 1024 });
    this.#upstream = upstream;
    this.#relay = relay;
    this.#deadline = deadline;
    this.#hooks = hooks;
    upstream.on('data', (chunk: Buffer) => this.#onData(chunk));
    upstream.once('end', () => this.#onUpstreamEnd());
    upstream.once('error', (error) => this.#onUpstreamError(error));
  }

  override _read(): void {
    if (this.#upstream.isPaused()) this.#upstream.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#ended) {
      // The client went away (or the response pipe failed) before the upstream finished.
      this.#ended = true;
      this.#deadline.abort(
        new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' }),
      );
      this.#upstream.destroy();
      this.#hooks.onEnd({ error: undefined, clientClosed: true, firstByteAt: this.#firstByteAt });
    }
    callback(error);
  }

  #onData(chunk: Buffer): void {
    if (this.#ended) return;
    this.#deadline.chunkReceived();
    const out = this.#relay.transform(chunk);
    if (out !== undefined) this.#send(out);
    if (this.#relay.outcome === 'malformed') {
      this.#fail(
        new GatewayError(
          'upstream_malformed',
          `Provider "${this.#hooks.provider}" sent a malformed stream event.`,
          {
            provider: this.#hooks.provider,
          },
        ),
      );
    }
  }

  #send(bytes: Buffer): void {
    this.#firstByteAt ??= performance.now();
    if (!this.push(bytes)) this.#upstream.pause();
  }

  #onUpstreamEnd(): void {
    if (this.#ended) return;
    const outcome = this.#relay.outcome;
    if (outcome === 'done' || outcome === 'upstream-error') {
      this.#ended = true;
      this.#deadline.finish();
      this.push(null);
      this.#hooks.onEnd({
        error:
          outcome === 'upstream-error'
            ? new GatewayError(
                'upstream_error',
                `Provider "${this.#hooks.provider}" reported an error mid-stream.`,
              )
            : undefined,
        clientClosed: false,
        firstByteAt: this.#firstByteAt,
      });
      return;
    }
    this.#fail(
      new GatewayError(
        'upstream_unreachable',
        `Provider "${this.#hooks.provider}" ended the stream before completing it.`,
        {
          provider: this.#hooks.provider,
        },
      ),
    );
  }

  #onUpstreamError(error: unknown): void {
    if (this.#ended) return;
    this.#fail(classifyTransportError(this.#deadline.signal.reason ?? error, this.#hooks.provider));
  }

  #fail(error: GatewayError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#deadline.abort(error);
    this.#deadline.finish();
    this.#upstream.destroy();
    this.push(Buffer.from(this.#hooks.errorEvent(error)));
    this.push(null);
    this.#hooks.onEnd({ error, clientClosed: false, firstByteAt: this.#firstByteAt });
  }
}
