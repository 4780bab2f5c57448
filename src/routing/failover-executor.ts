import type { RoutingPolicy } from '../config/config-routing.ts';
import type { AttemptRecord, CallRecord } from '../core/call-record.ts';
import { GatewayError, toGatewayError } from '../core/gateway-error.ts';
import { countsAgainstTarget, type FailureAction, failureAction } from './failover-policy.ts';
import type { TargetHealth } from './health/target-health.ts';
import type { PlannedAttempt } from './route-plan.ts';

/** How a streamed answer ended, reported by the stream body once it is over. */
export interface StreamAttemptOutcome {
  error: GatewayError | undefined;
  clientClosed: boolean;
  /** `performance.now()` of the first byte sent to the client. */
  firstByteAt: number | undefined;
  outputTokens: number | undefined;
}

/** Handed to each attempt: a stream reports its end through it (the target's health learns from it). */
export interface AttemptTracker {
  streamEnded(outcome: StreamAttemptOutcome): void;
}

/**
 * Runs one attempt. It resolves with the client's response once the first byte of the answer is
 * known good — from then on the call is committed to this attempt — and throws a classified error
 * before that.
 */
export type AttemptRunner = (attempt: PlannedAttempt, tracker: AttemptTracker) => Promise<Response>;

export interface FailoverOptions {
  policy: RoutingPolicy;
  /** The client's disconnect signal: no new attempt or backoff once it fired. */
  signal: AbortSignal;
  random?: () => number;
}

class Tracker implements AttemptTracker {
  readonly #health: TargetHealth;
  readonly #startMark: number;
  /** When the attempt's answer was accepted (its response handed to the client). */
  headMark = 0;
  #ended = false;

  constructor(health: TargetHealth, startMark: number) {
    this.#health = health;
    this.#startMark = startMark;
  }

