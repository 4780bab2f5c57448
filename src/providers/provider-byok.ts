import { hash } from 'node:crypto';
import type { ProviderConfig } from '../config/config-types.ts';
import { createUndiciTransport } from '../upstream/undici-transport.ts';
import type { UpstreamTransport } from '../upstream/upstream-transport.ts';
import { PROVIDER_FACTORIES } from './provider-registry.ts';
import type { Provider } from './provider-types.ts';

/** A credential a request brings for one provider (`providerOptions.gateway.byok`). */
export interface ByokCredential {
  apiKey?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  region?: string | undefined;
}

/** Distinct request credentials kept ready; the least recently used is dropped beyond it. */
const MAX_CACHED = 256;

/**
 * Providers built from the credentials requests bring ("bring your own key"): the configured
 * instance with the request's key (or AWS keys) in place of the gateway's. Built once per distinct
 * credential and kept in a small LRU keyed by the credential's SHA-256, never the key itself; all
 * credentials of one instance share one connection pool, so a new key costs no new sockets.
 * The provider scrubs its own key from every error text, like a configured one.
 */
export class ByokProviders {
  readonly #configs: Map<string, ProviderConfig>;
  readonly #transports = new Map<string, UpstreamTransport>();
  readonly #providers = new Map<string, Provider>();

  constructor(configs: readonly ProviderConfig[]) {
    this.#configs = new Map(configs.map((config) => [config.name, config]));
  }

  /** The instance `name` with `credential`, or `undefined` when no such instance is configured. */
  provider(name: string, credential: ByokCredential): Provider | undefined {
    const config = this.#configs.get(name);
    if (config === undefined) return undefined;
    const key = `${name}\u0000${hash('sha256', JSON.stringify(credential), 'hex')}`;
    const cached = this.#providers.get(key);
    if (cached !== undefined) {
      this.#providers.delete(key);
      this.#providers.set(key, cached);
      return cached;
    }
    const provider = PROVIDER_FACTORIES[config.type](
      withCredential(config, credential),
      this.#transport(config),
    );
    if (this.#providers.size >= MAX_CACHED) {
      const oldest = this.#providers.keys().next().value as string;
      this.#providers.delete(oldest);
    }
    this.#providers.set(key, provider);
    return provider;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#transports.values()].map((transport) => transport.close()));
  }

  #transport(config: ProviderConfig): UpstreamTransport | undefined {
    // The simulator answers in process; it has no pool to share.
    if (config.type === 'simulator') return undefined;
    let transport = this.#transports.get(config.name);
    if (transport === undefined) {
      transport = createUndiciTransport({
        maxConnections: config.maxConnections,
        connectTimeoutMs: config.timeouts.connectMs,
      });
      this.#transports.set(config.name, transport);
    }
    return transport;
  }
}

function withCredential(config: ProviderConfig, credential: ByokCredential): ProviderConfig {
  const cloud = { ...config.cloud };
  if (credential.accessKeyId !== undefined) cloud.accessKeyId = credential.accessKeyId;
  if (credential.secretAccessKey !== undefined) cloud.secretAccessKey = credential.secretAccessKey;
  if (credential.sessionToken !== undefined) cloud.sessionToken = credential.sessionToken;
  if (credential.region !== undefined) cloud.region = credential.region;
  return { ...config, apiKey: credential.apiKey ?? config.apiKey, extraApiKeys: [], cloud };
}
