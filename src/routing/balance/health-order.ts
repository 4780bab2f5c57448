/**
 * Health is applied after the balance policy rather than inside it, so every policy gets the same
 * breaker semantics and a policy never has to know about ramps or probes. Unhealthy targets are
 * demoted, never dropped: when everything is failing, trying a tripped target beats answering 503
 * without trying at all.
 */
import type { TargetHealth } from '../health/target-health.ts';

/**
 * Re-orders a balance order by health: targets whose share() is 1 keep their place; a target with
 * share s in (0,1) keeps its place with probability s, else is moved behind all targets with
 * share 1; targets with share 0 go last (kept as a last resort, in their relative order).
 * `healths` is indexed like the candidates (by the values of `order`). Returns a new array.
 */
export function applyHealth(
  order: readonly number[],
  healths: readonly TargetHealth[],
  random: () => number,
): number[] {
  const result: number[] = [];
  // Allocated only when some target is demoted, which is the rare case.
  let deferred: number[] | undefined;
  let lastResort: number[] | undefined;
  for (let i = 0; i < order.length; i++) {
    const index = order[i]!;
    const share = healths[index]!.share();
    if (share >= 1 || (share > 0 && random() < share)) {
      result.push(index);
    } else if (share > 0) {
      deferred ??= [];
      deferred.push(index);
    } else {
      lastResort ??= [];
      lastResort.push(index);
    }
  }
  if (deferred !== undefined) for (let i = 0; i < deferred.length; i++) result.push(deferred[i]!);
  if (lastResort !== undefined) for (let i = 0; i < lastResort.length; i++) result.push(lastResort[i]!);
  return result;
}
