import type { ProviderTimeouts } from '../config/config-types.ts';
import { GatewayError } from '../core/gateway-error.ts';
import type { UpstreamExchange } from './upstream-transport.ts';

/** How often deadlines are checked; a deadline fires at most this late. */
const TICK_MS = 50;

/**
 * One shared ticker checks every open attempt, instead of arming and clearing timers per call and
 * per chunk (three timers per call cost more than everything else the deadline does). It stops on
 * the first tick that finds nothing to watch.
 */
class DeadlineTicker {
  readonly #active = new Set<UpstreamDeadline>();
  #timer: NodeJS.Timeout | undefined;

  add(deadline: UpstreamDeadline): void {
    this.#active.add(deadline);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#tick(), TICK_MS);
      this.#timer.unref();
    }
  }

  delete(deadline: UpstreamDeadline): void {
    this.#active.delete(deadline);
  }

  #tick(): void {
    if (this.#active.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    for (const deadline of this.#active) deadline.check(now);
  }
}

const ticker = new DeadlineTicker();

/**
 * Watches one upstream exchange and aborts it when the client goes away or when a deadline
 * passes — first byte (status and headers), idle gap between body chunks, or the total. The abort
 * reason is a `GatewayError`, which reaches whoever waits on the exchange.
 */
export class UpstreamDeadline {
  readonly #exchange: UpstreamExchange;
  #reason: GatewayError | undefined;
  readonly #timeouts: ProviderTimeouts;
  readonly #provider: string;
  readonly #clientSignal: AbortSignal | undefined;
  readonly #startedAt = performance.now();
  #lastChunkAt = 0;
  #headersReceived = false;
  #finished = false;
  #clientGone = false;
  readonly #onClientAbort = (): void => {
    this.#clientGone = true;
    this.#abort(
      new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' }),
    );
  };

  constructor(
    exchange: UpstreamExchange,
    timeouts: ProviderTimeouts,
    provider: string,
    clientSignal?: AbortSignal,
  ) {
    this.#exchange = exchange;
    this.#timeouts = timeouts;
    this.#provider = provider;
    this.#clientSignal = clientSignal;
    if (clientSignal !== undefined) {
      if (clientSignal.aborted) this.#onClientAbort();
      else clientSignal.addEventListener('abort', this.#onClientAbort, { once: true });
    }
    if (timeouts.firstByteMs > 0 || timeouts.idleMs > 0 || timeouts.totalMs > 0) ticker.add(this);
  }

  /** True once the client went away (as opposed to a deadline or a gateway decision). */
  get clientGone(): boolean {
    return this.#clientGone;
  }

  /** Why the exchange was aborted, if it was. */
  get reason(): GatewayError | undefined {
    return this.#reason;
  }

  /** Status and headers arrived: the first-byte deadline is met, the idle one starts. */
  headersReceived(): void {
    this.#headersReceived = true;
    this.#lastChunkAt = performance.now();
  }

  /** A body chunk arrived: the idle deadline starts over. */
  chunkReceived(): void {
    this.#lastChunkAt = performance.now();
  }

  /** Called by the ticker. */
  check(now: number): void {
    const { firstByteMs, idleMs, totalMs } = this.#timeouts;
    if (!this.#headersReceived) {
      if (firstByteMs > 0 && now - this.#startedAt > firstByteMs) this.#expire('first byte', firstByteMs);
    } else if (idleMs > 0 && now - this.#lastChunkAt > idleMs) {
      this.#expire('idle', idleMs);
    }
    if (totalMs > 0 && now - this.#startedAt > totalMs) this.#expire('total', totalMs);
  }

  /** Aborts the attempt on the gateway's own initiative (e.g. a malformed stream). */
  abort(reason: GatewayError): void {
    this.#abort(reason);
  }

  /** The attempt is over: stops watching it. Safe to call twice. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    ticker.delete(this);
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
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    this.finish();
    this.#exchange.abort(reason);
  }
}
