import { STATUS_CODES } from 'node:http';
import { type SimulatorBehaviour, simulatorStreamErrorStatus } from './simulator-behaviour.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import {
  planSimulatorStream,
  type SimulatorStreamScript,
  simulatorGenerationMs,
} from './simulator-stream-timeline.ts';

/** Renders a format's error body for a status: what a status fault answers. */
export type SimulatorErrorReply = (status: number, retryAfterSeconds: number) => SimulatorReplyPlan;

const HANG: SimulatorReplyPlan = Object.freeze({ kind: 'hang' });

/** The message of every simulated error, so logs tell a staged failure from a real one. */
export function simulatedFailureMessage(status: number): string {
  const reason = STATUS_CODES[status] ?? (status === 529 ? 'Overloaded' : 'Error');
  return `Simulated failure: the Tollgate simulator was asked to answer HTTP ${status} (${reason}).`;
}

/**
 * The reply a fault stages instead of an answer (a status, `hang`, a reset before the headers),
 * or `undefined` when the answer goes ahead (no fault, or one that strikes mid-body). Call it
 * only when `behaviour.fault` is set: the happy path skips it.
 */
export function planSimulatorFault(
  behaviour: SimulatorBehaviour,
  stream: boolean,
  errorReply: SimulatorErrorReply,
): SimulatorReplyPlan | undefined {
  const fault = behaviour.fault;
  if (typeof fault === 'number') return errorReply(fault, behaviour.retryAfterSeconds);
  if (fault === 'hang') return HANG;
  if (fault === 'reset' && !stream) return { kind: 'reset', delayMs: behaviour.ttftMs };
  const status = stream ? undefined : simulatorStreamErrorStatus(fault);
  return status === undefined ? undefined : errorReply(status, behaviour.retryAfterSeconds);
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
