import { createProviderHealthHandler } from '../admin/provider-health-handler.ts';
import type { GatewayConfig } from '../config/config-types.ts';
import type { CallRecord } from '../core/call-record.ts';
import type { CallLogWriter } from '../observability/call-log-line.ts';
import type { Logger } from '../observability/logger.ts';
import { RecentCalls } from '../observability/recent-calls.ts';
import { AdminAuth } from '../policy/admin-auth.ts';
import { ApiKeyAuth } from '../policy/api-key-auth.ts';
import { createAnthropicCountTokensHandler } from '../protocol/anthropic-messages/anthropic-count-tokens-handler.ts';
import { createAnthropicMessagesHandler } from '../protocol/anthropic-messages/anthropic-messages-handler.ts';
import { respond } from '../protocol/http-response.ts';
import { lazyHandler } from '../protocol/lazy-handler.ts';
import { createOpenAIChatHandler } from '../protocol/openai-chat/openai-chat-handler.ts';
import { createOpenAIModelsHandlers } from '../protocol/openai-chat/openai-models-handler.ts';
import { vercelGatewayRoutes } from '../protocol/vercel-gateway/vercel-gateway-routes.ts';
import { ByokProviders } from '../providers/provider-byok.ts';
import { createProviderCredentials } from '../providers/provider-registry.ts';
import type { Provider } from '../providers/provider-types.ts';
import { ModelCatalog } from '../routing/model-catalog.ts';
import { createGatewayHandler, type FetchHandler } from './gateway-handler.ts';
import { createReadyHandler, healthHandler, type Readiness } from './health-routes.ts';
import { type Route, RouteTable } from './route-table.ts';
import { VERSION } from './version.ts';

/** A built gateway: its fetch handler and what the process around it needs to run and stop it. */
export interface GatewayApp {
  readonly fetch: FetchHandler;
  readonly config: GatewayConfig;
  readonly catalog: ModelCatalog;
  readonly readiness: Readiness;
  readonly logger: Logger;
  /** Closes upstream connection pools. */
  close(): Promise<void>;
}

export interface GatewayAppOptions {
  logger: Logger;
  /** Writes the one line per call. */
  callLog: CallLogWriter;
  /** Called with every finished call, after it is logged (tests observe calls through it). */
  onCallFinished?: (record: CallRecord) => void;
}

/**
 * The composition root: the only place that picks concrete providers, stores and policies and
 * wires them into routes. Runtime-independent — the Node server (`node-server.ts`) is one way to
 * serve `app.fetch`.
 */
export function createGatewayApp(config: GatewayConfig, options: GatewayAppOptions): GatewayApp {
  const { logger } = options;
  const providers: Map<string, Provider[]> = createProviderCredentials(config.providers);
  const catalog = new ModelCatalog(config.models, providers, config.routing);
  const readiness: Readiness = { draining: false };
  const byok = new ByokProviders(config.providers);
  const chat = createOpenAIChatHandler({ catalog, bodyLimitBytes: config.server.bodyLimitBytes, byok });
  const deps = { catalog, bodyLimitBytes: config.server.bodyLimitBytes, byok };
  // APIs many deployments never call load on first use (see `lazyHandler`).
  const responses = lazyHandler(async () =>
    (await import('../protocol/openai-responses/openai-responses-handler.ts')).createOpenAIResponsesHandler(
      deps,
    ),
  );
  const embeddings = lazyHandler(async () =>
    (
      await import('../protocol/openai-embeddings/openai-embeddings-handler.ts')
    ).createOpenAIEmbeddingsHandler(deps),
  );
  const images = lazyHandler(async () =>
    (await import('../protocol/openai-images/openai-images-handler.ts')).createOpenAIImagesHandler(deps),
  );
  const models = createOpenAIModelsHandlers(catalog);
  const messages = createAnthropicMessagesHandler({
    catalog,
    bodyLimitBytes: config.server.bodyLimitBytes,
    byok,
  });
  const countTokens = createAnthropicCountTokensHandler({
    catalog,
    bodyLimitBytes: config.server.bodyLimitBytes,
  });
  const recentCalls = new RecentCalls();
  const gatewayRoutes = vercelGatewayRoutes(
    { catalog, byok, bodyLimitBytes: config.server.bodyLimitBytes },
    recentCalls,
  );
  const root = JSON.stringify({ name: 'tollgate', version: VERSION });
  const rootHandler = (): Response => respond(root, 200, { 'content-type': 'application/json' });

  const routes: Route[] = [
    { method: 'GET', path: '/', protocol: 'openai', public: true, handle: rootHandler },
    { method: 'HEAD', path: '/', protocol: 'openai', public: true, handle: rootHandler },
    { method: 'GET', path: '/health', protocol: 'openai', public: true, handle: healthHandler },
    {
      method: 'GET',
      path: '/ready',
      protocol: 'openai',
      public: true,
      handle: createReadyHandler(readiness, () => catalog.list().length),
    },
    { method: 'POST', path: '/v1/chat/completions', protocol: 'openai', handle: chat },
    { method: 'POST', path: '/chat/completions', protocol: 'openai', handle: chat },
    { method: 'POST', path: '/v1/embeddings', protocol: 'openai', handle: embeddings },
    { method: 'POST', path: '/embeddings', protocol: 'openai', handle: embeddings },
    { method: 'POST', path: '/v1/images/generations', protocol: 'openai', handle: images },
    { method: 'POST', path: '/images/generations', protocol: 'openai', handle: images },
    { method: 'POST', path: '/v1/responses', protocol: 'openai', handle: responses },
    { method: 'POST', path: '/responses', protocol: 'openai', handle: responses },
    { method: 'POST', path: '/v1/messages', protocol: 'anthropic', handle: messages },
    { method: 'POST', path: '/v1/messages/count_tokens', protocol: 'anthropic', handle: countTokens },
    { method: 'GET', path: '/v1/models', protocol: 'openai', handle: models.list },
    { method: 'GET', path: '/models', protocol: 'openai', handle: models.list },
    { method: 'GET', path: '/v1/models/', prefix: true, protocol: 'openai', handle: models.get },
    { method: 'GET', path: '/models/', prefix: true, protocol: 'openai', handle: models.get },
    {
      method: 'GET',
      path: '/v1/health/providers',
      protocol: 'openai',
      admin: true,
      handle: createProviderHealthHandler(catalog),
    },
    ...gatewayRoutes,
  ];

  const onCallFinished = options.onCallFinished;
  const callLog = options.callLog;
  const fetch = createGatewayHandler({
    routes: new RouteTable(routes),
    auth: new ApiKeyAuth(config.auth.apiKeys),
    adminAuth: new AdminAuth(config.auth.adminKeys, config.auth.apiKeys.length === 0),
    logger,
    onCallFinished(record) {
      callLog.write(record);
      recentCalls.add(record);
      onCallFinished?.(record);
    },
  });

  return {
    fetch,
    config,
    catalog,
    readiness,
    logger,
    async close() {
      await Promise.allSettled([
        ...[...providers.values()].flat().map((provider) => provider.close()),
        byok.close(),
      ]);
    },
  };
}
