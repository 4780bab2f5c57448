import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV4, ImageModelV4 } from '@ai-sdk/provider';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { AdapterSettings } from './openai-compatible-provider.ts';

/**
 * The AI SDK embedding and image model factories of one provider (each optional: absent = the
 * provider serves none; a factory returning `undefined` = not this model id).
 */
export interface MediaModelFactories {
  embedding?: (modelId: string) => EmbeddingModelV4 | undefined;
  image?: (modelId: string) => ImageModelV4 | undefined;
}

/** Builds a service's media model factories on the gateway's fetch (`AdapterSettings`). */
export type MediaModelsBuilder = (settings: AdapterSettings) => MediaModelFactories;

/**
 * The media models of services with no AI SDK package of their own: OpenAI's own embedding and
 * image models for `openai`, the OpenAI-compatible ones for everything else (generic servers such
 * as vLLM and Ollama, OpenRouter, the simulator), all speaking `/embeddings` and
 * `/images/generations` in OpenAI's format.
 */
export function defaultMediaModels(config: ProviderConfig, settings: AdapterSettings): MediaModelFactories {
  if (config.type === 'openai') {
    const openai = createOpenAI(settings);
    return { embedding: (modelId) => openai.embedding(modelId), image: (modelId) => openai.image(modelId) };
  }
  const compatible = createOpenAICompatible({ ...settings, name: config.name });
  return {
    embedding: (modelId) => compatible.embeddingModel(modelId),
    image: (modelId) => compatible.imageModel(modelId),
  };
}
