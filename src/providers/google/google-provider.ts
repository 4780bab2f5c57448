import { createGoogle } from '@ai-sdk/google';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import type { Provider } from '../provider-types.ts';
import { classifyGoogleError } from './google-error.ts';
import { createGoogleImagenModel } from './google-imagen-model.ts';

/**
 * Google Gemini API (`generateContent` / `streamGenerateContent`, embeddings, images), through the
 * AI SDK's Google adapter: no client speaks Gemini's protocol, so every call is translated.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGoogleProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const googleOf = (fetch: typeof globalThis.fetch) =>
    createGoogle({ baseURL: config.baseUrl, apiKey: config.apiKey, headers: config.headers, fetch });
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const google = googleOf(fetch);
      return (modelId) => google.languageModel(modelId);
    },
    // `embedContent` / `batchEmbedContents`; images from Gemini image models (`generateContent`)
    // or Imagen (`:predict`, which the AI SDK package no longer calls).
    media(fetch) {
      const google = googleOf(fetch);
      const key: Record<string, string> =
        config.apiKey === undefined ? {} : { 'x-goog-api-key': config.apiKey };
      const imagen = {
        provider: 'google.image',
        baseURL: config.baseUrl,
        headers: { ...key, ...config.headers },
        optionsKey: 'google',
        fetch,
      };
      return {
        embedding: (modelId) => google.embedding(modelId),
        image: (modelId) =>
          modelId.startsWith('gemini-') ? google.image(modelId) : createGoogleImagenModel(modelId, imagen),
      };
    },
    classify: classifyGoogleError,
  });
}
