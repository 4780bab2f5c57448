import type { ProviderTimeouts } from '../config/config-types.ts';
import { GatewayError } from '../core/gateway-error.ts';

/**
 * The abort signal of one upstream attempt: fires when the client goes away or when a deadline
 * passes — first byte (status and headers), idle gap between body chunks, or the total. Timers are
 * armed once and `refresh()`ed per chunk, so a long stream costs no timer allocations.
 */
export class UpstreamDeadline {
  readonly #controller = new AbortController();
  readonly #timeouts: ProviderTimeouts;
  readonly #provider: string;
  readonly #clientSignal: AbortSignal | undefined;
  #firstByteTimer: NodeJS.Timeout | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  #totalTimer: NodeJS.Timeout | undefined;
  readonly #onClientAbort = (): void => {
    this.#abort(
      new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' }),
    );
  };

  constructor(timeouts: ProviderTimeouts, provider: string, clientSignal?: AbortSignal) {
    this.#timeouts = timeouts;
    this.#provider = provider;
    this.#clientSignal = clientSignal;
    if (clientSignal !== undefined) {
      if (clientSignal.aborted) this.#onClientAbort();
      else clientSignal.addEventListener('abort', this.#onClientAbort, { once: true });
    }
    if (timeouts.firstByteMs > 0) {
      this.#firstByteTimer = setTimeout(
        () => this.#expire('first byte', timeouts.firstByteMs),
        timeouts.firstByteMs,
      );
    }
    if (timeouts.totalMs > 0) {
      this.#totalTimer = setTimeout(() => this.#expire('total', timeouts.totalMs), timeouts.totalMs);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the client went away (as opposed to a deadline). */
  get clientAborted(): boolean {
    return this.#clientSignal?.aborted === true;
  }

  /** Status and headers arrived: the first-byte deadline is met, the idle one starts. */
  headersReceived(): void {
    if (this.#firstByteTimer !== undefined) clearTimeout(this.#firstByteTimer);
    this.#firstByteTimer = undefined;
    const idleMs = this.#timeouts.idleMs;
    if (idleMs > 0) this.#idleTimer = setTimeout(() => this.#expire('idle', idleMs), idleMs);
  }

  /** A body chunk arrived: the idle deadline starts over. */
  chunkReceived(): void {
    this.#idleTimer?.refresh();
  }

  /** Aborts the attempt on the gateway's own initiative (e.g. a malformed stream). */
  abort(reason: GatewayError): void {
    this.#abort(reason);
  }

  /** The attempt is over: clears every timer and listener. Safe to call twice. */
  finish(): void {
    if (this.#firstByteTimer !== undefined) clearTimeout(this.#firstByteTimer);
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    if (this.#totalTimer !== undefined) clearTimeout(this.#totalTimer);
    this.#firstByteTimer = this.#idleTimer = this.#totalTimer = undefined;
    this.#clientSignal?.removeEventListener('abort', this.#onClientAbort);
  }

  #expire(which: string, ms: number): void {
    this.#abort(
      new GatewayError(
        'upstream_timeout',
        `Provider "${this.#provider}" did not answer in time (${which} timeout of ${ms} ms).`,
        { provider: this.#provider },
      ),
    );
  }

  #abort(reason: GatewayError): void {
    if (this.#controller.signal.aborted) return;
    this.finish();
    this.#controller.abort(reason);
  }
}
