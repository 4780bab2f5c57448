import type { ServerResponse } from 'node:http';
import type { SimulatorReplyPlan, SimulatorReplyStep } from './simulator-reply-plan.ts';

/**
 * Plays a plan that needs timers or faults. Deadlines are absolute (`performance.now()` based), so
 * timer lateness does not add up over a long stream; when the client goes away the pending timer
 * is cleared and nothing runs after.
 */
class HttpReplyPlayer {
  readonly #plan: SimulatorReplyPlan & { kind: 'respond' | 'reset' };
  readonly #response: ServerResponse;
  #next = -1;
  #due: number;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  // A reset or drop must wait until the bytes before it reached the socket, or they are lost with it.
  #flushed = true;
  #waitingForFlush = false;

  constructor(plan: SimulatorReplyPlan & { kind: 'respond' | 'reset' }, response: ServerResponse) {
    this.#plan = plan;
    this.#response = response;
    this.#due = performance.now() + plan.delayMs;
    response.once('close', this.#stop);
    this.#run();
  }

  #stop = (): void => {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  };

  #run = (): void => {
    this.#timer = undefined;
    while (!this.#stopped) {
      const wait = this.#due - performance.now();
      if (wait >= 1) {
        this.#timer = setTimeout(this.#run, wait);
        return;
      }
      if (!this.#act()) return;
    }
  };

  #onFlushed = (): void => {
    this.#flushed = true;
    if (!this.#waitingForFlush) return;
    this.#waitingForFlush = false;
    this.#run();
  };

  /**
   * Performs the action due now (headers first, then each step) and sets the next deadline.
   * Returns false when it has to wait for the socket to flush first.
   */
  #act(): boolean {
    const plan = this.#plan;
    const response = this.#response;
    if (plan.kind === 'reset') {
      response.socket?.resetAndDestroy();
      this.#stop();
      return true;
    }
    const steps = plan.steps;
    if (this.#next === -1) {
      response.writeHead(plan.status, plan.headers);
      // A stream's headers go out now, not with its first (possibly late) token or a fault.
      const first = steps[0];
      if (first !== undefined && (first.type !== 'write' || first.delayMs > 0)) response.flushHeaders();
    } else {
      const step = steps[this.#next] as SimulatorReplyStep;
      if (step.type === 'write') {
        if ((steps[this.#next + 1]?.type ?? 'write') === 'write') {
          response.write(step.bytes);
        } else {
          this.#flushed = false;
          response.write(step.bytes, this.#onFlushed);
        }
      } else if (!this.#flushed) {
        this.#waitingForFlush = true;
        return false;
      } else {
        if (step.type === 'reset') response.socket?.resetAndDestroy();
        else response.socket?.destroy();
        this.#stop();
        return true;
      }
    }
    this.#next++;
    const following = steps[this.#next];
    if (following === undefined) {
      response.end();
      this.#stop();
      return true;
    }
    this.#due += following.delayMs;
    return true;
  }
}

function isImmediate(plan: SimulatorReplyPlan): plan is SimulatorReplyPlan & { kind: 'respond' } {
  if (plan.kind !== 'respond' || plan.delayMs !== 0 || plan.steps.length !== 1) return false;
  const step = plan.steps[0]!;
  return step.type === 'write' && step.delayMs === 0;
}

/**
 * Plays a reply plan onto a Node HTTP response. The common case (no latency, no fault: every
 * non-stream reply and every instant stream) is one `writeHead` and one `end`, with no timer and
 * no listener. `hang` does nothing at all: the socket stays open until the client leaves or the
 * server closes it.
 */
export function playSimulatorReplyOverHttp(plan: SimulatorReplyPlan, response: ServerResponse): void {
  if (isImmediate(plan)) {
    response.writeHead(plan.status, plan.headers);
    response.end((plan.steps[0] as SimulatorReplyStep & { type: 'write' }).bytes);
    return;
  }
  if (plan.kind === 'hang') return;
  new HttpReplyPlayer(plan, response);
}
