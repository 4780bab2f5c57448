import type { ProviderConfig } from '../../config/config-types.ts';
import { scrubSecrets } from '../../core/scrub-secrets.ts';
import type { UpstreamExchange, UpstreamTransport } from '../../upstream/upstream-transport.ts';
import type { Provider, ProviderChatCall } from '../provider-types.ts';
import { classifyOpenAIError } from './openai-compatible-error.ts';
import { createHeaderForwarder } from './openai-compatible-forward-headers.ts';

/**
 * The one provider implementation behind `openai`, every OpenAI-compatible service (a preset or a
 * base URL) and the simulator: they differ only in base URL, key, headers and transport. Everything
 * per-call that can be computed from the config is computed here, once.
 */
export function createOpenAICompatibleProvider(
  config: ProviderConfig,
  transport: UpstreamTransport,
): Provider {
  const url = new URL(config.baseUrl);
  const origin = url.origin;
  const chatPath = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  const baseHeaders: Record<string, string> = { 'content-type': 'application/json', ...config.headers };
  if (config.apiKey !== undefined) baseHeaders.authorization = `Bearer ${config.apiKey}`;
  const forward = createHeaderForwarder(config.forwardHeaders);
  const secrets = [config.apiKey, ...Object.values(config.headers)].filter(
    (value): value is string => value !== undefined && value.length >= 8,
  );
  const scrub = (text: string): string => scrubSecrets(text, secrets);

  return {
    name: config.name,
    type: config.type,
    protocol: 'openai-chat',
    timeouts: config.timeouts,
    startChat(call: ProviderChatCall): UpstreamExchange {
      return transport.start({
        origin,
        path: chatPath,
        method: 'POST',
        headers: forward === undefined ? baseHeaders : forward(call.clientRequest, baseHeaders),
        body: call.body,
      });
    },
    classifyError(status, headers, bodyText) {
      return classifyOpenAIError(config.name, status, headers, bodyText, scrub);
    },
    scrub,
    close: () => transport.close(),
  };
}
