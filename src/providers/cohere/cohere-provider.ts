import { createCohere } from '@ai-sdk/cohere';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import type { Provider } from '../provider-types.ts';
import { classifyCohereError } from './cohere-error.ts';

/**
 * Cohere v2 chat, through the AI SDK's Cohere adapter.
 * @see https://docs.cohere.com/reference/chat
 */
export function createCohereProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const cohere = createCohere({
        baseURL: config.baseUrl,
        apiKey: config.apiKey,
        headers: config.headers,
        fetch,
      });
      return (modelId) => cohere.languageModel(modelId);
    },
    classify: classifyCohereError,
  });
}
