import type { CallContext } from '../core/call-context.ts';
import type { GatewayError } from '../core/gateway-error.ts';
import { costNanoUsd } from '../core/pricing.ts';
import { estimatedStreamUsage, type Usage } from '../core/usage.ts';
import type { AttemptTracker } from '../routing/failover-executor.ts';
import type { ModelTarget } from '../routing/model-catalog.ts';

/** How a stream to the client ended, whichever body (relay or encoder) carried it. */
export interface StreamCallEnd {
  error: GatewayError | undefined;
  clientClosed: boolean;
  firstByteAt: number | undefined;
  /** The upstream finished the stream (its final event came). */
  completed: boolean;
  /** Usage the upstream reported, if it did. */
  usage: Usage | undefined;
  /** Content deltas sent, to bill a cut stream by. */
  deltas: number;
  /** Request body size, to estimate a cut stream's prompt tokens by. */
  requestBytes: number;
}

/**
 * Completes the record of a streamed call (passthrough or translated): usage (estimated from what
 * was sent when the stream was cut before the upstream reported it), cost, timings, the error,
 * and the target's health through the attempt tracker.
 */
export function finishStreamCall(
  ctx: CallContext,
  target: ModelTarget,
  startMark: number,
  end: StreamCallEnd,
  tracker: AttemptTracker | undefined,
): void {
  const record = ctx.record;
  const truncated = (end.error !== undefined || end.clientClosed) && !end.completed;
  let usage = end.usage;
  if (truncated && end.deltas > 0) {
    usage = estimatedStreamUsage(usage, end.requestBytes, end.deltas);
    record.usageEstimated = true;
  }
  record.usage = usage;
  record.costNanoUsd = usage === undefined ? undefined : costNanoUsd(usage, target.price);
  record.latencyMs = ctx.elapsedMs();
  record.ttftMs = end.firstByteAt === undefined ? undefined : Math.round(end.firstByteAt - startMark);
  record.truncated = truncated;
  tracker?.streamEnded({
    error: end.error,
    clientClosed: end.clientClosed,
    firstByteAt: end.firstByteAt,
    outputTokens: usage?.outputTokens,
  });
  if (end.error !== undefined) {
    record.errorCode = end.error.code;
    record.errorMessage = end.error.message;
  } else if (end.clientClosed) {
    record.errorCode = 'client_closed';
  }
  ctx.finish();
}
