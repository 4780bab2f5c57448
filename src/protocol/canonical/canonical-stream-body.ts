import type { Writable } from 'node:stream';
import {
  type CanonicalFinishReason,
  type CanonicalStreamPart,
  usageFromCanonical,
} from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
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
}

export interface CanonicalStreamHooks {
  classify(error: unknown): GatewayError;
  onEnd(end: CanonicalStreamEnd): void;
}

/**
 * The client-facing body of a translated stream: reads canonical parts from the adapter and writes
 * each one, encoded, straight to the socket (srvx calls `pipe` after the head), waiting for
 * `drain` when the client is slow. An `error` part or a failing read ends the stream with the
 * protocol's error event and never with its clean terminator; a client that leaves cancels the
 * read, which aborts the upstream request.
 */
export class CanonicalStreamBody implements PipeableBody {
  readonly #reader: ReadableStreamDefaultReader<CanonicalStreamPart>;
  readonly #encoder: CanonicalStreamEncoder;
  readonly #hooks: CanonicalStreamHooks;
  #destination: Writable | undefined;
  #usage: Usage | undefined;
  #finishReason: CanonicalFinishReason | undefined;
  #firstByteAt: number | undefined;
  #ended = false;

  constructor(
    stream: ReadableStream<CanonicalStreamPart>,
    encoder: CanonicalStreamEncoder,
    hooks: CanonicalStreamHooks,
  ) {
    this.#reader = stream.getReader();
    this.#encoder = encoder;
    this.#hooks = hooks;
  }

  pipe<Destination extends Writable>(destination: Destination): Destination {
    this.#destination = destination;
    destination.once('close', this.#onClose);
    void this.#pump(destination);
    return destination;
  }

  destroy(): void {
    this.#onClose();
  }

  async #pump(destination: Writable): Promise<void> {
    try {
      for (;;) {
        const { done, value } = await this.#reader.read();
        if (this.#ended) return;
        if (done) break;
        if (value.type === 'error') {
          this.#fail(this.#hooks.classify(value.error));
          return;
        }
        if (value.type === 'finish') {
          this.#usage = usageFromCanonical(value.usage);
          this.#finishReason = value.finishReason;
        }
        const text = this.#encoder.part(value);
        if (text !== '' && !this.#write(destination, text)) await this.#drained(destination);
      }
      if (this.#ended) return;
      if (this.#finishReason === undefined) {
        this.#fail(this.#hooks.classify(new Error('the upstream stream ended without finishing')));
        return;
      }
      this.#ended = true;
      destination.end(this.#encoder.end());
      this.#hooks.onEnd({
        usage: this.#usage,
        finishReason: this.#finishReason,
        error: undefined,
        clientClosed: false,
        firstByteAt: this.#firstByteAt,
      });
    } catch (error) {
      if (!this.#ended) this.#fail(this.#hooks.classify(error));
    }
  }

  #write(destination: Writable, text: string): boolean {
    this.#firstByteAt ??= performance.now();
    return destination.write(text);
  }

  #drained(destination: Writable): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        destination.off('drain', done);
        destination.off('close', done);
        resolve();
      };
      destination.once('drain', done);
      destination.once('close', done);
    });
  }

  readonly #onClose = (): void => {
    if (this.#ended) return;
    this.#ended = true;
    this.#reader.cancel().catch(() => {});
    this.#hooks.onEnd({
      usage: this.#usage,
      finishReason: this.#finishReason,
      error: undefined,
      clientClosed: true,
      firstByteAt: this.#firstByteAt,
    });
  };

  #fail(error: GatewayError): void {
    this.#ended = true;
    this.#reader.cancel().catch(() => {});
    const destination = this.#destination;
    if (destination !== undefined && !destination.destroyed) destination.end(this.#encoder.error(error));
    this.#hooks.onEnd({
      usage: this.#usage,
      finishReason: this.#finishReason,
      error,
      clientClosed: false,
      firstByteAt: this.#firstByteAt,
    });
  }
}
