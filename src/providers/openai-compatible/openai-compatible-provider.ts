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
import type { NativeEndpoint, Provider, ProviderNativeCall } from '../provider-types.ts';
import { createOpenAIChatDirectModel } from './openai-chat-direct-model.ts';
import { classifyOpenAIError } from './openai-compatible-error.ts';
import { createHeaderForwarder } from './openai-compatible-forward-headers.ts';
import { defaultMediaModels, type MediaModelsBuilder } from './openai-compatible-media-models.ts';

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
  /** The OpenAI APIs besides chat the service serves (default: by provider type, see below). */
  nativeEndpoints?: readonly NativeEndpoint[];
  /**
   * The service's embedding and image models. Without an `adapter` the default is OpenAI's (or the
   * OpenAI-compatible) ones; with an `adapter` only these, so a chat-only service has none.
   */
  media?: MediaModelsBuilder;
}

/**
 * Which OpenAI APIs besides Chat Completions a service serves with OpenAI's own wire format:
 * OpenAI and the simulator all of them; Mistral, Together, Fireworks, OpenRouter and generic
 * OpenAI-compatible servers (vLLM, Ollama, LM Studio) embeddings; the rest chat only.
 */
function defaultNativeEndpoints(type: ProviderConfig['type']): readonly NativeEndpoint[] {
  switch (type) {
    case 'openai':
    case 'simulator':
      return ['openai-responses', 'openai-embeddings', 'openai-images'];
    case 'mistral':
    case 'togetherai':
    case 'fireworks':
    case 'openrouter':
    case 'openai-compatible':
      return ['openai-embeddings'];
    default:
      return [];
  }
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
  const basePath = url.pathname.replace(/\/+$/, '');
  const chatPath = `${basePath}/chat/completions`;
  const paths: Record<NonNullable<ProviderNativeCall['endpoint']>, string> = {
    chat: chatPath,
    responses: `${basePath}/responses`,
    embeddings: `${basePath}/embeddings`,
    images: `${basePath}/images/generations`,
    // Anthropic's endpoints: never asked of an OpenAI-compatible provider.
    messages: chatPath,
    count_tokens: chatPath,
  };
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
  const media =
    options.adapter === undefined ? defaultMediaModels(config, settings) : (options.media?.(settings) ?? {});
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
    nativeEndpoints: new Set(options.nativeEndpoints ?? defaultNativeEndpoints(config.type)),
    startNative(call: ProviderNativeCall): UpstreamExchange {
      return transport.start({
        origin,
        path: paths[call.endpoint ?? 'chat'],
        method: 'POST',
        headers: forward === undefined ? baseHeaders : forward(call.clientRequest, baseHeaders),
        body: call.body,
      });
    },
    classifyError,
    languageModel: modelCache(build),
    embeddingModel: media.embedding === undefined ? undefined : modelCache(media.embedding),
    imageModel: media.image === undefined ? undefined : modelCache(media.image),
    directModel: direct,
    forwardedHeaders: (clientRequest) => (forward === undefined ? undefined : forward(clientRequest, {})),
    scrub,
    close: () => transport.close(),
  };
}
