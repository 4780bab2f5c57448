import { createAnthropic } from '@ai-sdk/anthropic';
import type { ProviderConfig } from '../../config/config-types.ts';
import { incomingHeaderRecord } from '../../core/incoming-request.ts';
import { scrubSecrets } from '../../core/scrub-secrets.ts';
import { createUpstreamFetch } from '../../upstream/upstream-fetch.ts';
import type {
  UpstreamExchange,
  UpstreamHeaders,
  UpstreamTransport,
} from '../../upstream/upstream-transport.ts';
import { createHeaderForwarder } from '../openai-compatible/openai-compatible-forward-headers.ts';
import { modelCache } from '../provider-model-cache.ts';
import type { Provider, ProviderNativeCall } from '../provider-types.ts';
import { createAnthropicDirectModel } from './anthropic-direct-model.ts';
import { classifyAnthropicError } from './anthropic-error.ts';

/** The API version sent when the client does not name one. */
const DEFAULT_VERSION = '2023-06-01';

/**
 * Anthropic: Anthropic clients (SDK, Claude Code) pass through natively — the client's
 * `anthropic-version` and `anthropic-beta` go along, so betas keep working — and every other
 * client is served through the AI SDK's Anthropic adapter over the same transport.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function createAnthropicProvider(config: ProviderConfig, transport: UpstreamTransport): Provider {
  const url = new URL(config.baseUrl);
  const origin = url.origin;
  const base = url.pathname.replace(/\/+$/, '');
  const paths = { messages: `${base}/messages`, count_tokens: `${base}/messages/count_tokens` };
  const baseHeaders: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.apiKey !== undefined) baseHeaders['x-api-key'] = config.apiKey;
  const forward = createHeaderForwarder(config.forwardHeaders);
  const secrets = [config.apiKey, ...Object.values(config.headers)].filter(
    (value): value is string => value !== undefined && value.length >= 8,
  );
  const scrub = (text: string): string => scrubSecrets(text, secrets);
  const classifyError = (status: number, headers: UpstreamHeaders, bodyText: string) =>
    classifyAnthropicError(config.name, status, headers, bodyText, scrub);
  const direct = createAnthropicDirectModel({
    endpoint: { provider: config.name, timeouts: config.timeouts, transport, classifyError },
    origin,
    messagesPath: paths.messages,
    headers: { 'anthropic-version': DEFAULT_VERSION, ...baseHeaders },
    baseURL: config.baseUrl,
  });
  const adapter = createAnthropic({
    baseURL: config.baseUrl,
    apiKey: config.apiKey ?? 'none',
    headers: config.headers,
    fetch: createUpstreamFetch(transport, config.name),
  });

  return {
    name: config.name,
    type: config.type,
    timeouts: config.timeouts,
    nativeProtocol: 'anthropic-messages',
    nativeEndpoints: new Set(),
    startNative(call: ProviderNativeCall): UpstreamExchange {
      const client = incomingHeaderRecord(call.clientRequest);
      const headers =
        forward === undefined ? { ...baseHeaders } : forward(call.clientRequest, { ...baseHeaders });
      const version = client['anthropic-version'];
      const beta = client['anthropic-beta'];
      headers['anthropic-version'] = typeof version === 'string' ? version : DEFAULT_VERSION;
      if (beta !== undefined) headers['anthropic-beta'] = Array.isArray(beta) ? beta.join(',') : beta;
      return transport.start({
        origin,
        path: call.endpoint === 'count_tokens' ? paths.count_tokens : paths.messages,
        method: 'POST',
        headers,
        body: call.body,
      });
    },
    classifyError,
    languageModel: modelCache((modelId) => adapter.languageModel(modelId)),
    directModel: modelCache(direct),
    forwardedHeaders: (clientRequest) => (forward === undefined ? undefined : forward(clientRequest, {})),
    scrub,
    close: () => transport.close(),
  };
}
