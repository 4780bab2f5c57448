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
import type { MediaModelsBuilder } from './openai-compatible/openai-compatible-media-models.ts';
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
  media?: MediaModelsBuilder,
): ProviderFactory {
  return (config, transport) =>
    createOpenAICompatibleProvider(config, transport ?? network(config), { adapter, media });
}

/** Provider type → factory. A new provider is one folder and one line here. */
export const PROVIDER_FACTORIES: Readonly<Record<ProviderType, ProviderFactory>> = {
  openai: (config, transport) => createOpenAICompatibleProvider(config, transport ?? network(config)),
  'openai-compatible': (config, transport) =>
    createOpenAICompatibleProvider(config, transport ?? network(config)),
  simulator: createSimulatorProvider,
  anthropic: (config, transport) => createAnthropicProvider(config, transport ?? network(config)),
  google: (config, transport) => createGoogleProvider(config, transport ?? network(config)),
  vertex: (config, transport) => createVertexProvider(config, transport ?? network(config)),
  bedrock: (config, transport) => createBedrockProvider(config, transport ?? network(config)),
  azure: (config, transport) => createAzureProvider(config, transport ?? network(config)),
  cohere: (config, transport) => createCohereProvider(config, transport ?? network(config)),
  mistral: openAICompatibleWith(
    (settings) => createMistral(settings).chat,
    (settings) => ({ embedding: createMistral(settings).embedding }),
  ),
  deepseek: openAICompatibleWith((settings) => createDeepSeek(settings).chat),
  xai: openAICompatibleWith(
    (settings) => createXai(settings).languageModel,
    (settings) => ({ image: createXai(settings).image }),
  ),
  groq: openAICompatibleWith((settings) => createGroq(settings).languageModel),
  perplexity: openAICompatibleWith((settings) => createPerplexity(settings).languageModel),
  togetherai: openAICompatibleWith(
    (settings) => createTogetherAI(settings).chatModel,
    (settings) => {
      const together = createTogetherAI(settings);
      return { embedding: together.embeddingModel, image: together.imageModel };
    },
  ),
  fireworks: openAICompatibleWith(
    (settings) => createFireworks(settings).chatModel,
    (settings) => {
      const fireworks = createFireworks(settings);
      return { embedding: fireworks.embeddingModel, image: fireworks.imageModel };
    },
  ),
  openrouter: (config, transport) => createOpenAICompatibleProvider(config, transport ?? network(config)),
};

export function createProviders(configs: readonly ProviderConfig[]): Map<string, Provider> {
  return new Map(configs.map((config) => [config.name, PROVIDER_FACTORIES[config.type](config)]));
}

/**
 * Every credential of every provider instance: one `Provider` per API key (`api_keys`), the first
 * one's first. The credentials of one instance share its connection pool; each is a routing target
 * of its own, so a refused key is taken out of rotation alone.
 */
export function createProviderCredentials(configs: readonly ProviderConfig[]): Map<string, Provider[]> {
  const credentials = new Map<string, Provider[]>();
  for (const config of configs) {
    const factory = PROVIDER_FACTORIES[config.type];
    if (config.extraApiKeys.length === 0) {
      credentials.set(config.name, [factory(config)]);
      continue;
    }
    const transport = config.type === 'simulator' ? undefined : network(config);
    credentials.set(config.name, [
      factory(config, transport),
      ...config.extraApiKeys.map((apiKey) => factory({ ...config, apiKey }, transport)),
    ]);
  }
  return credentials;
}
