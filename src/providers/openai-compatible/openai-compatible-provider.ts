import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { ProviderConfig } from '../../config/config-types.ts';
import type { CanonicalModel } from '../../core/canonical.ts';
import { scrubSecrets } from '../../core/scrub-secrets.ts';
import { createUpstreamFetch } from '../../upstream/upstream-fetch.ts';
import type {
  UpstreamExchange,
  UpstreamHeaders,
  UpstreamTransport,
} from '../../upstream/upstream-transport.ts';
import { modelCache } from '../provider-model-cache.ts';
import type { Provider, ProviderNativeCall } from '../provider-types.ts';
import { createOpenAIChatDirectModel } from './openai-chat-direct-model.ts';
import { classifyOpenAIError } from './openai-compatible-error.ts';
import { createHeaderForwarder } from './openai-compatible-forward-headers.ts';

/**
 * The one provider implementation behind `openai`, every OpenAI-compatible service (a preset or a
 * base URL) and the simulator: they differ only in base URL, key, headers and transport. OpenAI
 * clients pass through natively; other clients go through the AI SDK's OpenAI (or
 * OpenAI-compatible) chat model over the same transport. Everything per call that can be computed
 * from the config is computed here, once.
 */
/** Settings handed to an AI SDK adapter factory. */
export interface AdapterSettings {
  baseURL: string;
  apiKey: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
}

export interface OpenAICompatibleOptions {
  /** The AI SDK adapter used for clients that do not speak OpenAI (default: OpenAI-compatible). */
  adapter?: (settings: AdapterSettings) => (modelId: string) => CanonicalModel;
  /** How the key is sent: `Authorization: Bearer` (default) or Azure's `api-key`. */
  keyHeader?: 'authorization' | 'api-key';
}

/** OpenAI's own chat model for `openai`, the generic OpenAI-compatible one for everything else. */
function defaultAdapter(
  config: ProviderConfig,
  settings: AdapterSettings,
): (modelId: string) => CanonicalModel {
  if (config.type === 'openai') {
    const openai = createOpenAI(settings);
    return (modelId) => openai.chat(modelId);
  }
  const compatible = createOpenAICompatible({ ...settings, name: config.name, includeUsage: true });
  return (modelId) => compatible.chatModel(modelId);
}

export function createOpenAICompatibleProvider(
  config: ProviderConfig,
  transport: UpstreamTransport,
  options: OpenAICompatibleOptions = {},
): Provider {
  const url = new URL(config.baseUrl);
  const origin = url.origin;
  const chatPath = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  const baseHeaders: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.apiKey !== undefined) {
    if (options.keyHeader === 'api-key') baseHeaders['api-key'] = config.apiKey;
    else baseHeaders.authorization = `Bearer ${config.apiKey}`;
  }
  const forward = createHeaderForwarder(config.forwardHeaders);
  const secrets = [config.apiKey, ...Object.values(config.headers)].filter(
    (value): value is string => value !== undefined && value.length >= 8,
  );
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  const fetch = createUpstreamFetch(transport, config.name);
  const settings = {
    baseURL: config.baseUrl,
    apiKey: config.apiKey ?? 'none',
    headers: config.headers,
    fetch,
  };
  const build = options.adapter?.(settings) ?? defaultAdapter(config, settings);
  const classifyError = (status: number, headers: UpstreamHeaders, bodyText: string) =>
    classifyOpenAIError(config.name, status, headers, bodyText, scrub);
  // Other adapters (xAI's Responses API, Groq's, Perplexity's) read answers their own way.
  const direct =
    options.adapter === undefined
      ? modelCache(
          createOpenAIChatDirectModel(
            {
              endpoint: { provider: config.name, timeouts: config.timeouts, transport, classifyError },
              origin,
              chatPath,
              headers: baseHeaders,
            },
            build,
          ),
        )
      : undefined;

  return {
    name: config.name,
    type: config.type,
    timeouts: config.timeouts,
    nativeProtocol: 'openai-chat',
    startNative(call: ProviderNativeCall): UpstreamExchange {
      return transport.start({
        origin,
        path: chatPath,
        method: 'POST',
        headers: forward === undefined ? baseHeaders : forward(call.clientRequest, baseHeaders),
        body: call.body,
      });
    },
    classifyError,
    languageModel: modelCache(build),
    directModel: direct,
    forwardedHeaders: (clientRequest) => (forward === undefined ? undefined : forward(clientRequest, {})),
    scrub,
    close: () => transport.close(),
  };
}
