import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import type { RecentCalls } from '../../observability/recent-calls.ts';
import type { Route } from '../../server/route-table.ts';
import { lazyHandler } from '../lazy-handler.ts';
import { createGatewayAccountHandlers } from './vercel-gateway-account-handlers.ts';
import { createGatewayConfigHandler } from './vercel-gateway-config-handler.ts';
import type { GatewayHandlerDeps } from './vercel-gateway-language-handler.ts';
import type { createGatewayMediaHandlers } from './vercel-gateway-media-handlers.ts';

type MediaHandlersFactory = typeof createGatewayMediaHandlers;

import { GATEWAY_PREFIXES } from './vercel-gateway-spec-version.ts';

function unsupported(ctx: CallContext): never {
  throw new GatewayError(
    'route_not_found',
    `${ctx.request.method} ${new URL(ctx.request.url).pathname} is not served by this gateway: it serves language, embedding and image models (language-model, embedding-model, image-model, config).`,
    { clientCode: 'unsupported_model_type' },
  );
}

/**
 * Every route of the Vercel AI Gateway protocol: the model endpoints under each client line's
 * prefix (`/v1/ai`, `/v3/ai`, `/v4/ai`), the account endpoints at the origin, and a catch-all per
 * prefix that answers other model types (reranking, speech, video, …) with a gateway-shaped 404.
 */
export function vercelGatewayRoutes(deps: GatewayHandlerDeps, calls: RecentCalls): Route[] {
  const routes: Route[] = [];
  for (const { prefix, version } of GATEWAY_PREFIXES) {
    // The model endpoints load on first use (see `lazyHandler`); config and account are small.
    const language = lazyHandler(async () =>
      (await import('./vercel-gateway-language-handler.ts')).createGatewayLanguageHandler(deps, version),
    );
    let media: Promise<ReturnType<MediaHandlersFactory>> | undefined;
    const mediaHandlers = () =>
      (media ??= import('./vercel-gateway-media-handlers.ts').then((module) =>
        module.createGatewayMediaHandlers(deps, version),
      ));
    const embedding = lazyHandler(async () => (await mediaHandlers()).embedding);
    const image = lazyHandler(async () => (await mediaHandlers()).image);
    routes.push(
      {
        method: 'POST',
        path: `${prefix}/language-model`,
        protocol: 'vercel',
        handle: language,
      },
      { method: 'POST', path: `${prefix}/embedding-model`, protocol: 'vercel', handle: embedding },
      { method: 'POST', path: `${prefix}/image-model`, protocol: 'vercel', handle: image },
      {
        method: 'GET',
        path: `${prefix}/config`,
        protocol: 'vercel',
        handle: createGatewayConfigHandler(deps.catalog, version),
      },
      { method: 'POST', path: `${prefix}/`, prefix: true, protocol: 'vercel', handle: unsupported },
      { method: 'GET', path: `${prefix}/`, prefix: true, protocol: 'vercel', handle: unsupported },
    );
  }
  const account = createGatewayAccountHandlers(calls);
  routes.push(
    { method: 'GET', path: '/v1/credits', protocol: 'vercel', handle: account.credits },
    { method: 'GET', path: '/v1/generation', protocol: 'vercel', handle: account.generation },
    { method: 'GET', path: '/v1/report', protocol: 'vercel', handle: account.report },
  );
  return routes;
}
