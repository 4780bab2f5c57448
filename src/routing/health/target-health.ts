/**
 * Passive health of one target, read on every routing decision: it has to be a handful of number
 * fields, no timers and no per-request arrays. State changes that only depend on time (cool-down
 * over, ramp done) happen lazily when the state is read, so an idle target costs nothing.
 *
 * Outcomes are not matched to the attempt that began them (`begin()` hands out no token): in
 * half-open state whatever outcome arrives next is taken as the probe's verdict. An attempt that
 * began before the breaker opened and ends after the cool-down is as good a witness as the probe.
 */
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from './breaker-settings.ts';

/** `recovering` = closed with a slow-start ramp; `disabled` = the gateway's credential is out of rotation. */
export type BreakerState = 'closed' | 'open' | 'half-open' | 'recovering' | 'disabled';

/** What a successful attempt tells about the target's speed. */
export interface SuccessSample {
  /** Attempt start → first byte of the answer (non-stream: the whole answer). */
  latencyMs: number;
  /** Attempt start → first token, streams only. */
  ttftMs?: number;
  /** Output tokens generated after the first token (streams), for tokens/s. */
  outputTokens?: number;
  /** Time those tokens took; tokens/s is skipped when either is missing or this is <= 0. */
  generationMs?: number;
}

/** A target's health for the admin API and metrics (plain data, safe to serialize). */
export interface TargetHealthSnapshot {
  key: string;
  state: BreakerState;
  inFlight: number;
  latencyEwmaMs: number | null;
  ttftEwmaMs: number | null;
  tokensPerSecondEwma: number | null;
  /** Failures / attempts over the sliding window (0 when the window is empty). */
  errorRate: number;
  requestsInWindow: number;
  consecutiveFailures: number;
  /** `share()` at the time of the snapshot. */
  share: number;
  /** Milliseconds from now until the target is probed again (open or disabled), else null. */
  openUntil: number | null;
  lastError: string | null;
}

const EWMA_ALPHA = 0.3;
const BUCKETS = 10;
const RAMP_FLOOR = 0.1;
const defaultClock = (): number => performance.now();

export class TargetHealth {
  readonly key: string;
  readonly settings: Readonly<BreakerSettings>;
  readonly #clock: () => number;
  readonly #bucketMs: number;
  // The window: bucket i holds the attempts of time slice #bucketIds[i]; a stale slice is reset on write.
  readonly #bucketIds = new Float64Array(BUCKETS).fill(Number.NEGATIVE_INFINITY);
  readonly #bucketCounts = new Uint32Array(BUCKETS);
  readonly #bucketFailures = new Uint32Array(BUCKETS);
  #state: BreakerState = 'closed';
  #inFlight = 0;
  #consecutiveFailures = 0;
  #probeInFlight = false;
  /** Until when open/disabled lasts, or when the recovery ramp started. */
  #until = 0;
  #rampStart = 0;
  /** Current cool-down: grows on failed probes, back to `cooldownMs` once fully closed. */
  #cooldownMs: number;
  // NaN = no sample yet, so the fields stay numbers (one hidden class, no boxing).
  #latency = Number.NaN;
  #ttft = Number.NaN;
  #tokensPerSecond = Number.NaN;
  #lastError: string | null = null;
  #windowRequests = 0;
  #windowFailures = 0;

