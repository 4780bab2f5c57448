import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import { withDimensionsOption } from '../provider-embedding-dimensions.ts';
import type { Provider } from '../provider-types.ts';
import { bedrockDimensionsOption } from './bedrock-embedding-dimensions.ts';
import { classifyBedrockError } from './bedrock-error.ts';

/**
 * Amazon Bedrock (Converse / ConverseStream with SigV4 signing and the binary event stream; Claude,
 * Llama, Mistral, Nova), through the AI SDK's Bedrock adapter. Credentials come from the config or
 * the AWS_* environment; a Bedrock API key works too.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
export function createBedrockProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const { region, accessKeyId, secretAccessKey, sessionToken } = config.cloud;
  const bedrockOf = (fetch: typeof globalThis.fetch) =>
    createAmazonBedrock({
      region,
      baseURL: config.baseUrl,
      headers: config.headers,
      fetch,
      ...(config.apiKey === undefined
        ? { accessKeyId, secretAccessKey, sessionToken }
        : { apiKey: config.apiKey }),
    });
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const bedrock = bedrockOf(fetch);
      return (modelId) => bedrock.languageModel(modelId);
    },
    // InvokeModel: Titan, Cohere and Nova embeddings (sized through their own options); Titan
    // Image and Nova Canvas images.
    media(fetch) {
      const bedrock = bedrockOf(fetch);
      return {
        embedding: (modelId) =>
          withDimensionsOption(bedrock.embedding(modelId), bedrockDimensionsOption(modelId)),
        image: (modelId) => bedrock.image(modelId),
      };
    },
    classify: classifyBedrockError,
    secrets: [secretAccessKey, sessionToken],
  });
}
