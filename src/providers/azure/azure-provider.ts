import { createAzure } from '@ai-sdk/azure';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createOpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import type { Provider } from '../provider-types.ts';

/**
 * Azure OpenAI through its v1 API (`https://<resource>.openai.azure.com/openai/v1`): the OpenAI
 * wire format with the deployment name as the model and the key in `api-key`, so OpenAI clients
 * pass through natively; other clients go through the AI SDK's Azure adapter.
 * @see https://learn.microsoft.com/en-us/azure/ai-foundry/openai/reference-preview-latest
 */
export function createAzureProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  return createOpenAICompatibleProvider(config, transport, {
    keyHeader: 'api-key',
    adapter(settings) {
      const azure = createAzure({
        baseURL: settings.baseURL.replace(/\/v1$/, ''),
        apiKey: settings.apiKey,
        headers: settings.headers,
        apiVersion: config.cloud.apiVersion,
        fetch: settings.fetch,
      });
      return (deployment) => azure.chat(deployment);
    },
  });
}