  constructor(key: string, settings: BreakerSettings = DEFAULT_BREAKER_SETTINGS, clock = defaultClock) {
    this.key = key;
    this.settings = settings;
    this.#clock = clock;
    this.#bucketMs = Math.max(1, settings.windowMs / BUCKETS);
    this.#cooldownMs = settings.cooldownMs;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get latencyEwmaMs(): number | undefined {
    return Number.isNaN(this.#latency) ? undefined : this.#latency;
  }

  get ttftEwmaMs(): number | undefined {
    return Number.isNaN(this.#ttft) ? undefined : this.#ttft;
  }

  get tokensPerSecondEwma(): number | undefined {
    return Number.isNaN(this.#tokensPerSecond) ? undefined : this.#tokensPerSecond;
  }

  /** The breaker state now; time-driven transitions (cool-down over, ramp done) happen here. */
  state(): BreakerState {
    return this.#refresh(this.#clock());
  }

  /** Share of new traffic this target should get as first choice right now, in [0, 1]. */
  share(): number {
    const now = this.#clock();
    switch (this.#refresh(now)) {
      case 'closed':
        return 1;
      case 'recovering':
        return RAMP_FLOOR + ((1 - RAMP_FLOOR) * (now - this.#rampStart)) / this.settings.rampMs;
      case 'half-open':
        return this.#probeInFlight ? 0 : 1;
      default:
        return 0;
    }
  }

  /** An attempt starts. In half-open state the first one is the probe. */
  begin(): void {
    this.#inFlight++;
    if (this.#refresh(this.#clock()) === 'half-open') this.#probeInFlight = true;
  }

  /** The attempt ended well: speeds learnt, streak reset; a half-open target starts its ramp. */
  succeed(sample: SuccessSample): void {
    const now = this.#clock();
    this.#end();
    this.#record(now, false);
    this.#consecutiveFailures = 0;
    this.#latency = ewma(this.#latency, sample.latencyMs);
    if (sample.ttftMs !== undefined) this.#ttft = ewma(this.#ttft, sample.ttftMs);
    const { outputTokens, generationMs } = sample;
    // Zero tokens is an empty answer, not a throughput measurement.
    if (outputTokens !== undefined && generationMs !== undefined && generationMs > 0 && outputTokens > 0)
      this.#tokensPerSecond = ewma(this.#tokensPerSecond, (outputTokens * 1000) / generationMs);
    if (this.#refresh(now) === 'half-open') {
      this.#probeInFlight = false;
      this.#state = 'recovering';
      this.#rampStart = now;
      // The failures that opened the breaker must not re-open it at the first hiccup of the ramp.
      this.#bucketIds.fill(Number.NEGATIVE_INFINITY);
      this.#refresh(now);
    }
  }

  /** The attempt failed in a way that counts against the target (5xx, timeout, network, 429). */
  fail(errorCode: string): void {
    const now = this.#clock();
    this.#end();
    this.#record(now, true);
    this.#consecutiveFailures++;
    this.#lastError = errorCode;
    const state = this.#refresh(now);
    if (state === 'half-open') {
      this.#cooldownMs = Math.min(this.#cooldownMs * 2, this.settings.maxCooldownMs);
      this.#open(now, this.#cooldownMs);
    } else if ((state === 'closed' || state === 'recovering') && this.#tripped(now)) {
      this.#open(now, this.#cooldownMs);
    }
  }

  /** The attempt ended without a verdict on the target (client gone, invalid request); frees a probe slot. */
  release(): void {
    this.#end();
    this.#probeInFlight = false;
  }

  /** The gateway-owned credential was refused: out of rotation for `credentialCooldownMs`. */
  disableCredential(errorCode: string): void {
    this.#end();
    this.#lastError = errorCode;
    this.#probeInFlight = false;
    this.#state = 'disabled';
    this.#until = this.#clock() + this.settings.credentialCooldownMs;
  }

  snapshot(): TargetHealthSnapshot {
    const now = this.#clock();
    const state = this.#refresh(now);
    this.#sumWindow(now);
    const requests = this.#windowRequests;
    return {
      key: this.key,
      state,
      inFlight: this.#inFlight,
      latencyEwmaMs: this.latencyEwmaMs ?? null,
      ttftEwmaMs: this.ttftEwmaMs ?? null,
      tokensPerSecondEwma: this.tokensPerSecondEwma ?? null,
      errorRate: requests === 0 ? 0 : this.#windowFailures / requests,
      requestsInWindow: requests,
      consecutiveFailures: this.#consecutiveFailures,
      share: this.share(),
      openUntil: state === 'open' || state === 'disabled' ? this.#until - now : null,
      lastError: this.#lastError,
    };
  }

  #refresh(now: number): BreakerState {
    const state = this.#state;
    if ((state === 'open' || state === 'disabled') && now >= this.#until) {
      this.#state = 'half-open';
      this.#probeInFlight = false;
    } else if (state === 'recovering' && now - this.#rampStart >= this.settings.rampMs) {
      this.#state = 'closed';
      this.#cooldownMs = this.settings.cooldownMs;
    }
    return this.#state;
  }

  #open(now: number, cooldownMs: number): void {
    this.#state = 'open';
    this.#probeInFlight = false;
    this.#until = now + cooldownMs;
  }

  #end(): void {
    if (this.#inFlight > 0) this.#inFlight--;
  }

  #record(now: number, failed: boolean): void {
    const id = Math.floor(now / this.#bucketMs);
    const slot = ((id % BUCKETS) + BUCKETS) % BUCKETS;
    if (this.#bucketIds[slot] !== id) {
      this.#bucketIds[slot] = id;
      this.#bucketCounts[slot] = 0;
      this.#bucketFailures[slot] = 0;
    }
    this.#bucketCounts[slot]!++;
    if (failed) this.#bucketFailures[slot]!++;
  }

  #tripped(now: number): boolean {
    const { settings } = this;
    if (this.#consecutiveFailures >= settings.consecutiveFailures) return true;
    this.#sumWindow(now);
    const requests = this.#windowRequests;
    return requests >= settings.minRequests && this.#windowFailures >= settings.errorRate * requests;
  }

  /** Totals of the buckets still inside the window, into two fields (no tuple allocated). */
  #sumWindow(now: number): void {
    const oldest = Math.floor(now / this.#bucketMs) - BUCKETS;
    let requests = 0;
    let failures = 0;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.#bucketIds[i]! <= oldest) continue;
      requests += this.#bucketCounts[i]!;
      failures += this.#bucketFailures[i]!;
    }
    this.#windowRequests = requests;
    this.#windowFailures = failures;
  }
}

function ewma(previous: number, sample: number): number {
  return Number.isNaN(previous) ? sample : previous + EWMA_ALPHA * (sample - previous);
}
