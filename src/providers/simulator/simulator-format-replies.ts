import { STATUS_CODES } from 'node:http';
import { type SimulatorBehaviour, simulatorStreamErrorStatus } from './simulator-behaviour.ts';
import { simulatorPromptTokens } from './simulator-completion.ts';
import type { SimulatorPrompt } from './simulator-prompt.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import {
  planSimulatorStream,
  type SimulatorStreamScript,
  simulatorGenerationMs,
} from './simulator-stream-timeline.ts';

/** One API's renderings of the errors the simulator stages, each in that API's own error shape. */
export interface SimulatorErrorReplies {
  /** The error of a status fault (`fail: 429`, a non-stream `error-503`, …). */
  status(status: number, retryAfterSeconds: number): SimulatorReplyPlan;
  /** The API's 400 for a prompt of `promptTokens` over a `contextWindow`. */
  contextLength(promptTokens: number, contextWindow: number): SimulatorReplyPlan;
  /** The API's 400 for content its safety system blocked (`fail: content-policy`). */
  contentPolicy(): SimulatorReplyPlan;
}

const HANG: SimulatorReplyPlan = Object.freeze({ kind: 'hang' });

/** The message of every simulated error, so logs tell a staged failure from a real one. */
export function simulatedFailureMessage(status: number): string {
  const reason = STATUS_CODES[status] ?? (status === 529 ? 'Overloaded' : 'Error');
  return `Simulated failure: the Tollgate simulator was asked to answer HTTP ${status} (${reason}).`;
}

/**
 * The reply a fault stages instead of an answer (a status, `content-policy`, `hang`, a reset
 * before the headers), or `undefined` when the answer goes ahead (no fault, or one that strikes mid-body). Call it
 * only when `behaviour.fault` is set: the happy path skips it.
 */
export function planSimulatorFault(
  behaviour: SimulatorBehaviour,
  stream: boolean,
  errors: SimulatorErrorReplies,
): SimulatorReplyPlan | undefined {
  const fault = behaviour.fault;
  if (typeof fault === 'number') return errors.status(fault, behaviour.retryAfterSeconds);
  if (fault === 'content-policy') return errors.contentPolicy();
  if (fault === 'hang') return HANG;
  if (fault === 'reset' && !stream) return { kind: 'reset', delayMs: behaviour.ttftMs };
  const status = stream ? undefined : simulatorStreamErrorStatus(fault);
  return status === undefined ? undefined : errors.status(status, behaviour.retryAfterSeconds);
}

/**
 * What a model call answers instead of generating: a staged fault (see `planSimulatorFault`),
 * else the API's context-length 400 when the prompt is counted longer than `contextWindow`; or
 * `undefined` when the answer goes ahead. The fault comes first, as rate limits, outages and
 * resets strike before a model reads the prompt. Both checks are skipped when nothing is set.
 */
export function planSimulatorRefusal(
  behaviour: SimulatorBehaviour,
  stream: boolean,
  prompt: Pick<SimulatorPrompt, 'promptCharacters'>,
  errors: SimulatorErrorReplies,
): SimulatorReplyPlan | undefined {
  if (behaviour.fault !== undefined) {
    const staged = planSimulatorFault(behaviour, stream, errors);
    if (staged !== undefined) return staged;
  }
  const contextWindow = behaviour.contextWindow;
  if (contextWindow === undefined) return undefined;
  const promptTokens = simulatorPromptTokens(prompt, behaviour);
  return promptTokens > contextWindow ? errors.contextLength(promptTokens, contextWindow) : undefined;
}

/**
 * A non-stream reply: sent once fully "generated" (after the time its last token would stream).
 * The `cut` fault announces the full `content-length` but sends half the body and closes.
 * `body` is already the garbage for a `malformed` fault: only the format knows what that is.
 */
export function planSimulatorJsonReply(
  body: Buffer,
  contentType: string,
  extraHeaders: Readonly<Record<string, string>>,
  behaviour: SimulatorBehaviour,
  tokenCount: number,
): SimulatorReplyPlan {
  const delayMs = simulatorGenerationMs(behaviour, tokenCount);
  const headers = { 'content-type': contentType, 'content-length': String(body.length), ...extraHeaders };
  if (behaviour.fault !== 'cut') {
    return {
      kind: 'respond',
      status: 200,
      headers,
      delayMs,
      steps: [{ type: 'write', delayMs: 0, bytes: body }],
    };
  }
  const half = body.subarray(0, body.length >> 1);
  const steps = [
    { type: 'write', delayMs: 0, bytes: half },
    { type: 'drop', delayMs: 0 },
  ] as const;
  return { kind: 'respond', status: 200, headers, delayMs, steps };
}

/** A streamed reply: headers at once, then the script on the behaviour's clock. */
export function planSimulatorStreamReply(
  script: SimulatorStreamScript,
  headers: Readonly<Record<string, string>>,
  behaviour: SimulatorBehaviour,
): SimulatorReplyPlan {
  return { kind: 'respond', status: 200, headers, delayMs: 0, steps: planSimulatorStream(script, behaviour) };
}
