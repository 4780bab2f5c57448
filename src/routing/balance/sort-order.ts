import type { BalanceCandidate } from './balance-order.ts';

/**
 * A per-request ranking of a model's targets (Vercel's `providerOptions.gateway.sort`): cheapest
 * first, fastest time to first token first, or highest tokens per second first — from the
 * configured prices and each target's measured EWMAs.
 */
export type TargetSort = 'cost' | 'ttft' | 'tps';

const KEYS: Readonly<Record<TargetSort, (candidate: BalanceCandidate) => number | undefined>> = {
  cost: (candidate) => candidate.cost,
  ttft: (candidate) => candidate.health.ttftEwmaMs,
  // Negated, so that an ascending sort puts the highest throughput first.
  tps: (candidate) => {
    const tps = candidate.health.tokensPerSecondEwma;
    return tps === undefined ? undefined : -tps;
  },
};

/**
 * Indices of `candidates` ranked by `sort`, ascending; a target with no value yet (no price, not
 * measured) goes after the ranked ones, and ties keep the configured order (the sort is stable).
 */
export function sortOrder(sort: TargetSort, candidates: readonly BalanceCandidate[]): number[] {
  const key = KEYS[sort];
  const values = candidates.map((candidate) => {
    const value = key(candidate);
    return value === undefined || Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  });
  return candidates.map((_, index) => index).sort((a, b) => (values[a] as number) - (values[b] as number));
}
