import { Readable } from 'node:stream';
import type { SimulatorReplyPlan, SimulatorReplyStep } from './simulator-reply-plan.ts';
import type { SimulatorResponse } from './simulator-transport.ts';

/** What a broken connection looks like to the gateway: an `Error` with Node's `ECONNRESET` code. */
export function simulatorConnectionReset(): Error {
  return Object.assign(new Error('read ECONNRESET (simulated connection reset)'), {
    code: 'ECONNRESET',
    syscall: 'read',
  });
}

/**
 * A response body that plays its steps on the clock. Playback starts at the first `read()`, so no
 * error can be emitted before the consumer is there to receive it, yet the deadlines count from
 * the moment the headers were handed over, so time to first token is measured from the request.
 */
class SimulatorBody extends Readable {
  readonly #steps: readonly SimulatorReplyStep[];
  readonly #signal: AbortSignal;
  #next = 0;
  #due: number;
  #timer: NodeJS.Timeout | undefined;
  #started = false;

  constructor(steps: readonly SimulatorReplyStep[], signal: AbortSignal) {
    super();
    this.#steps = steps;
    this.#signal = signal;
    this.#due = performance.now() + (steps[0]?.delayMs ?? 0);
    signal.addEventListener('abort', this.#abort, { once: true });
  }

  override _read(): void {
    if (this.#started) return;
    this.#started = true;
    this.#run();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#signal.removeEventListener('abort', this.#abort);
    callback(error);
  }

  // Without an error listener the abort reason would crash the process; the consumer is gone then.
  #abort = (): void => {
    this.destroy(this.listenerCount('error') > 0 ? (this.#signal.reason as Error) : undefined);
  };

  #run = (): void => {
    this.#timer = undefined;
    while (!this.destroyed) {
      const step = this.#steps[this.#next];
      if (step === undefined) {
        this.push(null);
        return;
      }
      const wait = this.#due - performance.now();
      if (wait >= 1) {
        this.#timer = setTimeout(this.#run, wait);
        return;
      }
      if (step.type !== 'write') {
        this.destroy(simulatorConnectionReset());
        return;
      }
      this.push(step.bytes);
      this.#next++;
      this.#due += this.#steps[this.#next]?.delayMs ?? 0;
    }
  };
}

/** Resolves after `ms` or rejects with the signal's reason, leaving no timer or listener behind. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function never(signal: AbortSignal): Promise<never> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Plays a reply plan in process, as the `ReadableTransport` contract expects: resolves when the
 * headers would arrive, streams the body through a `Readable` of Buffers, rejects with an
 * `ECONNRESET` error for a reset before the headers, and with the signal's reason when aborted.
 */
export async function playSimulatorReplyInProcess(
  plan: SimulatorReplyPlan,
  signal: AbortSignal,
): Promise<SimulatorResponse> {
  if (plan.kind === 'hang') return never(signal);
  await wait(plan.delayMs, signal);
  if (plan.kind === 'reset') throw simulatorConnectionReset();
  return { status: plan.status, headers: { ...plan.headers }, body: new SimulatorBody(plan.steps, signal) };
}
