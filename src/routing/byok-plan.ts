import type { Provider } from '../providers/provider-types.ts';
import { hash32 } from './balance/affinity-hash.ts';
import { TargetHealth } from './health/target-health.ts';
import type { ModelTarget } from './model-catalog.ts';
import { namesProvider, type PlannedAttempt } from './route-plan.ts';

/** Builds the provider instance `name` with one request credential (see `ByokProviders`). */
export type ByokProviderSource<Credential> = (name: string, credential: Credential) => Provider | undefined;

/**
 * The plan with the request's own credentials (`byok`, keyed by provider instance name or type)
 * tried first, in the order given, before the gateway's credential for the same provider — as
 * Vercel's gateway does: the gateway's key stays as the fallback. `firstByteMs` (per provider)
 * replaces the first-byte deadline of those attempts. Each request credential gets a health of its
 * own that nothing else shares, so a bad key never trips the gateway's breaker.
 */
export function withByokTargets<Credential>(
  plan: readonly PlannedAttempt[],
  byok: Readonly<Record<string, readonly Credential[]>>,
  providerFor: ByokProviderSource<Credential>,
  firstByteMs: Readonly<Record<string, number>> | undefined,
): PlannedAttempt[] {
  const names = Object.keys(byok);
  const result: PlannedAttempt[] = [];
  const seen = new Set<string>();
  for (const planned of plan) {
    const { route, target } = planned;
    const name = names.find((candidate) => namesProvider(target, candidate));
    const pair = `${route.slug}\u0000${target.provider.name}`;
    if (name !== undefined && !seen.has(pair)) {
      seen.add(pair);
      const timeout = firstByteMs?.[name];
      for (const credential of byok[name] ?? []) {
        const provider = providerFor(target.provider.name, credential);
        if (provider === undefined) continue;
        result.push({ route, target: byokTarget(target, provider, timeout), byok: true });
      }
    }
    result.push(planned);
  }
  return result;
}

function byokTarget(target: ModelTarget, provider: Provider, firstByteMs: number | undefined): ModelTarget {
  const key = `${provider.name}(byok):${target.upstreamModel}`;
  return {
    ...target,
    provider,
    label: `${provider.name}(byok)`,
    key,
    keyHash: hash32(key),
    timeouts: firstByteMs === undefined ? target.timeouts : { ...target.timeouts, firstByteMs },
    health: new TargetHealth(key),
  };
}