  streamEnded(outcome: StreamAttemptOutcome): void {
    if (this.#ended) return;
    this.#ended = true;
    const error = outcome.error;
    if (error !== undefined && error.clientCode !== 'client_closed') {
      // A mid-stream refusal or bad request says nothing about the target's health.
      if (countsAgainstTarget(failureAction(error, { failoverOnContentPolicy: false, byok: false }))) {
        this.#health.fail(error.code);
      } else {
        this.#health.release();
      }
      return;
    }
    if (outcome.clientClosed && outcome.firstByteAt === undefined) {
      this.#health.release();
      return;
    }
    const end = performance.now();
    const first = outcome.firstByteAt;
    this.#health.succeed({
      latencyMs: this.headMark - this.#startMark,
      ttftMs: first === undefined ? undefined : first - this.#startMark,
      outputTokens: outcome.outputTokens,
      generationMs: first === undefined ? undefined : end - first,
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function clientClosed(): GatewayError {
  return new GatewayError('internal', 'The client closed the connection.', { clientCode: 'client_closed' });
}

/**
 * The failover loop over a routing plan. Per attempt: the target's health is told it started and
 * how it ended; a failure is looked up in the decision table (`failover-policy.ts`) to retry the
 * same target (exponential backoff with full jitter, or the upstream's `Retry-After` when it is
 * not longer than `max_retry_after_ms`), move to the next target, skip to a model with a larger
 * context window, or return the error. With `prefer: availability` a retryable failure moves on
 * at once while another target remains and retries only the last one. Every attempt is recorded
 * (`record.attempts`); when all fail, the error lists them.
 */
export async function runWithFailover(
  record: CallRecord,
  plan: readonly PlannedAttempt[],
  run: AttemptRunner,
  options: FailoverOptions,
): Promise<Response> {
  const { policy, signal } = options;
  const random = options.random ?? Math.random;
  const failoverOnContentPolicy = policy.failoverOnContentPolicy;
  const attempts = record.attempts;
  const failures: GatewayError[] = [];
  let index = 0;
  let retries = 0;
  /** After a context-length failure: only models with a larger window than this may follow. */
  let contextFloor: number | undefined;

  while (index < plan.length) {
    if (signal.aborted) throw withAttempts(clientClosed(), attempts);
    if (attempts.length >= policy.maxAttempts) break;
    const planned = plan[index] as PlannedAttempt;
    if (contextFloor !== undefined && !((planned.route.contextWindow ?? 0) > contextFloor)) {
      index++;
      continue;
    }
    const { target, route } = planned;
    const health = target.health;
    const startedAt = Date.now();
    const startMark = performance.now();
    record.provider = target.provider.name;
    record.upstreamModel = target.upstreamModel;
    health.begin();
    const tracker = new Tracker(health, startMark);
    // Pushed before the attempt runs (status 0 = in progress), so the response headers built
    // inside it list the whole chain, this attempt included.
    const entry = attemptRecord(planned, startedAt);
    attempts.push(entry);
    let response: Response;
    try {
      response = await run(planned, tracker);
    } catch (thrown) {
      const error = toGatewayError(thrown);
      entry.status = error.upstreamStatus ?? error.status;
      entry.error = error.code;
      entry.durationMs = roundMs(performance.now() - startMark);
      failures.push(error);
      const action: FailureAction = failureAction(error, {
        failoverOnContentPolicy,
        byok: planned.byok === true,
      });
      if (action === 'disable-credential') health.disableCredential(error.code);
      else if (countsAgainstTarget(action)) health.fail(error.code);
      else health.release();

      if (action === 'return') throw withAttempts(error, attempts);
      if (action === 'larger-context') {
        contextFloor = route.contextWindow ?? 0;
        index++;
        retries = 0;
        continue;
      }
      if (action === 'retry' && retries < policy.retries) {
        const moveOn = policy.prefer === 'availability' && hasViableLater(plan, index, contextFloor);
        const delay = moveOn ? undefined : retryDelay(error, retries, policy, random);
        if (delay !== undefined) {
          retries++;
          await sleep(delay, signal);
          continue;
        }
      }
      index++;
      retries = 0;
      continue;
    }
    const headMark = performance.now();
    tracker.headMark = headMark;
    entry.status = 200;
    entry.durationMs = roundMs(headMark - startMark);
    if (!record.stream) health.succeed({ latencyMs: headMark - startMark });
    return response;
  }
  throw exhausted(failures, attempts);
}

function attemptRecord(planned: PlannedAttempt, startedAt: number): AttemptRecord {
  return {
    provider: planned.target.label,
    model: planned.route.slug,
    upstreamModel: planned.target.upstreamModel,
    status: 0,
    startedAt,
    durationMs: 0,
  };
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function hasViableLater(
  plan: readonly PlannedAttempt[],
  index: number,
  contextFloor: number | undefined,
): boolean {
  for (let i = index + 1; i < plan.length; i++) {
    const later = plan[i] as PlannedAttempt;
    if (contextFloor === undefined || (later.route.contextWindow ?? 0) > contextFloor) return true;
  }
  return false;
}

/** Milliseconds to wait before retrying, or `undefined` when the upstream asks for longer than we wait. */
function retryDelay(
  error: GatewayError,
  retries: number,
  policy: RoutingPolicy,
  random: () => number,
): number | undefined {
  if (error.retryAfterSeconds !== undefined) {
    const ms = error.retryAfterSeconds * 1000;
    return ms > policy.maxRetryAfterMs ? undefined : ms;
  }
  // Full jitter (uniform in [0, cap]): retries from many clients do not arrive in waves.
  return random() * Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** retries);
}

function withAttempts(error: GatewayError, attempts: readonly AttemptRecord[]): GatewayError {
  if (attempts.length > 0) error.attempts = attempts;
  return error;
}

/**
 * Every attempt failed: one failure is returned as it was; several become 429 when all were rate
 * limits (with the shortest `Retry-After`), their shared class when they all failed the same way,
 * else 502 — always with the attempts listed.
 */
function exhausted(failures: readonly GatewayError[], attempts: readonly AttemptRecord[]): GatewayError {
  const last = failures[failures.length - 1];
  if (last === undefined) {
    return new GatewayError('unavailable', 'No provider could be tried for this model.', { attempts });
  }
  // The prompt fits no model that is left: that is the answer, whatever failed before it.
  if (failures.length === 1 || last.code === 'context_length_exceeded') return withAttempts(last, attempts);
  const summary = attempts
    .map((attempt) =>
      `${attempt.provider}:${attempt.upstreamModel} ${attempt.status} ${attempt.error ?? ''}`.trim(),
    )
    .join('; ');
  const message = `All ${attempts.length} attempts failed (${summary}). Last error: ${last.message}`;
  if (failures.every((failure) => failure.code === 'rate_limited')) {
    let retryAfter: number | undefined;
    for (const failure of failures) {
      const seconds = failure.retryAfterSeconds;
      if (seconds !== undefined && (retryAfter === undefined || seconds < retryAfter)) retryAfter = seconds;
    }
    return new GatewayError('rate_limited', message, {
      retryAfterSeconds: retryAfter ?? 1,
      attempts,
      provider: last.provider,
    });
  }
  const code = failures.every((failure) => failure.code === last.code) ? last.code : 'upstream_error';
  return new GatewayError(code, message, {
    attempts,
    provider: last.provider,
    retryAfterSeconds: code === 'upstream_overloaded' ? last.retryAfterSeconds : undefined,
  });
}
