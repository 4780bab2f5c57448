import { catalogPriceOn, loadBuiltInCatalog } from '../routing/catalog/model-catalog-load.ts';
import type { CatalogCapabilities } from '../routing/catalog/model-catalog-types.ts';
import { resolvePrice } from './config-resolve-price.ts';
import type { ModelConfig, ProviderConfig } from './config-types.ts';

/**
 * The provider type the built-in catalog knows an instance by: its own type, or for a generic
 * OpenAI-compatible instance the preset it was built from (`preset: groq` serves Groq's models).
 */
function catalogTypeOf(provider: ProviderConfig): string {
  return provider.type === 'openai-compatible' ? (provider.preset ?? provider.type) : provider.type;
}

/**
 * The catalog's models that the configured providers can serve: for each catalog model, every
 * configured instance whose type serves it becomes a target, in the catalog's preference order
 * (the creator's API first, then clouds, then hosts), priced at the catalog's current price.
 */
export function catalogModels(providers: readonly ProviderConfig[], today: string): ModelConfig[] {
  const catalog = loadBuiltInCatalog();
  const eligible = providers.filter((provider) => provider.catalog);
  if (eligible.length === 0) return [];
  const models: ModelConfig[] = [];
  for (const model of catalog.models) {
    const targets: ModelConfig['targets'] = [];
    for (const entry of model.servedBy) {
      for (const provider of eligible) {
        if (catalogTypeOf(provider) !== entry.provider) continue;
        const price = catalogPriceOn(entry, today);
        targets.push({
          provider: provider.name,
          model: entry.upstreamId,
          price: resolvePrice(
            price === undefined
              ? undefined
              : {
                  input: price.input,
                  output: price.output,
                  cached_input: price.cacheRead,
                  cache_write: price.cacheWrite,
                  long_context:
                    price.longContext === undefined
                      ? undefined
                      : {
                          above_input_tokens: price.longContext.aboveInputTokens,
                          input: price.longContext.input,
                          output: price.longContext.output,
                          cached_input: price.longContext.cacheRead,
                          cache_write: price.longContext.cacheWrite,
                        },
                },
          ),
        });
      }
    }
    if (targets.length === 0) continue;
    models.push({
      slug: model.slug,
      type: model.type,
      targets,
      contextWindow: model.contextWindow,
      maxOutputTokens: model.maxOutputTokens,
      ownedBy: model.creator,
      capabilities: model.capabilities satisfies CatalogCapabilities,
    });
  }
  return models;
}
