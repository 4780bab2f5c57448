import type { CallContext } from '../../core/call-context.ts';
import type { ModelCatalog, ModelTarget } from '../../routing/model-catalog.ts';
import { type CanonicalProtocolCodec, runCanonicalCall } from '../canonical/canonical-call.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { modelNotFound } from '../model-not-found.ts';
import { runNativeCall } from '../passthrough/native-call.ts';
import { readRequestText } from '../request-body.ts';
import { canonicalToOpenAIChatResponse } from './canonical-to-openai-chat-response.ts';
import { openAIChatNativeCodec } from './openai-chat-native-codec.ts';
import { buildPassthroughRequestBody } from './openai-chat-passthrough-body.ts';
import { openAIChatRequestSchema } from './openai-chat-request-schema.ts';
import { OpenAIChatStreamEncoder } from './openai-chat-stream-encoder.ts';
import { openAIChatToCanonical } from './openai-chat-to-canonical.ts';

export interface OpenAIChatHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
}

/**
 * `POST /v1/chat/completions`. A provider that speaks OpenAI Chat Completions gets the client's
 * bytes (model id replaced) and its answer comes back byte for byte; any other provider is reached
 * through the canonical contract and its answer encoded back into OpenAI's format.
 */
export function createOpenAIChatHandler(
  deps: OpenAIChatHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes } = deps;

  return async function openAIChatCompletions(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIChatRequestSchema);
    const record = ctx.record;
    record.model = request.model;
    const stream = request.stream === true;
    record.stream = stream;
    const route = catalog.resolve(request.model);
    if (route === undefined) throw modelNotFound(request.model, catalog.suggest(request.model));
    const target = route.targets[0] as ModelTarget;
    const includeUsage = request.stream_options?.include_usage === true;

    if (target.provider.nativeProtocol === 'openai-chat') {
      const body = buildPassthroughRequestBody(text, request, target.upstreamModel);
      return runNativeCall(
        ctx,
        target,
        { body, upstreamModel: target.upstreamModel },
        request.model,
        stream,
        openAIChatNativeCodec(includeUsage),
      );
    }
    const { options, warnings } = openAIChatToCanonical(request);
    const codec: CanonicalProtocolCodec = {
      encodeResponse: canonicalToOpenAIChatResponse,
      createStreamEncoder: (publicModel) => new OpenAIChatStreamEncoder(publicModel, includeUsage),
    };
    return runCanonicalCall(ctx, target, options, warnings, request.model, stream, codec);
  };
}
