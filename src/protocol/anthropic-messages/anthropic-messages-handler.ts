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
import { anthropicNativeCodec } from './anthropic-native-codec.ts';
import { buildAnthropicPassthroughBody } from './anthropic-passthrough-body.ts';
import { type AnthropicMessagesRequest, anthropicMessagesRequestSchema } from './anthropic-request-schema.ts';
import { AnthropicStreamEncoder } from './anthropic-stream-encoder.ts';
import { anthropicToCanonical } from './anthropic-to-canonical.ts';
import { canonicalToAnthropicResponse } from './canonical-to-anthropic-response.ts';

export interface AnthropicHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
  /** Builds providers from request credentials (the shared routing prologue needs it). */
  byok: ByokProviders;
}

const CODEC: CanonicalProtocolCodec = {
  encodeResponse: canonicalToAnthropicResponse,
  createStreamEncoder: (publicModel) => new AnthropicStreamEncoder(publicModel),
};

/**
 * `POST /v1/messages` (Anthropic SDK, Claude Code). An Anthropic upstream gets the client's bytes
 * (model id replaced, `anthropic-version`/`anthropic-beta` forwarded) and its answer comes back
 * byte for byte; any other provider is reached through the canonical contract and its answer
 * encoded as Anthropic messages and events.
 */
export function createAnthropicMessagesHandler(
  deps: AnthropicHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes, byok } = deps;

  return async function anthropicMessages(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, anthropicMessagesRequestSchema);
    const record = ctx.record;
    record.model = request.model;
    const stream = request.stream === true;
    record.stream = stream;
    const { route, plan } = planProtocolCall(ctx, catalog, byok, {
      model: request.model,
      type: 'language',
      gateway: request.providerOptions?.gateway,
      user: request.metadata?.user_id ?? undefined,
      prefix: () => anthropicPromptPrefix(request),
    });
    let canonical: ReturnType<typeof anthropicToCanonical> | undefined;

    return runWithFailover(
      record,
      plan,
      (attempt, tracker) => {
        const { route: served, target } = attempt;
        record.byok = attempt.byok === true;
        if (target.provider.nativeProtocol === 'anthropic-messages') {
          const body = buildAnthropicPassthroughBody(text, request, target.upstreamModel);
          return runNativeCall(
            ctx,
            target,
            { body, upstreamModel: target.upstreamModel, endpoint: 'messages' },
            served.slug,
            stream,
            anthropicNativeCodec,
            tracker,
          );
        }
        canonical ??= autoCached(anthropicToCanonical(request), request.providerOptions?.gateway?.caching);
        const { options, warnings } = canonical;
        return runCanonicalCall(
          ctx,
          target,
          options,
          warnings,
          served.slug,
          stream,
          CODEC,
          tracker,
          text.length,
        );
      },
      { policy: route.routing, signal: ctx.request.signal },
    );
  };
}

/** The prefix a prompt cache would reuse: system, tools, first user turn (see the OpenAI handler). */
function anthropicPromptPrefix(request: AnthropicMessagesRequest): string {
  let prefix = JSON.stringify(request.system ?? '');
  for (const message of request.messages) {
    prefix += JSON.stringify(message.content);
    if (message.role === 'user') break;
  }
  if (request.tools !== undefined) prefix += JSON.stringify(request.tools);
  return prefix;
}
