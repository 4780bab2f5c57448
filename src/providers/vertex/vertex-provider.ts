import { createVertex } from '@ai-sdk/google-vertex';
import { createVertexAnthropic } from '@ai-sdk/google-vertex/anthropic';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamHeaders, UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import { classifyAnthropicError } from '../anthropic/anthropic-error.ts';
import { classifyGoogleError } from '../google/google-error.ts';
import { createGoogleImagenModel } from '../google/google-imagen-model.ts';
import type { Provider } from '../provider-types.ts';

function isAnthropicError(bodyText: string): boolean {
  try {
    return (JSON.parse(bodyText) as { type?: unknown }).type === 'error';
  } catch {
    return false;
  }
}

/** Claude models on Vertex answer in Anthropic's format, everything else in Gemini's. */
const isClaude = (modelId: string): boolean => modelId.startsWith('claude');

/**
 * Google Vertex AI: Gemini models and Claude (Anthropic's models served by Google), through the AI
 * SDK's Vertex adapters. Authenticates with a service account (`credentials_file`, or Application
 * Default Credentials) or, in express mode, an API key.
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
export function createVertexProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const { project, location, credentialsFile } = config.cloud;
  const auth =
    credentialsFile === undefined
      ? undefined
      : { keyFile: credentialsFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] };
  const geminiOf = (fetch: typeof globalThis.fetch) =>
    createVertex({
      project,
      location,
      baseURL: `${config.baseUrl}/publishers/google`,
      headers: config.headers,
      fetch,
      ...(config.apiKey === undefined ? { googleAuthOptions: auth } : { apiKey: config.apiKey }),
    });
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const gemini = geminiOf(fetch);
      const claude = createVertexAnthropic({
        project,
        location,
        baseURL: `${config.baseUrl}/publishers/anthropic/models`,
        headers: config.headers,
        fetch,
        ...(auth === undefined ? {} : { googleAuthOptions: auth }),
      });
      return (modelId) => (isClaude(modelId) ? claude.languageModel(modelId) : gemini.languageModel(modelId));
    },
    media(fetch) {
      const gemini = geminiOf(fetch);
      // Imagen (`:predict`) is the gateway's own model, which authenticates with an express-mode
      // key only; with a service account, images come from Gemini image models.
      const imagen = {
        provider: 'vertex.image',
        baseURL: `${config.baseUrl}/publishers/google`,
        headers: {
          ...(config.apiKey === undefined ? {} : { 'x-goog-api-key': config.apiKey }),
          ...config.headers,
        },
        optionsKey: 'vertex',
        fetch,
        unavailable:
          config.apiKey === undefined
            ? `Imagen on Vertex AI needs an express-mode api_key on provider "${config.name}"; with a service account, use a gemini-* image model.`
            : undefined,
      };
      return {
        embedding: (modelId) => gemini.embeddingModel(modelId),
        image: (modelId) =>
          modelId.startsWith('gemini-') ? gemini.image(modelId) : createGoogleImagenModel(modelId, imagen),
      };
    },
    classify(
      provider: string,
      status: number,
      headers: UpstreamHeaders,
      bodyText: string,
      scrub: (text: string) => string,
    ) {
      // Claude on Vertex answers errors in Anthropic's shape; Gemini in Google's.
      return isAnthropicError(bodyText)
        ? classifyAnthropicError(provider, status, headers, bodyText, scrub)
        : classifyGoogleError(provider, status, headers, bodyText, scrub);
    },
  });
}
