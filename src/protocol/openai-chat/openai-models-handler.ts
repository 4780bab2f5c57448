import type { CallContext } from '../../core/call-context.ts';
import type { ModelPrice } from '../../core/pricing.ts';
import type { ModelCatalog, ModelRoute } from '../../routing/model-catalog.ts';
import { respond } from '../http-response.ts';
import { modelNotFound } from '../model-not-found.ts';

/** Dollars per million tokens as a decimal string, as the Vercel AI Gateway and OpenRouter show them. */
function perMillion(microUsd: number): string {
  return String(microUsd / 1_000_000);
}

function pricing(price: ModelPrice | undefined): Record<string, string> | null {
  if (price === undefined) return null;
  return {
    input: perMillion(price.inputMicroUsdPerMTok),
    output: perMillion(price.outputMicroUsdPerMTok),
    cache_read: perMillion(price.cacheReadMicroUsdPerMTok),
    cache_write: perMillion(price.cacheWriteMicroUsdPerMTok),
  };
}

/** OpenAI's model object, plus what a gateway user needs: who serves it and at what price. */
function toModelObject(route: ModelRoute, created: number): Record<string, unknown> {
  return {
    id: route.slug,
    object: 'model',
    created,
    owned_by: route.ownedBy,
    type: route.type,
    context_window: route.contextWindow ?? null,
    max_output_tokens: route.maxOutputTokens ?? null,
    capabilities: route.capabilities ?? null,
    pricing: pricing(route.targets[0]?.price),
    providers: route.targets.map((target) => ({
      provider: target.provider.name,
      model: target.upstreamModel,
      pricing: pricing(target.price),
    })),
  };
}

/**
 * `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's list shape, so `client.models.list()`
 * works; ids are the public slugs (`simulator/echo`), which may contain slashes.
 * @see https://platform.openai.com/docs/api-reference/models
 */
export function createOpenAIModelsHandlers(catalog: ModelCatalog): {
  list: (ctx: CallContext) => Response;
  get: (ctx: CallContext) => Response;
} {
  const created = Math.floor(Date.now() / 1000);
  const headers = (ctx: CallContext) => ({
    'content-type': 'application/json',
    'x-request-id': ctx.requestId,
  });
  return {
    list(ctx) {
      const data = catalog.list().map((route) => toModelObject(route, created));
      return respond(JSON.stringify({ object: 'list', data }), 200, headers(ctx));
    },
    get(ctx) {
      const route = catalog.resolve(ctx.pathRest);
      if (route === undefined) throw modelNotFound(ctx.pathRest, catalog.suggest(ctx.pathRest));
      return respond(JSON.stringify(toModelObject(route, created)), 200, headers(ctx));
    },
  };
}
