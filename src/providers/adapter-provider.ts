import type { ProviderConfig } from '../config/config-types.ts';
import type { CanonicalModel } from '../core/canonical.ts';
import { GatewayError } from '../core/gateway-error.ts';
import { scrubSecrets } from '../core/scrub-secrets.ts';
import { createUpstreamFetch } from '../upstream/upstream-fetch.ts';
import type { UpstreamHeaders, UpstreamTransport } from '../upstream/upstream-transport.ts';
import { createHeaderForwarder } from './openai-compatible/openai-compatible-forward-headers.ts';
import type { MediaModelFactories } from './openai-compatible/openai-compatible-media-models.ts';
import { modelCache } from './provider-model-cache.ts';
import type { NativeEndpoint, Provider } from './provider-types.ts';

const NO_NATIVE_ENDPOINTS: ReadonlySet<NativeEndpoint> = new Set();

export interface AdapterProviderOptions {
  /** Builds the AI SDK model factory on the gateway's fetch. */
  build(upstreamFetch: typeof globalThis.fetch): (modelId: string) => CanonicalModel;
  /** Builds the provider's embedding and image models on the gateway's fetch, if it has any. */
  media?(upstreamFetch: typeof globalThis.fetch): MediaModelFactories;
  /** Reads this provider's error answers into the gateway taxonomy. */
  classify(
    provider: string,
    status: number,
    headers: UpstreamHeaders,
    bodyText: string,
    scrub: (text: string) => string,
  ): GatewayError;
  /** Extra secrets to keep out of logs and errors (cloud credentials). */
  secrets?: (string | undefined)[];
}

/**
 * A provider no client protocol matches (Gemini, Vertex AI, Bedrock, Cohere): every call goes
 * through its AI SDK adapter, over the gateway's own transport.
 */
export function createAdapterProvider(
  config: ProviderConfig,
  transport: UpstreamTransport,
  options: AdapterProviderOptions,
): Provider {
  const secrets = [config.apiKey, ...Object.values(config.headers), ...(options.secrets ?? [])].filter(
    (value): value is string => value !== undefined && value.length >= 8,
  );
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  const forward = createHeaderForwarder(config.forwardHeaders);
  const upstreamFetch = createUpstreamFetch(transport, config.name);
  const build = options.build(upstreamFetch);
  const media = options.media?.(upstreamFetch) ?? {};
  return {
    name: config.name,
    type: config.type,
    timeouts: config.timeouts,
    nativeProtocol: undefined,
    nativeEndpoints: NO_NATIVE_ENDPOINTS,
    startNative() {
      throw new GatewayError('internal', `Provider "${config.name}" has no native client protocol.`);
    },
    classifyError: (status, headers, bodyText) =>
      options.classify(config.name, status, headers, bodyText, scrub),
    languageModel: modelCache(build),
    embeddingModel: media.embedding === undefined ? undefined : modelCache(media.embedding),
    imageModel: media.image === undefined ? undefined : modelCache(media.image),
    forwardedHeaders: (clientRequest) => (forward === undefined ? undefined : forward(clientRequest, {})),
    scrub,
    close: () => transport.close(),
  };
}
