import { createCohere } from '@ai-sdk/cohere';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import { withDimensionsOption } from '../provider-embedding-dimensions.ts';
import type { Provider } from '../provider-types.ts';
import { classifyCohereError } from './cohere-error.ts';

/** The sizes Embed v4 offers (`output_dimension`). See https://docs.cohere.com/reference/embed. */
const COHERE_OUTPUT_DIMENSIONS: readonly number[] = [256, 512, 1024, 1536];

/**
 * Cohere v2 chat, through the AI SDK's Cohere adapter.
 * @see https://docs.cohere.com/reference/chat
 */
export function createCohereProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const cohereOf = (fetch: typeof globalThis.fetch) =>
    createCohere({ baseURL: config.baseUrl, apiKey: config.apiKey, headers: config.headers, fetch });
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const cohere = cohereOf(fetch);
      return (modelId) => cohere.languageModel(modelId);
    },
    // `/v2/embed`; the package reads the size from `providerOptions.cohere.outputDimension` only.
    media(fetch) {
      const cohere = cohereOf(fetch);
      return {
        embedding: (modelId) =>
          withDimensionsOption(cohere.embedding(modelId), {
            optionsKey: 'cohere',
            field: 'outputDimension',
            allowed: COHERE_OUTPUT_DIMENSIONS,
          }),
      };
    },
    classify: classifyCohereError,
  });
}
