import { createAzure } from '@ai-sdk/azure';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import {
  type AdapterSettings,
  createOpenAICompatibleProvider,
} from '../openai-compatible/openai-compatible-provider.ts';
import { withDimensionsOption } from '../provider-embedding-dimensions.ts';
import type { Provider } from '../provider-types.ts';

/**
 * Azure OpenAI through its v1 API (`https://<resource>.openai.azure.com/openai/v1`): the OpenAI
 * wire format with the deployment name as the model and the key in `api-key`, so OpenAI clients
 * pass through natively; other clients go through the AI SDK's Azure adapter.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference-preview-latest
 */
export function createAzureProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const azureOf = (settings: AdapterSettings) =>
    createAzure({
      baseURL: settings.baseURL.replace(/\/v1$/, ''),
      apiKey: settings.apiKey,
      headers: settings.headers,
      apiVersion: config.cloud.apiVersion,
      fetch: settings.fetch,
    });
  return createOpenAICompatibleProvider(config, transport, {
    keyHeader: 'api-key',
    nativeEndpoints: ['openai-responses', 'openai-embeddings', 'openai-images'],
    adapter(settings) {
      const azure = azureOf(settings);
      return (deployment) => azure.chat(deployment);
    },
    // Embeddings and images of deployments, for clients that do not speak OpenAI's API.
    media(settings) {
      const azure = azureOf(settings);
      // Azure's copy of the OpenAI package reads the size from `providerOptions.openai` only.
      const sized = { optionsKey: 'openai', field: 'dimensions', allowed: 'any' } as const;
      return {
        embedding: (deployment) => withDimensionsOption(azure.embedding(deployment), sized),
        image: (deployment) => azure.image(deployment),
      };
    },
  });
}
