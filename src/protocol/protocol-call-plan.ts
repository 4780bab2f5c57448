import type { ModelType } from '../config/config-types.ts';
import type { CallContext } from '../core/call-context.ts';
import type { ByokProviders } from '../providers/provider-byok.ts';
import type { ModelCatalog, ModelRoute } from '../routing/model-catalog.ts';
import { type PlannedAttempt, planRoute } from '../routing/route-plan.ts';
import { routingRequestOf } from '../routing/routing-request.ts';
import { planWithByok, recordGatewayOptions } from './gateway-call-options.ts';
import type { GatewayOptions } from './gateway-options-schema.ts';
import { modelNotFound } from './model-not-found.ts';
import { assertModelType } from './model-type-check.ts';

/** What a client protocol's request says about routing. */
export interface ProtocolCallRouting {
  model: string;
  /** The model type the endpoint serves (a chat endpoint refuses an embedding model). */
  type: ModelType;
  /** `providerOptions.gateway`, where the protocol takes it. */
  gateway?: GatewayOptions | undefined;
  /** A top-level fallback list (`models` on OpenAI routes), over `gateway.models`. */
  models?: string[] | undefined;
  /** The protocol's own end-user field (`user`, `metadata.user_id`). */
  user?: string | undefined;
  /** The prompt prefix for `affinity: prefix` (asked only when the route uses it). */
  prefix: () => string | undefined;
}

/**
 * The routing prologue every model endpoint shares: the model resolved (404 with close matches
 * otherwise) and of the endpoint's type, attribution and retention recorded, the plan built from
 * headers and `providerOptions.gateway`, the request's own credentials (`byok`) put first.
 */
export function planProtocolCall(
  ctx: CallContext,
  catalog: ModelCatalog,
  byok: ByokProviders,
  routing: ProtocolCallRouting,
): { route: ModelRoute; plan: PlannedAttempt[] } {
  const { model, gateway } = routing;
  const route = catalog.resolve(model);
  if (route === undefined) throw modelNotFound(model, catalog.suggest(model));
  assertModelType(route, routing.type);
  recordGatewayOptions(ctx.record, gateway, routing.user);
  const plan = planRoute(
    route,
    routingRequestOf(
      ctx.request.headers,
      {
        order: gateway?.order,
        only: gateway?.only,
        models: routing.models ?? gateway?.models,
        sort: gateway?.sort,
      },
      ctx.record.user,
      routing.prefix,
    ),
    catalog.resolver,
  );
  return { route, plan: planWithByok(plan, gateway, byok) };
}
