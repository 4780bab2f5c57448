import type { CanonicalCallOptions, CanonicalModel, CanonicalWarning } from '../../core/canonical.ts';
import type { UpstreamRequest } from '../../upstream/upstream-transport.ts';
import { type DirectEndpoint, directJsonCall, directStreamCall, malformed } from '../direct-exchange.ts';
import type { DirectCallContext, DirectModel } from '../direct-model.ts';
import { OpenAIChatStreamDecoder, openAICompletionToCanonical } from './openai-chat-direct-decode.ts';

/**
 * How an AI SDK chat model builds its request body. `@ai-sdk/openai-compatible` has it public
 * (`prepareRequest`); `@ai-sdk/openai`'s chat model keeps the same step in `getArgs`, typed
 * private but stable across its releases — reading it is what keeps OpenAI's own request rules
 * (reasoning models: `max_completion_tokens`, `developer` role, dropped sampling parameters) in
 * one place. A model with neither gets no direct path (`directModelOf` returns undefined).
 */
type RequestBuilder = (
  options: CanonicalCallOptions,
) => Promise<{ body: Record<string, unknown>; warnings: CanonicalWarning[] }>;

interface WithPrepareRequest {
  prepareRequest(
    options: CanonicalCallOptions,
  ): Promise<{ body: Record<string, unknown>; warnings: CanonicalWarning[] }>;
}
interface WithGetArgs {
  getArgs(
    options: CanonicalCallOptions,
  ): Promise<{ args: Record<string, unknown>; warnings: CanonicalWarning[] }>;
}

export function requestBuilderOf(model: CanonicalModel): RequestBuilder | undefined {
  const candidate = model as unknown as Partial<WithPrepareRequest & WithGetArgs>;
  if (typeof candidate.prepareRequest === 'function') {
    const prepare = candidate.prepareRequest.bind(model);
    return (options) => prepare(options);
  }
  if (typeof candidate.getArgs === 'function') {
    const getArgs = candidate.getArgs.bind(model);
    return async (options) => {
      const { args, warnings } = await getArgs(options);
      return { body: args, warnings };
    };
  }
  return undefined;
}

/** Where and how the direct model reaches Chat Completions. */
export interface OpenAIChatDirectSettings {
  endpoint: DirectEndpoint;
  origin: string;
  chatPath: string;
  /** Key and configured headers, lower-case. */
  headers: Record<string, string>;
}

/** Calls the direct model leaves to the AI SDK adapter (provider-executed tools). */
function needsAdapter(options: CanonicalCallOptions): boolean {
  return options.tools?.some((tool) => tool.type !== 'function') === true;
}

/**
 * The OpenAI Chat Completions direct model: the body is the AI SDK adapter's own, the answer is
 * decoded here. Streams always ask for usage (`stream_options.include_usage`), as the adapters do.
 */
export function createOpenAIChatDirectModel(
  settings: OpenAIChatDirectSettings,
  adapterModel: (modelId: string) => CanonicalModel,
): (modelId: string) => DirectModel | undefined {
  return (modelId) => {
    const build = requestBuilderOf(adapterModel(modelId));
    if (build === undefined) return undefined;

    async function request(
      options: CanonicalCallOptions,
      stream: boolean,
    ): Promise<{ upstream: UpstreamRequest; warnings: CanonicalWarning[] }> {
      const { body, warnings } = await build!(options);
      const headers: Record<string, string> = { ...settings.headers };
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (value !== undefined) headers[name.toLowerCase()] = value;
      }
      const payload = stream ? { ...body, stream: true, stream_options: { include_usage: true } } : body;
      return {
        upstream: {
          origin: settings.origin,
          path: settings.chatPath,
          method: 'POST',
          headers,
          body: JSON.stringify(payload),
        },
        warnings,
      };
    }

    return {
      generate(options: CanonicalCallOptions, context: DirectCallContext) {
        if (needsAdapter(options)) return undefined;
        return (async () => {
          const { upstream, warnings } = await request(options, false);
          const body = await directJsonCall(settings.endpoint, upstream, context);
          const result = openAICompletionToCanonical(
            body as Parameters<typeof openAICompletionToCanonical>[0],
            warnings,
          );
          if (result === undefined)
            throw malformed(settings.endpoint.provider, 'a completion without choices');
          return result;
        })();
      },
      stream(options: CanonicalCallOptions, context: DirectCallContext) {
        if (needsAdapter(options)) return undefined;
        return (async () => {
          const { upstream, warnings } = await request(options, true);
          const source = await directStreamCall(
            settings.endpoint,
            upstream,
            context,
            new OpenAIChatStreamDecoder(),
          );
          return { source, warnings };
        })();
      },
    };
  };
}
