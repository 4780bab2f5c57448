import { createGoogle } from '@ai-sdk/google';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { UpstreamTransport } from '../../upstream/upstream-transport.ts';
import { createAdapterProvider } from '../adapter-provider.ts';
import type { Provider } from '../provider-types.ts';
import { classifyGoogleError } from './google-error.ts';

/**
 * Google Gemini API (`generateContent` / `streamGenerateContent`), through the AI SDK's Google
 * adapter: no client speaks Gemini's protocol, so every call is translated.
 * @see https://ai.google.dev/api/generate-content
 */
export function createGoogleProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  return createAdapterProvider(config, transport, {
    build(fetch) {
      const google = createGoogle({
        baseURL: config.baseUrl,
        apiKey: config.apiKey,
        headers: config.headers,
        fetch,
      });
      return (modelId) => google.languageModel(modelId);
    },
    classify: classifyGoogleError,
  });
}
