import type { CallContext } from '../core/call-context.ts';
import { respond } from '../protocol/http-response.ts';
import type { ModelCatalog } from '../routing/model-catalog.ts';

/**
 * `GET /v1/health/providers` (admin): each target's passive health as the router sees it — breaker
 * state, in-flight calls, latency / time-to-first-token / tokens-per-second EWMAs, error rate over
 * the window — with the models it serves. Read from memory; no provider is called.
 */
export function createProviderHealthHandler(catalog: ModelCatalog): (ctx: CallContext) => Response {
  return function providerHealth(): Response {
    const servedBy = new Map<string, { provider: string; upstreamModel: string; models: string[] }>();
    for (const route of catalog.list()) {
      for (const target of route.targets) {
        let entry = servedBy.get(target.key);
        if (entry === undefined) {
          entry = { provider: target.label, upstreamModel: target.upstreamModel, models: [] };
          servedBy.set(target.key, entry);
        }
        entry.models.push(route.slug);
      }
    }
    const data = catalog.health.snapshot().map((snapshot) => {
      const served = servedBy.get(snapshot.key);
      return {
        provider: served?.provider ?? snapshot.key.split(':')[0],
        upstream_model: served?.upstreamModel ?? snapshot.key.slice(snapshot.key.indexOf(':') + 1),
        models: served?.models ?? [],
        ...snapshot,
      };
    });
    return respond(JSON.stringify({ object: 'list', data }), 200, { 'content-type': 'application/json' });
  };
}
