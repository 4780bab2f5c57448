import type { CallContext } from '../../core/call-context.ts';
import type { ByokProviders } from '../../providers/provider-byok.ts';
import { runWithFailover } from '../../routing/failover-executor.ts';
import type { ModelCatalog } from '../../routing/model-catalog.ts';
import { type CanonicalProtocolCodec, runCanonicalCall } from '../canonical/canonical-call.ts';
import { autoCached } from '../gateway-call-options.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { runNativeCall } from '../passthrough/native-call.ts';
import { planProtocolCall } from '../protocol-call-plan.ts';
import { readRequestText } from '../request-body.ts';
import { canonicalToOpenAIChatResponse } from './canonical-to-openai-chat-response.ts';
import { openAIChatNativeCodec } from './openai-chat-native-codec.ts';
import { buildPassthroughRequestBody } from './openai-chat-passthrough-body.ts';
import { type OpenAIChatRequest, openAIChatRequestSchema } from './openai-chat-request-schema.ts';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.ts';
import { openAIChatToCanonical } from './openai-chat-to-canonical.ts';

export interface OpenAIChatHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
  /** Builds providers from request credentials (`providerOptions.gateway.byok`). */
  byok: ByokProviders;
}

/**
 * `POST /v1/chat/completions`. A provider that speaks OpenAI Chat Completions gets the client's
 * bytes (model id replaced) and its answer comes back byte for byte; any other provider is reached
 * through the canonical contract and its answer encoded back into OpenAI's format.
 */
export function createOpenAIChatHandler(
  deps: OpenAIChatHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes, byok } = deps;

  return async function openAIChatCompletions(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIChatRequestSchema);
    const record = ctx.record;
    record.model = request.model;
    const stream = request.stream === true;
    record.stream = stream;
    const gateway = request.providerOptions?.gateway;
    const { route, plan } = planProtocolCall(ctx, catalog, byok, {
      model: request.model,
      type: 'language',
      gateway,
      models: request.models,
      user: request.user,
      prefix: () => openAIPromptPrefix(request),
    });
    const includeUsage = request.stream_options?.include_usage === true;
    let canonical: ReturnType<typeof openAIChatToCanonical> | undefined;

    return runWithFailover(
      record,
      plan,
      (served, tracker) => {
        const { target } = served;
        if (target.provider.nativeProtocol === 'openai-chat') {
          const body = buildPassthroughRequestBody(text, request, target.upstreamModel);
          return runNativeCall(
            ctx,
            target,
            { body, upstreamModel: target.upstreamModel },
            served.route.slug,
            stream,
            openAIChatNativeCodec(includeUsage),
            tracker,
          );
        }
        record.byok = served.byok === true;
        canonical ??= autoCached(openAIChatToCanonical(request), gateway?.caching);
        const codec: CanonicalProtocolCodec = {
          encodeResponse: canonicalToOpenAIChatResponse,
          createStreamEncoder: (publicModel) => new OpenAIChatStreamEncoder(publicModel, includeUsage),
        };
        const { options, warnings } = canonical;
        return runCanonicalCall(
          ctx,
          target,
          options,
          warnings,
          served.route.slug,
          stream,
          codec,
          tracker,
          text.length,
        );
      },
      { policy: route.routing, signal: ctx.request.signal },
    );
  };
}

/**
 * What "the same conversation" means for prefix affinity: the system prompt, the tools and the
 * first user turn — the part a provider's prompt cache (or a server's KV cache) would reuse.
 * Only computed for routes with `affinity: prefix`.
 */
function openAIPromptPrefix(request: OpenAIChatRequest): string {
  let prefix = '';
  for (const message of request.messages) {
    prefix += JSON.stringify(message.content);
    if (message.role === 'user') break;
  }
  if (request.tools !== undefined) for (const tool of request.tools) prefix += JSON.stringify(tool);
  return prefix;
}
