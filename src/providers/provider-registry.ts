import { createDeepSeek } from '@ai-sdk/deepseek';
import { createFireworks } from '@ai-sdk/fireworks';
import { createGroq } from '@ai-sdk/groq';
import { createMistral } from '@ai-sdk/mistral';
import { createPerplexity } from '@ai-sdk/perplexity';
import { createTogetherAI } from '@ai-sdk/togetherai';
import { createXai } from '@ai-sdk/xai';
import type { ProviderConfig, ProviderType } from '../config/config-types.ts';
import { createUndiciTransport } from '../upstream/undici-transport.ts';
import type { UpstreamTransport } from '../upstream/upstream-transport.ts';
import { createAnthropicProvider } from './anthropic/anthropic-provider.ts';
import { createAzureProvider } from './azure/azure-provider.ts';
import { createBedrockProvider } from './bedrock/bedrock-provider.ts';
import { createCohereProvider } from './cohere/cohere-provider.ts';
import { createGoogleProvider } from './google/google-provider.ts';
import {
  type AdapterSettings,
  createOpenAICompatibleProvider,
} from './openai-compatible/openai-compatible-provider.ts';
import type { Provider, ProviderFactory } from './provider-types.ts';
import { createSimulatorProvider } from './simulator/simulator-provider.ts';
import { createVertexProvider } from './vertex/vertex-provider.ts';

function network(config: ProviderConfig): UpstreamTransport {
  return createUndiciTransport({
    maxConnections: config.maxConnections,
    connectTimeoutMs: config.timeouts.connectMs,
  });
}

/**
 * An OpenAI-compatible service: OpenAI clients pass through natively; other clients are
 * translated by the service's own AI SDK adapter (which knows its extensions: DeepSeek's and
 * Groq's reasoning fields, Perplexity's citations, …).
 */
function openAICompatibleWith(
  adapter: (settings: AdapterSettings) => (modelId: string) => ReturnType<Provider['languageModel']>,
): ProviderFactory {
  return (config) => createOpenAICompatibleProvider(config, network(config), { adapter });
}

/** Provider type → factory. A new provider is one folder and one line here. */
export const PROVIDER_FACTORIES = {
  openai: (config) => createOpenAICompatibleProvider(config, network(config)),
  'openai-compatible': (config) => createOpenAICompatibleProvider(config, network(config)),
  simulator: createSimulatorProvider,
  anthropic: (config) => createAnthropicProvider(config, network(config)),
  google: (config) => createGoogleProvider(config, network(config)),
  vertex: (config) => createVertexProvider(config, network(config)),
  bedrock: (config) => createBedrockProvider(config, network(config)),
  azure: (config) => createAzureProvider(config, network(config)),
  cohere: (config) => createCohereProvider(config, network(config)),
  mistral: openAICompatibleWith((settings) => createMistral(settings).chat),
  deepseek: openAICompatibleWith((settings) => createDeepSeek(settings).chat),
  xai: openAICompatibleWith((settings) => createXai(settings).languageModel),
  groq: openAICompatibleWith((settings) => createGroq(settings).languageModel),
  perplexity: openAICompatibleWith((settings) => createPerplexity(settings).languageModel),
  togetherai: openAICompatibleWith((settings) => createTogetherAI(settings).chatModel),
  fireworks: openAICompatibleWith((settings) => createFireworks(settings).chatModel),
  openrouter: (config) => createOpenAICompatibleProvider(config, network(config)),
} as const satisfies Record<ProviderType, ProviderFactory>;

export function createProviders(configs: readonly ProviderConfig[]): Map<string, Provider> {
  return new Map(configs.map((config) => [config.name, PROVIDER_FACTORIES[config.type](config)]));
}
