import type { Writable } from 'node:stream';
import { GatewayError } from '../../core/gateway-error.ts';
import type { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../../upstream/upstream-network-error.ts';
import type { UpstreamBodySink, UpstreamExchange } from '../../upstream/upstream-transport.ts';

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
 * The client-facing body of a relayed stream. It is not a stream object: the server adapter
 * (srvx) writes the response head and calls `pipe(response)`, and from then on every upstream
 * chunk goes through the relay straight into the socket's `write` — no intermediate `Readable`,
 * never delayed or batched. A slow client pauses the upstream read (backpressure); a client that
 * leaves aborts the upstream request; an upstream that breaks, stalls or sends garbage ends the
 * stream with the protocol's error event, never with a clean terminator.
 */
export class SseRelayBody implements UpstreamBodySink {
  readonly #exchange: UpstreamExchange;
  readonly #relay: SseRelay;
  readonly #deadline: UpstreamDeadline;
  readonly #hooks: SseRelayHooks;
  #destination: Writable | undefined;
  #firstByteAt: number | undefined;
  #paused = false;
  #ended = false;

  constructor(exchange: UpstreamExchange, relay: SseRelay, deadline: UpstreamDeadline, hooks: SseRelayHooks) {
    this.#exchange = exchange;
    this.#relay = relay;
    this.#deadline = deadline;
    this.#hooks = hooks;
  }

  /** Called by the server adapter once the response head is written. */
  pipe<Destination extends Writable>(destination: Destination): Destination {
    this.#destination = destination;
    destination.on('drain', this.#onDrain);
    destination.once('close', this.#onClose);
    this.#exchange.consume(this);
    return destination;
  }

  /** Called by the server adapter when the client is gone before the body started. */
  destroy(): void {
    this.#onClose();
  }

  onData(chunk: Buffer): void {
    if (this.#ended) return;
    this.#deadline.chunkReceived();
    const out = this.#relay.transform(chunk);
    if (out !== undefined) this.#send(out);
    if (this.#relay.outcome === 'malformed') {
      const provider = this.#hooks.provider;
      this.#fail(
        new GatewayError('upstream_malformed', `Provider "${provider}" sent a malformed stream event.`, {
          provider,
        }),
      );
    }
  }

  onEnd(): void {
    if (this.#ended) return;
    const outcome = this.#relay.outcome;
    if (outcome !== 'done' && outcome !== 'upstream-error') {
      const provider = this.#hooks.provider;
      this.#fail(
        new GatewayError(
          'upstream_unreachable',
          `Provider "${provider}" ended the stream before completing it.`,
          {
            provider,
          },
        ),
      );
      return;
    }
    this.#ended = true;
    this.#deadline.finish();
    this.#destination?.end();
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
  }

  onError(error: Error): void {
    if (this.#ended) return;
    if (this.#deadline.clientGone) {
      this.#onClose();
      return;
    }
    this.#fail(classifyTransportError(this.#deadline.reason ?? error, this.#hooks.provider));
  }

  #send(bytes: Buffer): void {
    this.#firstByteAt ??= performance.now();
    if (this.#destination?.write(bytes) === false && !this.#paused) {
      this.#paused = true;
      this.#exchange.pause();
    }
  }

  readonly #onDrain = (): void => {
    if (!this.#paused) return;
    this.#paused = false;
    this.#exchange.resume();
  };

  readonly #onClose = (): void => {
    if (this.#ended) return;
    // The client went away before the upstream finished.
    this.#ended = true;
    this.#deadline.abort(
      new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' }),
    );
    this.#hooks.onEnd({ error: undefined, clientClosed: true, firstByteAt: this.#firstByteAt });
  };

  #fail(error: GatewayError): void {
    this.#ended = true;
    this.#deadline.abort(error);
    const destination = this.#destination;
    if (destination !== undefined && !destination.destroyed) {
      destination.write(this.#hooks.errorEvent(error));
      destination.end();
    }
    this.#hooks.onEnd({ error, clientClosed: false, firstByteAt: this.#firstByteAt });
  }
}
