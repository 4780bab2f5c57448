import { type SimulatorBehaviour, simulatorStreamErrorStatus } from './simulator-behaviour.ts';
import type { SimulatorReplyStep } from './simulator-reply-plan.ts';

/** Bytes of a stream: text for server-sent events, buffers for binary framings (AWS event stream). */
export type SimulatorStreamPiece = string | Buffer;

/**
 * A streamed reply as a wire format renders it, before timing: what goes out with the first token,
 * one piece per token, and what follows the last token. Format-neutral, so every simulated wire
 * format shares the timing and mid-stream fault logic below.
 */
export interface SimulatorStreamScript {
  /** Sent together with the first token (OpenAI's role chunk, a tool call's header chunk). */
  opening: SimulatorStreamPiece;
  /** One event per token (with any structural events that precede it). */
  tokens: readonly SimulatorStreamPiece[];
  /** Sent right after the last token (finish reason, usage, terminator). */
  closing: SimulatorStreamPiece;
  /** A broken event for the `malformed` fault. */
  garbage: Buffer;
  /** The API's own in-stream error event, for an `error-<status>` fault. */
  failure?: SimulatorStreamPiece;
}

/** Collects timed writes, merging writes due at the same moment into one buffer. */
class StepList {
  readonly steps: SimulatorReplyStep[] = [];
  #parts: SimulatorStreamPiece[] = [];
  #delayMs = 0;

  write(delayMs: number, part: SimulatorStreamPiece): void {
    if (delayMs > 0) this.#flush();
    if (this.#parts.length === 0) this.#delayMs = delayMs;
    this.#parts.push(part);
  }

  end(type: 'reset' | 'drop', delayMs: number): void {
    this.#flush();
    this.steps.push({ type, delayMs });
  }

  #flush(): void {
    if (this.#parts.length === 0) return;
    const bytes = Buffer.concat(
      this.#parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
    );
    this.steps.push({ type: 'write', delayMs: this.#delayMs, bytes });
    this.#parts = [];
  }

  build(): SimulatorReplyStep[] {
    this.#flush();
    return this.steps;
  }
}

/** Milliseconds between token writes and how many tokens each write carries. */
function tokenCadence(tokensPerSecond: number): { intervalMs: number; tokensPerWrite: number } {
  if (tokensPerSecond <= 0) return { intervalMs: 0, tokensPerWrite: 1 };
  const intervalMs = 1000 / tokensPerSecond;
  // Timers cannot fire more often than about once a millisecond: group tokens instead.
  const tokensPerWrite = intervalMs < 1 ? Math.ceil(1 / intervalMs) : 1;
  return { intervalMs: intervalMs * tokensPerWrite, tokensPerWrite };
}

/** How long a non-stream reply takes to be "generated": the time its last token would stream. */
export function simulatorGenerationMs(behaviour: SimulatorBehaviour, tokenCount: number): number {
  const { intervalMs, tokensPerWrite } = tokenCadence(behaviour.tokensPerSecond);
  return behaviour.ttftMs + Math.floor(Math.max(0, tokenCount - 1) / tokensPerWrite) * intervalMs;
}

/**
 * Times a stream: the opening and first token at `ttftMs`, then one token every `1000 / tps` ms,
 * the closing with the last token. A `reset`, `cut`, `malformed` or `error-<status>` fault stops
 * after `faultAfterTokens` tokens: `reset` resets at the next token's time, `cut` just ends (no
 * closing), `malformed` sends the garbage and `error-<status>` the API's error event at the next
 * token's time, then the body ends.
 */
export function planSimulatorStream(
  script: SimulatorStreamScript,
  behaviour: SimulatorBehaviour,
): SimulatorReplyStep[] {
  const { intervalMs, tokensPerWrite } = tokenCadence(behaviour.tokensPerSecond);
  const fault = behaviour.fault;
  const midStreamFault =
    fault === 'reset' || fault === 'cut' || fault === 'malformed'
      ? fault
      : simulatorStreamErrorStatus(fault) === undefined
        ? undefined
        : 'error';
  const count =
    midStreamFault === undefined
      ? script.tokens.length
      : Math.min(behaviour.faultAfterTokens, script.tokens.length);
  const list = new StepList();
  for (let index = 0; index < count; index++) {
    const token = script.tokens[index]!;
    if (index === 0) {
      list.write(behaviour.ttftMs, script.opening);
      list.write(0, token);
    } else {
      list.write(index % tokensPerWrite === 0 ? intervalMs : 0, token);
    }
  }
  const nextDelayMs = count === 0 ? behaviour.ttftMs : intervalMs;
  if (midStreamFault === 'reset') list.end('reset', nextDelayMs);
  else if (midStreamFault === 'malformed') list.write(nextDelayMs, script.garbage);
  else if (midStreamFault === 'error') {
    if (count === 0) list.write(behaviour.ttftMs, script.opening);
    list.write(count === 0 ? 0 : intervalMs, script.failure ?? '');
  } else if (midStreamFault === undefined) {
    if (count === 0) list.write(behaviour.ttftMs, script.opening);
    list.write(0, script.closing);
  }
  return list.build();
}
