import { z } from 'zod';
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from '../routing/health/breaker-settings.ts';
import type { ConfigIssue } from './config-error.ts';
import type { ProviderTimeouts } from './config-types.ts';

/**
 * Routing settings — how one model's calls are spread over its targets, retried and failed over —
 * as written in the file (top-level `routing:` defaults, then per model `models.<slug>.routing:`)
 * and as resolved. Kept apart from the rest of the schema because the routing layer is their only
 * reader.
 */

const durationMs = z.number().int().nonnegative();

const breakerSchema = z.strictObject({
  consecutive_failures: z.number().int().positive().optional(),
  error_rate: z.number().gt(0).max(1).optional(),
  min_requests: z.number().int().positive().optional(),
  window_ms: z.number().int().positive().optional(),
  cooldown_ms: durationMs.optional(),
  max_cooldown_ms: durationMs.optional(),
  ramp_ms: durationMs.optional(),
  credential_cooldown_ms: durationMs.optional(),
});

export const BALANCE_POLICIES = ['ordered', 'weighted', 'least-latency', 'least-busy', 'cost'] as const;
export const AFFINITY_MODES = ['none', 'session', 'user', 'prefix'] as const;

export const routingSchema = z.strictObject({
  /** How the first target is chosen among a model's targets (the rest follow as failover). */
  balance: z.enum(BALANCE_POLICIES).optional(),
  /** Extra tries of the same target after a retryable failure. */
  retries: z.number().int().min(0).max(10).optional(),
  /** `availability`: fail over first, retry only the last target; `same-target`: retry, then fail over. */
  prefer: z.enum(['availability', 'same-target']).optional(),
  backoff_ms: durationMs.optional(),
  max_backoff_ms: durationMs.optional(),
  /** A `Retry-After` longer than this is not waited for: the target is given up instead. */
  max_retry_after_ms: durationMs.optional(),
  max_attempts: z.number().int().min(1).max(50).optional(),
  /** Per-attempt deadlines for this route, over the providers' own. */
  timeouts: z
    .strictObject({
      first_byte_ms: durationMs.optional(),
      idle_ms: durationMs.optional(),
      total_ms: durationMs.optional(),
    })
    .optional(),
  /** What keeps a conversation on one deployment: a session id, the end user, or the prompt prefix. */
  affinity: z.enum(AFFINITY_MODES).optional(),
  /** Try the next target after a content-policy refusal (off: a refusal is the answer). */
  failover_on_content_policy: z.boolean().optional(),
  breaker: breakerSchema.optional(),
});

export const modelRoutingSchema = routingSchema.extend({
  /** Models tried, in order, when every target of this one failed. */
  fallbacks: z.array(z.string().min(1)).optional(),
});

export type ConfigFileRouting = z.infer<typeof routingSchema>;
export type ConfigFileModelRouting = z.infer<typeof modelRoutingSchema>;

export type BalancePolicyName = (typeof BALANCE_POLICIES)[number];
export type AffinityMode = (typeof AFFINITY_MODES)[number];

export type BreakerConfig = BreakerSettings;

/** One model's routing, every field resolved. */
export interface RoutingPolicy {
  balance: BalancePolicyName;
  retries: number;
  prefer: 'availability' | 'same-target';
  backoffMs: number;
  maxBackoffMs: number;
  maxRetryAfterMs: number;
  maxAttempts: number;
  timeouts: Partial<Pick<ProviderTimeouts, 'firstByteMs' | 'idleMs' | 'totalMs'>>;
  affinity: AffinityMode;
  failoverOnContentPolicy: boolean;
  breaker: BreakerConfig;
  fallbacks: string[];
}

export const DEFAULT_ROUTING: Readonly<RoutingPolicy> = Object.freeze({
  balance: 'ordered',
  retries: 1,
  prefer: 'availability',
  backoffMs: 200,
  maxBackoffMs: 4_000,
  maxRetryAfterMs: 10_000,
  maxAttempts: 8,
  timeouts: {},
  affinity: 'none',
  failoverOnContentPolicy: false,
  breaker: DEFAULT_BREAKER_SETTINGS,
  fallbacks: [],
});

/** `raw` over `base`, field by field (a model's routing over the file's defaults over ours). */
export function resolveRouting(
  raw: ConfigFileModelRouting | ConfigFileRouting | undefined,
  base: Readonly<RoutingPolicy> = DEFAULT_ROUTING,
): RoutingPolicy {
  if (raw === undefined) return base as RoutingPolicy;
  const breaker = raw.breaker;
  const timeouts = raw.timeouts;
  return {
    balance: raw.balance ?? base.balance,
    retries: raw.retries ?? base.retries,
    prefer: raw.prefer ?? base.prefer,
    backoffMs: raw.backoff_ms ?? base.backoffMs,
    maxBackoffMs: raw.max_backoff_ms ?? base.maxBackoffMs,
    maxRetryAfterMs: raw.max_retry_after_ms ?? base.maxRetryAfterMs,
    maxAttempts: raw.max_attempts ?? base.maxAttempts,
    timeouts:
      timeouts === undefined
        ? base.timeouts
        : {
            ...base.timeouts,
            ...(timeouts.first_byte_ms === undefined ? {} : { firstByteMs: timeouts.first_byte_ms }),
            ...(timeouts.idle_ms === undefined ? {} : { idleMs: timeouts.idle_ms }),
            ...(timeouts.total_ms === undefined ? {} : { totalMs: timeouts.total_ms }),
          },
    affinity: raw.affinity ?? base.affinity,
    failoverOnContentPolicy: raw.failover_on_content_policy ?? base.failoverOnContentPolicy,
    breaker:
      breaker === undefined
        ? base.breaker
        : {
            consecutiveFailures: breaker.consecutive_failures ?? base.breaker.consecutiveFailures,
            errorRate: breaker.error_rate ?? base.breaker.errorRate,
            minRequests: breaker.min_requests ?? base.breaker.minRequests,
            windowMs: breaker.window_ms ?? base.breaker.windowMs,
            cooldownMs: breaker.cooldown_ms ?? base.breaker.cooldownMs,
            maxCooldownMs: breaker.max_cooldown_ms ?? base.breaker.maxCooldownMs,
            rampMs: breaker.ramp_ms ?? base.breaker.rampMs,
            credentialCooldownMs: breaker.credential_cooldown_ms ?? base.breaker.credentialCooldownMs,
          },
    fallbacks: 'fallbacks' in raw && raw.fallbacks !== undefined ? raw.fallbacks : base.fallbacks,
  };
}

/** Fallback models must exist; a typo would otherwise only show when the primary fails. */
export function checkFallbacks(
  slug: string,
  routing: RoutingPolicy,
  known: ReadonlySet<string>,
  issues: ConfigIssue[],
): void {
  routing.fallbacks.forEach((fallback, index) => {
    if (fallback === slug) {
      issues.push({
        path: `models.${slug}.routing.fallbacks[${index}]`,
        message: 'a model cannot fall back to itself',
      });
    } else if (!known.has(fallback)) {
      issues.push({
        path: `models.${slug}.routing.fallbacks[${index}]`,
        message: `unknown model "${fallback}"`,
      });
    }
  });
}
