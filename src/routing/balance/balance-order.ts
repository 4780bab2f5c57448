/**
 * The order in which a route's targets are tried, computed per request. It is a full order, not
 * just a first pick, because failover walks it: the first entry spreads load, the rest decide
 * where a failed attempt goes next. Lists hold 1–10 candidates, so insertion sorts over a
 * pre-sized index array beat anything cleverer and allocate once. Randomness is injected so
 * tests are reproducible.
 */
import type { TargetHealth } from '../health/target-health.ts';

export type BalancePolicy = 'ordered' | 'weighted' | 'least-latency' | 'least-busy' | 'cost';

export interface BalanceCandidate {
  /** Relative share under `weighted`; 0 (or less) = only as a last resort. */
  readonly weight: number;
  readonly health: TargetHealth;
  /** Blended price per million tokens (input+output)/2, undefined = unknown (sorted last by cost). */
  readonly cost: number | undefined;
}

/** Share of least-latency first picks made uniformly at random, so stale latencies get refreshed. */
const EXPLORATION = 0.05;

/**
 * The order in which to try the candidates under the policy (indices into candidates, each exactly
 * once). `random` behaves like `Math.random`: uniform in [0, 1).
 */
export function balanceOrder(
  policy: BalancePolicy,
  candidates: readonly BalanceCandidate[],
  random: () => number,
): number[] {
  const order = identity(candidates.length);
  if (order.length < 2) return order;
  switch (policy) {
    case 'ordered':
      return order;
    case 'weighted':
      return weightedOrder(order, candidates, random);
    case 'least-latency':
      return leastLatencyOrder(order, candidates, random);
    case 'least-busy':
      shuffle(order, random);
      return sortByKey(order, candidates, inFlightKey);
    case 'cost':
      shuffle(order, random);
      return sortByKey(order, candidates, costKey);
  }
}

/** Weighted random without replacement; zero weights follow in their configured order. */
function weightedOrder(order: number[], candidates: readonly BalanceCandidate[], random: () => number) {
  let total = 0;
  let positive = 0;
  // Move positive weights to the front (stable), zero weights keep their relative order behind them.
  for (let i = 0; i < order.length; i++) {
    const weight = weightOf(candidates[i]!);
    if (weight > 0) {
      total += weight;
      order.copyWithin(positive + 1, positive, i);
      order[positive++] = i;
    }
  }
  for (let position = 0; position < positive - 1; position++) {
    let target = random() * total;
    let chosen = positive - 1; // floating-point leftovers land on the last one
    for (let j = position; j < positive; j++) {
      target -= weightOf(candidates[order[j]!]!);
      if (target < 0) {
        chosen = j;
        break;
      }
    }
    const index = order[chosen]!;
    total -= weightOf(candidates[index]!);
    order[chosen] = order[position]!;
    order[position] = index;
  }
  return order;
}

/**
 * Power of two choices on the latency EWMA for the first pick (a target without samples counts as
 * fastest so it gets explored), then everyone else fastest first. Two random choices instead of
 * the global minimum keep one fast target from taking the whole herd at once.
 */
function leastLatencyOrder(order: number[], candidates: readonly BalanceCandidate[], random: () => number) {
  const count = order.length;
  let first: number;
  if (random() < EXPLORATION) {
    first = Math.floor(random() * count);
  } else {
    const a = Math.floor(random() * count);
    let b = Math.floor(random() * (count - 1));
    if (b >= a) b++;
    first = latencyKey(candidates[b]!) < latencyKey(candidates[a]!) ? b : a;
  }
  sortByKey(order, candidates, latencyKey);
  const at = order.indexOf(first);
  order.copyWithin(1, 0, at);
  order[0] = first;
  return order;
}

function weightOf(candidate: BalanceCandidate): number {
  const weight = candidate.weight;
  return weight > 0 && Number.isFinite(weight) ? weight : 0;
}

function latencyKey(candidate: BalanceCandidate): number {
  return candidate.health.latencyEwmaMs ?? 0;
}

function inFlightKey(candidate: BalanceCandidate): number {
  return candidate.health.inFlight;
}

function costKey(candidate: BalanceCandidate): number {
  const cost = candidate.cost;
  return cost === undefined || Number.isNaN(cost) ? Number.POSITIVE_INFINITY : cost;
}

function identity(length: number): number[] {
  const order = new Array<number>(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}

/** Fisher–Yates, so the stable sort that follows breaks ties at random. */
function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
}

/** Stable insertion sort of indices by an ascending key (keys read per comparison: n ≤ 10). */
function sortByKey(
  order: number[],
  candidates: readonly BalanceCandidate[],
  key: (candidate: BalanceCandidate) => number,
): number[] {
  for (let i = 1; i < order.length; i++) {
    const index = order[i]!;
    const value = key(candidates[index]!);
    let j = i - 1;
    while (j >= 0 && key(candidates[order[j]!]!) > value) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = index;
  }
  return order;
}
