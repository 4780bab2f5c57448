import type { ModelConfig } from '../config/config-types.ts';
import type { ModelPrice } from '../core/pricing.ts';
import type { Provider } from '../providers/provider-types.ts';
import { closestMatches } from './model-suggestions.ts';

/** One way to serve a model: a provider instance and the id that provider knows it by. */
export interface ModelTarget {
  provider: Provider;
  upstreamModel: string;
  /** `undefined` = no price known: the call's cost is reported as unknown, never 0. */
  price: ModelPrice | undefined;
}

/** A routable public model and its targets in preference order. */
export interface ModelRoute {
  slug: string;
  targets: ModelTarget[];
  ownedBy: string;
  contextWindow: number | undefined;
  maxOutputTokens: number | undefined;
  capabilities: ModelConfig['capabilities'];
}

/**
 * Every model clients may ask for, resolved against the configured provider instances once at
 * start; a lookup per request is one `Map.get`.
 */
export class ModelCatalog {
  readonly #routes = new Map<string, ModelRoute>();

  constructor(models: readonly ModelConfig[], providers: ReadonlyMap<string, Provider>) {
    for (const model of models) {
      const targets: ModelTarget[] = [];
      for (const target of model.targets) {
        const provider = providers.get(target.provider);
        if (provider !== undefined) {
          targets.push({ provider, upstreamModel: target.model, price: target.price });
        }
      }
      if (targets.length === 0) continue;
      this.#routes.set(model.slug, {
        slug: model.slug,
        targets,
        ownedBy: model.ownedBy ?? model.slug.split('/')[0] ?? 'tollgate',
        contextWindow: model.contextWindow,
        maxOutputTokens: model.maxOutputTokens,
        capabilities: model.capabilities,
      });
    }
  }

  resolve(slug: string): ModelRoute | undefined {
    return this.#routes.get(slug);
  }

  list(): ModelRoute[] {
    return [...this.#routes.values()];
  }

  /** Up to three routable slugs close to one that is not, for the 404 hint. */
  suggest(slug: string): string[] {
    return closestMatches(slug, [...this.#routes.keys()], 3);
  }
}
