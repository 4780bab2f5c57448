import type { ProviderConfig, ProviderType } from '../config/config-types.ts';
import { createUndiciTransport } from '../upstream/undici-transport.ts';
import { createOpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import type { Provider, ProviderFactory } from './provider-types.ts';
import { createSimulatorProvider } from './simulator/simulator-provider.ts';

function networkOpenAICompatible(config: ProviderConfig): Provider {
  const transport = createUndiciTransport({
    maxConnections: config.maxConnections,
    connectTimeoutMs: config.timeouts.connectMs,
  });
  return createOpenAICompatibleProvider(config, transport);
}

/** Provider type → factory. A new provider is one folder and one line here. */
export const PROVIDER_FACTORIES = {
  openai: networkOpenAICompatible,
  'openai-compatible': networkOpenAICompatible,
  simulator: createSimulatorProvider,
} as const satisfies Record<ProviderType, ProviderFactory>;

export function createProviders(configs: readonly ProviderConfig[]): Map<string, Provider> {
  return new Map(configs.map((config) => [config.name, PROVIDER_FACTORIES[config.type](config)]));
}
