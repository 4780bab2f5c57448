import { createHash } from 'node:crypto';
import { simulatorModelType } from '../providers/simulator/simulator-models.ts';
import { catalogModels } from './config-catalog-models.ts';
import type { ConfigIssue } from './config-error.ts';
import { resolveEndpoint } from './config-resolve-endpoint.ts';
import { resolvePrice } from './config-resolve-price.ts';
import { checkFallbacks, type RoutingPolicy, resolveRouting } from './config-routing.ts';
import type { ConfigFile, ConfigFileProvider, ConfigFileSimulatorBehaviour } from './config-schema.ts';
import type {
  ApiKeyConfig,
  GatewayConfig,
  ModelConfig,
  ProviderConfig,
  ProviderModelConfig,
  ProviderTimeouts,
  SimulatorSettings,
} from './config-types.ts';

/** Defaults a production gateway can start with; every one is overridable in the file. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 4747,
  bodyLimitBytes: 10 * 1024 * 1024,
  shutdownGraceMs: 10_000,
  keepAliveTimeoutMs: 65_000,
  requestTimeoutMs: 300_000,
  maxConnections: 256,
  timeouts: { connectMs: 10_000, firstByteMs: 300_000, idleMs: 120_000, totalMs: 900_000 },
  simulatorModels: ['echo', 'lorem', 'tools', 'embed', 'image'],
} as const;

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

function parseSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = (match?.[2] ?? 'b').toLowerCase() || 'b';
  return Math.round(Number(match?.[1] ?? 0) * (SIZE_UNITS[unit] ?? 1));
}

function resolveSimulatorSettings(raw: ConfigFileSimulatorBehaviour | undefined): SimulatorSettings {
  if (raw === undefined) return {};
  return {
    ttftMs: raw.ttft_ms,
    tokensPerSecond: raw.tokens_per_second,
    outputTokens: raw.output_tokens,
    fail: raw.fail,
    failAfter: raw.fail_after,
    retryAfter: raw.retry_after,
    contextWindow: raw.context_window,
  };
}

function resolveProvider(
  name: string,
  raw: ConfigFileProvider,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
): ProviderConfig {
  const at = `providers.${name}`;
  const { preset, baseUrl, apiKey, cloud } = resolveEndpoint(at, raw, env, issues);
  const models: ProviderModelConfig[] = (
    raw.models ?? (raw.type === 'simulator' ? [...DEFAULTS.simulatorModels] : [])
  ).map((model) => {
    const id = typeof model === 'string' ? model : model.id;
    // A simulator model's name says what it does (`embed…`, `image…`); others say it in `type`.
    const type = typeof model === 'string' ? undefined : model.type;
    const derived = type ?? (raw.type === 'simulator' ? simulatorModelType(id) : undefined);
    return typeof model === 'string'
      ? { id, type: derived }
      : { id, type: derived, price: resolvePrice(model.pricing), contextWindow: model.context_window };
  });
  const timeouts: ProviderTimeouts = {
    connectMs: raw.timeouts?.connect_ms ?? DEFAULTS.timeouts.connectMs,
    firstByteMs: raw.timeouts?.first_byte_ms ?? DEFAULTS.timeouts.firstByteMs,
    idleMs: raw.timeouts?.idle_ms ?? DEFAULTS.timeouts.idleMs,
    totalMs: raw.timeouts?.total_ms ?? DEFAULTS.timeouts.totalMs,
  };
  const simulatorModels: Record<string, SimulatorSettings> = {};
  for (const [model, settings] of Object.entries(raw.simulator?.models ?? {})) {
    simulatorModels[model] = resolveSimulatorSettings(settings);
  }
  if (raw.api_key !== undefined && raw.api_keys !== undefined) {
    issues.push({ path: `${at}.api_keys`, message: 'give api_key or api_keys, not both' });
  }
  if (raw.simulator !== undefined && raw.type !== 'simulator') {
    issues.push({ path: `${at}.simulator`, message: 'only allowed for type simulator' });
  }
  return {
    name,
    type: raw.type,
    preset,
    catalog: raw.catalog ?? raw.type !== 'simulator',
    baseUrl,
    apiKey,
    extraApiKeys: raw.api_keys?.slice(1) ?? [],
    cloud,
    headers: Object.fromEntries(
      Object.entries(raw.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
    ),
    forwardHeaders: (raw.forward_headers ?? (raw.type === 'simulator' ? ['x-simulator-*'] : [])).map(
      (header) => header.toLowerCase(),
    ),
    timeouts,
    maxConnections: raw.max_connections ?? DEFAULTS.maxConnections,
    models,
    simulator:
      raw.type === 'simulator'
        ? { defaults: resolveSimulatorSettings(raw.simulator), models: simulatorModels }
        : undefined,
  };
}

/**
 * The models clients can ask for: the built-in catalog's (for the configured provider types), then
 * what each provider lists under its own name, then the explicit `models:` — later ones win.
 */
