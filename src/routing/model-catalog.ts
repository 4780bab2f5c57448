import { DEFAULT_ROUTING, type RoutingPolicy } from '../config/config-routing.ts';
import type { ModelConfig, ModelType, ProviderTimeouts } from '../config/config-types.ts';
import type { ModelPrice } from '../core/pricing.ts';
import type { Provider } from '../providers/provider-types.ts';
import { hash32 } from './balance/affinity-hash.ts';
import type { BalanceCandidate } from './balance/balance-order.ts';
import { HealthRegistry } from './health/health-registry.ts';
import type { TargetHealth } from './health/target-health.ts';
import { closestMatches } from './model-suggestions.ts';

/** One way to serve a model: a provider instance and the id that provider knows it by. */
export interface ModelTarget extends BalanceCandidate {
  provider: Provider;
  /** The provider's name, with `#<n>` for its n-th credential (never the key itself). */
  readonly label: string;
  upstreamModel: string;
  /** `undefined` = no price known: the call's cost is reported as unknown, never 0. */
  price: ModelPrice | undefined;
  /** `<provider>:<upstream model>`: what health is tracked by (shared by every model served by it). */
  readonly key: string;
  /** `hash32(key)`, computed once for affinity hashing. */
  readonly keyHash: number;
  /** The provider's deadlines with the route's overrides. */
  readonly timeouts: ProviderTimeouts;
  readonly health: TargetHealth;
}

/** A routable public model and its targets in preference order. */
export interface ModelRoute {
  slug: string;
  /** What the model does; each API routes only its own type (chat → `language`). */
  type: ModelType;
  targets: ModelTarget[];
  ownedBy: string;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  capabilities: ModelConfig['capabilities'];
  routing: RoutingPolicy;
}

/** Blended price per million tokens, for cost-aware balancing (input and output weighted equally). */
function blendedCost(price: ModelPrice | undefined): number | undefined {
  if (price === undefined) return undefined;
  return (price.inputMicroUsdPerMTok + price.outputMicroUsdPerMTok) / 2;
}

/**
 * Every model clients may ask for, resolved against the configured provider instances once at
 * start; a lookup per request is one `Map.get`. Targets carry their health tracker, so the routing
 * plan reads health without a lookup.
 */
export class ModelCatalog {
  readonly #routes = new Map<string, ModelRoute>();
  readonly health: HealthRegistry;

  /**
   * @param providers provider instances by name, or every credential of each (`api_keys`): one
   *   target per credential, labelled `<name>#<n>` from the second on.
   */
  constructor(
    models: readonly ModelConfig[],
    providers: ReadonlyMap<string, Provider | readonly Provider[]>,
    defaults: RoutingPolicy = DEFAULT_ROUTING,
    health: HealthRegistry = new HealthRegistry(),
  ) {
    this.health = health;
    for (const model of models) {
      const routing = model.routing ?? defaults;
      const targets: ModelTarget[] = [];
      for (const target of model.targets) {
        const instances = providers.get(target.provider);
        if (instances === undefined) continue;
        const credentials: readonly Provider[] = Array.isArray(instances)
          ? instances
          : [instances as Provider];
        credentials.forEach((provider, index) => {
          const label = index === 0 ? provider.name : `${provider.name}#${index + 1}`;
          const key = `${label}:${target.model}`;
          targets.push({
            provider,
            label,
            upstreamModel: target.model,
            price: target.price,
            key,
            keyHash: hash32(key),
            weight: target.weight ?? 1,
            cost: blendedCost(target.price),
            timeouts: { ...provider.timeouts, ...routing.timeouts },
            health: health.get(key, routing.breaker),
          });
        });
      }
      if (targets.length === 0) continue;
      this.#routes.set(model.slug, {
        slug: model.slug,
        type: model.type ?? 'language',
        targets,
        ownedBy: model.ownedBy ?? model.slug.split('/')[0] ?? 'tollgate',
        contextWindow: model.contextWindow,
        maxOutputTokens: model.maxOutputTokens,
        capabilities: model.capabilities,
        routing,
      });
    }
  }

  resolve(slug: string): ModelRoute | undefined {
    return this.#routes.get(slug);
  }

  /** `resolve` as a function value, made once (the routing plan takes one on every request). */
  readonly resolver = (slug: string): ModelRoute | undefined => this.#routes.get(slug);

  list(): ModelRoute[] {
    return [...this.#routes.values()];
  }

  /** Up to three routable slugs close to one that is not, for the 404 hint. */
  suggest(slug: string): string[] {
    return closestMatches(slug, [...this.#routes.keys()], 3);
  }
}
