import type { CallContext } from '../../core/call-context.ts';
import { formatUsdPerToken } from '../../core/pricing.ts';
import type { ModelCatalog, ModelRoute } from '../../routing/model-catalog.ts';
import { respond } from '../http-response.ts';
import type { GatewaySpecVersion } from './vercel-gateway-spec-version.ts';

function pricing(route: ModelRoute): Record<string, string> | null {
  const price = route.targets[0]?.price;
  if (price === undefined) return null;
  return {
    input: formatUsdPerToken(price.inputMicroUsdPerMTok),
    output: formatUsdPerToken(price.outputMicroUsdPerMTok),
    input_cache_read: formatUsdPerToken(price.cacheReadMicroUsdPerMTok),
    input_cache_write: formatUsdPerToken(price.cacheWriteMicroUsdPerMTok),
  };
}

/**
 * `GET /v{1,3,4}/ai/config`: the routable models as `gateway.getAvailableModels()` reads them —
 * prices as decimal strings in dollars per token (numbers fail the client's schema), the
 * specification version of the path's client line (a mismatch fails the whole call), the model
 * type. Built once: the catalog does not change while the process runs.
 */
export function createGatewayConfigHandler(
  catalog: ModelCatalog,
  version: GatewaySpecVersion,
): (ctx: CallContext) => Response {
  let body: string | undefined;
  return function gatewayConfig(): Response {
    body ??= JSON.stringify({
      models: catalog.list().map((route) => ({
        id: route.slug,
        name: route.slug,
        description: null,
        pricing: pricing(route),
        specification: { specificationVersion: `v${version}`, provider: route.ownedBy, modelId: route.slug },
        modelType: route.type,
      })),
    });
    return respond(body, 200, { 'content-type': 'application/json' });
  };
}
