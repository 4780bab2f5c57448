import type { Writable } from 'node:stream';
import {
  type CanonicalFinishReason,
  type CanonicalStreamPart,
  usageFromCanonical,
} from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import type { CanonicalPartSink, CanonicalPartSource } from '../../providers/direct-model.ts';
import type { PipeableBody } from '../http-response.ts';

/** Turns canonical stream parts into one client protocol's bytes. */
export interface CanonicalStreamEncoder {
  /** What to send for one part ('' = nothing). */
  part(part: CanonicalStreamPart): string;
  /** What the protocol sends after the last part of a complete answer (e.g. `data: [DONE]`). */
  end(): string;
  /** The protocol's error event, for a stream that breaks after it started. */
  error(error: GatewayError): string;
}

/** How a translated stream ended. */
export interface CanonicalStreamEnd {
  usage: Usage | undefined;
  finishReason: CanonicalFinishReason | undefined;
  error: GatewayError | undefined;
  clientClosed: boolean;
  firstByteAt: number | undefined;
  /** Text, reasoning and tool-input deltas sent (a cut stream's output is estimated from them). */
  deltas: number;
}

export interface CanonicalStreamHooks {
  classify(error: unknown): GatewayError;
  onEnd(end: CanonicalStreamEnd): void;
}

/**
 * The client-facing body of a translated stream: canonical parts are pushed in by their source
 * (the gateway's own decoder, or an AI SDK stream through `readableSource`), each one encoded and
 * written straight to the socket (srvx calls `pipe` after the head). When the socket's buffer is
 * full the source is paused until `drain`. An `error` part or a failing source ends the stream
 * with the protocol's error event and never with its clean terminator; a client that leaves
 * aborts the source, which aborts the upstream request.
 */
export class CanonicalStreamBody implements PipeableBody, CanonicalPartSink {
  readonly #source: CanonicalPartSource;
  readonly #encoder: CanonicalStreamEncoder;
  readonly #hooks: CanonicalStreamHooks;
  #destination: Writable | undefined;
  #usage: Usage | undefined;
  #finishReason: CanonicalFinishReason | undefined;
  #firstByteAt: number | undefined;
  #deltas = 0;
  #paused = false;
  #ended = false;

  constructor(source: CanonicalPartSource, encoder: CanonicalStreamEncoder, hooks: CanonicalStreamHooks) {
    this.#source = source;
    this.#encoder = encoder;
    this.#hooks = hooks;
  }

  pipe<Destination extends Writable>(destination: Destination): Destination {
    this.#destination = destination;
    destination.once('close', this.#onClose);
    destination.on('drain', this.#onDrain);
    this.#source.consume(this);
    return destination;
  }

  destroy(): void {
    this.#onClose();
  }

  onPart(part: CanonicalStreamPart): void {
    const destination = this.#destination;
    if (this.#ended || destination === undefined) return;
    if (part.type === 'error') {
      this.#fail(this.#hooks.classify(part.error));
      return;
    }
    if (part.type === 'finish') {
      this.#usage = usageFromCanonical(part.usage);
      this.#finishReason = part.finishReason;
    } else if (
      part.type === 'text-delta' ||
      part.type === 'reasoning-delta' ||
      part.type === 'tool-input-delta'
    ) {
      this.#deltas++;
    }
    const text = this.#encoder.part(part);
    if (text === '') return;
    this.#firstByteAt ??= performance.now();
    if (!destination.write(text) && !this.#paused) {
      this.#paused = true;
      this.#source.pause();
    }
  }

  onEnd(): void {
    const destination = this.#destination;
    if (this.#ended || destination === undefined) return;
    if (this.#finishReason === undefined) {
      this.#fail(this.#hooks.classify(new Error('the upstream stream ended without finishing')));
      return;
    }
    this.#ended = true;
    destination.off('drain', this.#onDrain);
    destination.end(this.#encoder.end());
    this.#hooks.onEnd({
      usage: this.#usage,
      finishReason: this.#finishReason,
      error: undefined,
      clientClosed: false,
      firstByteAt: this.#firstByteAt,
      deltas: this.#deltas,
    });
  }

  onError(error: unknown): void {
    if (!this.#ended) this.#fail(this.#hooks.classify(error));
  }

  readonly #onDrain = (): void => {
    if (!this.#paused) return;
    this.#paused = false;
    this.#source.resume();
  };

  readonly #onClose = (): void => {
    if (this.#ended) return;
    this.#ended = true;
    this.#destination?.off('drain', this.#onDrain);
    this.#source.abort(new Error('The client closed the connection.'));
    this.#hooks.onEnd({
      usage: this.#usage,
      finishReason: this.#finishReason,
      error: undefined,
      clientClosed: true,
      firstByteAt: this.#firstByteAt,
      deltas: this.#deltas,
    });
  };

  #fail(error: GatewayError): void {
    this.#ended = true;
    this.#source.abort(error);
    const destination = this.#destination;
    destination?.off('drain', this.#onDrain);
    if (destination !== undefined && !destination.destroyed) destination.end(this.#encoder.error(error));
    this.#hooks.onEnd({
      usage: this.#usage,
      finishReason: this.#finishReason,
      error,
      clientClosed: false,
      firstByteAt: this.#firstByteAt,
      deltas: this.#deltas,
    });
  }
}

/**
 * An AI SDK part stream as a push source (`first`, already read, goes out first): a read loop that
 * waits while paused. Reading a
 * `ReadableStream` is pull-based, so pausing just stops pulling; aborting cancels the stream,
 * which aborts the adapter's upstream request.
 */
export function readableSource(
  reader: ReadableStreamDefaultReader<CanonicalStreamPart>,
  first?: CanonicalStreamPart,
): CanonicalPartSource {
  let stopped = false;
  let paused = false;
  let waiting: (() => void) | undefined;
  const wake = (): void => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.();
  };
  return {
    consume(sink) {
      void (async () => {
        try {
          if (first !== undefined) sink.onPart(first);
          if (paused) await new Promise<void>((resolve) => (waiting = resolve));
          for (;;) {
            const { done, value } = await reader.read();
            if (stopped) return;
            if (done) break;
            sink.onPart(value);
            if (paused) await new Promise<void>((resolve) => (waiting = resolve));
            if (stopped) return;
          }
          sink.onEnd();
        } catch (error) {
          if (!stopped) sink.onError(error);
        }
      })();
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      wake();
    },
    abort() {
      if (stopped) return;
      stopped = true;
      wake();
      reader.cancel().catch(() => {});
    },
  };
}
