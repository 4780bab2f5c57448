import type { ProviderConfig, ProviderType } from '../config/config-types.ts';
import { createUndiciTransport } from '../upstream/undici-transport.ts';
import { createAnthropicProvider } from './anthropic/anthropic-provider.ts';
import { createOpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import type { Provider, ProviderFactory } from './provider-types.ts';
import { createSimulatorProvider } from './simulator/simulator-provider.ts';

function networkOpenAICompatible(config: ProviderConfig): Provider {
  return createOpenAICompatibleProvider(config, networkTransport(config));
}

function networkTransport(config: ProviderConfig) {
  return createUndiciTransport({
    maxConnections: config.maxConnections,
    connectTimeoutMs: config.timeouts.connectMs,
  });
}

/** Provider type → factory. A new provider is one folder and one line here. */
export const PROVIDER_FACTORIES = {
  openai: networkOpenAICompatible,
  'openai-compatible': networkOpenAICompatible,
  simulator: createSimulatorProvider,
  anthropic: (config) => createAnthropicProvider(config, networkTransport(config)),
} as const satisfies Record<ProviderType, ProviderFactory>;

export function createProviders(configs: readonly ProviderConfig[]): Map<string, Provider> {
  return new Map(configs.map((config) => [config.name, PROVIDER_FACTORIES[config.type](config)]));
}
