/**
 * Thresholds of the passive circuit breaker, one set per target (a provider instance + upstream
 * model). Passive because the gateway never sends synthetic traffic: health is learnt from real
 * attempts, and an unhealthy target is re-tried with a single real request (the half-open probe).
 * The defaults follow what Envoy's outlier detection and most client-side breakers settle on:
 * trip fast on a streak, trip on a sustained error rate only once there is enough traffic to judge.
 */
export interface BreakerSettings {
  /** Consecutive failures that open the breaker. */
  consecutiveFailures: number;
  /** Error rate (0–1) over the window that opens it, once `minRequests` were seen in the window. */
  errorRate: number;
  /** Attempts the window must hold before `errorRate` is judged, so one early failure does not trip it. */
  minRequests: number;
  /** Length of the sliding window, kept as 10 time buckets of `windowMs / 10`. */
  windowMs: number;
  /** Open → half-open after this long. */
  cooldownMs: number;
  /** The cool-down doubles each time a half-open probe fails, up to this. */
  maxCooldownMs: number;
  /** Slow start after recovery: the target's share of new traffic grows linearly from 10% to 100%. */
  rampMs: number;
  /**
   * A target whose gateway-owned credential was refused (401/403) is out of rotation this long,
   * then probed like half-open. Long, because a revoked key does not heal by itself.
   */
  credentialCooldownMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: Readonly<BreakerSettings> = Object.freeze({
  consecutiveFailures: 5,
  errorRate: 0.5,
  minRequests: 10,
  windowMs: 30_000,
  cooldownMs: 5_000,
  maxCooldownMs: 60_000,
  rampMs: 10_000,
  credentialCooldownMs: 300_000,
});
