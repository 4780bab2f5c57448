import { GatewayError } from '../core/gateway-error.ts';
import { affinityPick, hash32 } from './balance/affinity-hash.ts';
import { balanceOrder } from './balance/balance-order.ts';
import { applyHealth } from './balance/health-order.ts';
import { sortOrder } from './balance/sort-order.ts';
import type { ModelRoute, ModelTarget } from './model-catalog.ts';
import type { RoutingRequest } from './routing-request.ts';

/** One planned try: a target of a model (the requested one or a fallback). */
export interface PlannedAttempt {
  readonly route: ModelRoute;
  readonly target: ModelTarget;
  /** The target uses a credential the request brought (`byok`): a refused key moves on, disables nothing. */
  readonly byok?: boolean;
}

/** A provider named in `order` / `only`: by instance name (`bedrock-eu`) or by type (`bedrock`). */
export function namesProvider(target: ModelTarget, name: string): boolean {
  return target.provider.name === name || target.provider.type === name;
}

/**
 * The ordered attempts for one request, computed once, without I/O: the requested model's targets
 * (restricted by `only`, ordered by the route's balancing policy, `order` preferences first, the
 * affinity target first while it is healthy, then unhealthy targets moved last — kept as a last
 * resort, never dropped), followed the same way by each fallback model's.
 */
export function planRoute(
  primary: ModelRoute,
  request: RoutingRequest,
  resolve: (slug: string) => ModelRoute | undefined,
  random: () => number = Math.random,
): PlannedAttempt[] {
  const plan: PlannedAttempt[] = [];
  appendRoute(plan, primary, request, random);
  const fallbacks = request.fallbacks ?? primary.routing.fallbacks;
  for (let i = 0; i < fallbacks.length; i++) {
    const slug = fallbacks[i] as string;
    if (slug === primary.slug || fallbacks.indexOf(slug) !== i) continue;
    const route = resolve(slug);
    if (route === undefined) {
      throw new GatewayError(
        'invalid_request',
        `Fallback model "${slug}" is not available on this gateway.`,
        {
          param: 'models',
        },
      );
    }
    appendRoute(plan, route, request, random);
  }
  if (plan.length === 0) {
    throw new GatewayError(
      'invalid_request',
      `No provider allowed by "only" (${request.only?.join(', ')}) serves "${primary.slug}"; it is served by ${primary.targets.map((target) => target.provider.name).join(', ')}.`,
      { param: 'providerOptions.gateway.only' },
    );
  }
  return plan;
}

function appendRoute(
  plan: PlannedAttempt[],
  route: ModelRoute,
  request: RoutingRequest,
  random: () => number,
): void {
  let targets: readonly ModelTarget[] = route.targets;
  const only = request.only;
  if (only !== undefined) {
    targets = targets.filter((target) => only.some((name) => namesProvider(target, name)));
  }
  if (targets.length === 0) return;
  if (targets.length === 1) {
    plan.push({ route, target: targets[0] as ModelTarget });
    return;
  }
  let order =
    request.sort === undefined
      ? balanceOrder(route.routing.balance, targets, random)
      : sortOrder(request.sort, targets);
  if (request.order !== undefined) order = preferProviders(order, targets, request.order);
  const mode = route.routing.affinity;
  if (mode !== 'none') {
    const key = request.affinityKey?.(mode);
    if (key !== undefined && key !== '') order = affinityFirst(order, targets, hash32(key));
  }
  const healths = targets.map((target) => target.health);
  order = applyHealth(order, healths, random);
  for (const index of order) plan.push({ route, target: targets[index] as ModelTarget });
}

/** Targets of the named providers first, in the named order; the others keep their order. */
function preferProviders(
  order: readonly number[],
  targets: readonly ModelTarget[],
  preferred: readonly string[],
): number[] {
  const first: number[] = [];
  for (const name of preferred) {
    for (const index of order) {
      if (namesProvider(targets[index] as ModelTarget, name) && !first.includes(index)) first.push(index);
    }
  }
  if (first.length === 0) return order as number[];
  return [...first, ...order.filter((index) => !first.includes(index))];
}

/** The key's target (rendezvous hashing over the targets still taking traffic) goes first. */
function affinityFirst(order: readonly number[], targets: readonly ModelTarget[], keyHash: number): number[] {
  const hashes = targets.map((target) => target.keyHash);
  const pick = affinityPick(keyHash, hashes, (index) => (targets[index] as ModelTarget).health.share() > 0);
  if (pick === -1 || order[0] === pick) return order as number[];
  return [pick, ...order.filter((index) => index !== pick)];
}
