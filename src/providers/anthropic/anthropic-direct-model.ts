import { AnthropicLanguageModel } from '@ai-sdk/anthropic/internal';
import type { CanonicalCallOptions } from '../../core/canonical.ts';
import type { UpstreamRequest } from '../../upstream/upstream-transport.ts';
import { type DirectEndpoint, directJsonCall, directStreamCall } from '../direct-exchange.ts';
import type { DirectCallContext, DirectModel } from '../direct-model.ts';
import { AnthropicStreamDecoder, anthropicMessageToCanonical } from './anthropic-direct-decode.ts';

/** Where and how the direct model reaches the Messages API. */
export interface AnthropicDirectSettings {
  endpoint: DirectEndpoint;
  origin: string;
  messagesPath: string;
  /** Key, version and configured headers, lower-case. */
  headers: Record<string, string>;
  baseURL: string;
}

/** Calls the direct model leaves to the AI SDK adapter (it reshapes their answers). */
function needsAdapter(options: CanonicalCallOptions): boolean {
  if (options.responseFormat?.type === 'json') return true;
  return options.tools?.some((tool) => tool.type !== 'function') === true;
}

function betasOf(value: string | undefined, into: Set<string>): void {
  if (value === undefined) return;
  for (const beta of value.toLowerCase().split(',')) {
    const trimmed = beta.trim();
    if (trimmed !== '') into.add(trimmed);
  }
}

/**
 * The Anthropic direct model: the request is the AI SDK adapter's own (`prepareRequest`, the same
 * parameters, model limits, thinking rules and warnings), the answer is decoded here.
 */
export function createAnthropicDirectModel(
  settings: AnthropicDirectSettings,
): (modelId: string) => DirectModel {
  const config = { provider: 'anthropic.messages', baseURL: settings.baseURL };

  async function request(
    modelId: string,
    options: CanonicalCallOptions,
    stream: boolean,
  ): Promise<{
    upstream: UpstreamRequest;
    warnings: Awaited<ReturnType<typeof AnthropicLanguageModel.prepareRequest>>['warnings'];
  }> {
    const headers: Record<string, string> = { ...settings.headers };
    const supplied = new Set<string>();
    betasOf(headers['anthropic-beta'], supplied);
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value !== undefined) headers[name.toLowerCase()] = value;
    }
    betasOf(options.headers?.['anthropic-beta'], supplied);
    const { args, warnings, betas } = await AnthropicLanguageModel.prepareRequest({
      modelId,
      config,
      options: { ...options, stream, userSuppliedBetas: supplied },
    });
    if (betas.size > 0) headers['anthropic-beta'] = [...betas].join(',');
    return {
      upstream: {
        origin: settings.origin,
        path: settings.messagesPath,
        method: 'POST',
        headers,
        body: JSON.stringify(args),
      },
      warnings,
    };
  }

  return (modelId) => ({
    generate(options: CanonicalCallOptions, context: DirectCallContext) {
      if (needsAdapter(options)) return undefined;
      return (async () => {
        const { upstream, warnings } = await request(modelId, options, false);
        const body = await directJsonCall(settings.endpoint, upstream, context);
        return anthropicMessageToCanonical(
          body as Parameters<typeof anthropicMessageToCanonical>[0],
          warnings,
        );
      })();
    },
    stream(options: CanonicalCallOptions, context: DirectCallContext) {
      if (needsAdapter(options)) return undefined;
      return (async () => {
        const { upstream, warnings } = await request(modelId, options, true);
        const source = await directStreamCall(
          settings.endpoint,
          upstream,
          context,
          new AnthropicStreamDecoder(),
        );
        return { source, warnings };
      })();
    },
  });
}