function resolveModels(
  file: ConfigFile,
  providers: ProviderConfig[],
  routing: RoutingPolicy,
  issues: ConfigIssue[],
): ModelConfig[] {
  const bySlug = new Map<string, ModelConfig>();
  for (const model of catalogModels(providers, new Date().toISOString().slice(0, 10)))
    bySlug.set(model.slug, model);
  for (const provider of providers) {
    for (const model of provider.models) {
      bySlug.set(`${provider.name}/${model.id}`, {
        slug: `${provider.name}/${model.id}`,
        targets: [{ provider: provider.name, model: model.id, price: model.price }],
        type: model.type,
        contextWindow: model.contextWindow,
        ownedBy: provider.name,
      });
    }
  }
  const providerNames = new Set(providers.map((provider) => provider.name));
  for (const [slug, raw] of Object.entries(file.models ?? {})) {
    raw.targets.forEach((target, index) => {
      if (!providerNames.has(target.provider)) {
        issues.push({
          path: `models.${slug}.targets[${index}].provider`,
          message: `unknown provider "${target.provider}" (declared: ${[...providerNames].join(', ') || 'none'})`,
        });
      }
    });
    bySlug.set(slug, {
      slug,
      targets: raw.targets.map((target) => ({
        provider: target.provider,
        model: target.model,
        price: resolvePrice(target.pricing),
        weight: target.weight,
      })),
      type: raw.type,
      contextWindow: raw.context_window,
      ownedBy: raw.owned_by ?? slug.split('/')[0],
      routing: raw.routing === undefined ? undefined : resolveRouting(raw.routing, routing),
    });
  }
  const known = new Set(bySlug.keys());
  for (const model of bySlug.values()) {
    if (model.routing !== undefined) checkFallbacks(model.slug, model.routing, known, issues);
  }
  return [...bySlug.values()];
}

function keyDigest(key: { name: string; key?: string; key_sha256?: string }): ApiKeyConfig {
  return {
    name: key.name,
    sha256:
      key.key_sha256?.toLowerCase() ??
      createHash('sha256')
        .update(key.key ?? '')
        .digest('hex'),
  };
}

export function resolveConfig(
  file: ConfigFile,
  sourcePath: string | null,
  env: NodeJS.ProcessEnv,
  issues: ConfigIssue[],
): GatewayConfig {
  const rawProviders = file.providers ?? { simulator: { type: 'simulator' as const } };
  const providers = Object.entries(rawProviders).map(([name, raw]) =>
    resolveProvider(name, raw, env, issues),
  );
  const routing = resolveRouting(file.routing);
  return {
    sourcePath,
    server: {
      host: file.server?.host ?? DEFAULTS.host,
      port: file.server?.port ?? DEFAULTS.port,
      bodyLimitBytes:
        file.server?.body_limit === undefined ? DEFAULTS.bodyLimitBytes : parseSize(file.server.body_limit),
      shutdownGraceMs: file.server?.shutdown_grace_ms ?? DEFAULTS.shutdownGraceMs,
      keepAliveTimeoutMs: file.server?.keep_alive_timeout_ms ?? DEFAULTS.keepAliveTimeoutMs,
      requestTimeoutMs: file.server?.request_timeout_ms ?? DEFAULTS.requestTimeoutMs,
    },
    auth: {
      apiKeys: (file.auth?.api_keys ?? []).map(keyDigest),
      adminKeys: [
        ...(file.auth?.admin_keys ?? []).map(keyDigest),
        ...(env.TOLLGATE_ADMIN_KEY ? [keyDigest({ name: 'admin', key: env.TOLLGATE_ADMIN_KEY })] : []),
      ],
    },
    logging: { level: file.logging?.level ?? 'info' },
    providers,
    models: resolveModels(file, providers, routing, issues),
    routing,
  };
}
