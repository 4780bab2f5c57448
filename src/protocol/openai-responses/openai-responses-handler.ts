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
import { canonicalToOpenAIResponsesResponse } from './canonical-to-openai-responses-response.ts';
import { openAIResponsesNativeCodec } from './openai-responses-native-codec.ts';
import { OpenAIResponsesEnvelope } from './openai-responses-object.ts';
import { buildResponsesPassthroughBody } from './openai-responses-passthrough-body.ts';
import {
  type OpenAIResponsesRequest,
  openAIResponsesRequestSchema,
} from './openai-responses-request-schema.ts';
import { nativeResponsesAttempts, storedStateOf } from './openai-responses-stored-state.ts';
import { OpenAIResponsesStreamEncoder } from './openai-responses-stream-encoder.ts';
import { openAIResponsesToCanonical } from './openai-responses-to-canonical.ts';

export interface OpenAIResponsesHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
  /** Builds providers from request credentials (`providerOptions.gateway.byok`). */
  byok: ByokProviders;
}

/**
 * `POST /v1/responses`, the OpenAI Responses API (Codex, the OpenAI Agents SDK,
 * `client.responses.create`). A provider that serves the Responses API itself (OpenAI, Azure, the
 * simulator) gets the client's bytes (model id replaced) and its answer comes back byte for byte;
 * any other provider is reached through the canonical contract and its answer encoded back into
 * Responses objects and events. Requests that lean on state the upstream stores
 * (`previous_response_id`, `conversation`, …) are only sent to the former.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function createOpenAIResponsesHandler(
  deps: OpenAIResponsesHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes, byok } = deps;

  return async function openAIResponses(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIResponsesRequestSchema);
    const record = ctx.record;
    record.model = request.model;
    const stream = request.stream === true;
    record.stream = stream;
    const gateway = request.providerOptions?.gateway;
    const planned = planProtocolCall(ctx, catalog, byok, {
      model: request.model,
      type: 'language',
      gateway,
      models: request.models,
      user: request.user ?? request.safety_identifier,
      prefix: () => responsesPromptPrefix(request),
    });
    const { route } = planned;
    const stored = storedStateOf(request);
    const plan = stored === undefined ? planned.plan : nativeResponsesAttempts(planned.plan, stored);
    let canonical: ReturnType<typeof openAIResponsesToCanonical> | undefined;

    return runWithFailover(
      record,
      plan,
      (attempt, tracker) => {
        const { route: served, target } = attempt;
        record.byok = attempt.byok === true;
        if (target.provider.nativeEndpoints.has('openai-responses')) {
          return runNativeCall(
            ctx,
            target,
            {
              body: buildResponsesPassthroughBody(text, request, target.upstreamModel),
              upstreamModel: target.upstreamModel,
              endpoint: 'responses',
            },
            served.slug,
            stream,
            openAIResponsesNativeCodec(),
            tracker,
          );
        }
        canonical ??= autoCached(openAIResponsesToCanonical(request), gateway?.caching);
        const codec: CanonicalProtocolCodec = {
          encodeResponse: (result, publicModel) =>
            canonicalToOpenAIResponsesResponse(result, new OpenAIResponsesEnvelope(request, publicModel)),
          createStreamEncoder: (publicModel) =>
            new OpenAIResponsesStreamEncoder(new OpenAIResponsesEnvelope(request, publicModel)),
        };
        const { options, warnings } = canonical;
        return runCanonicalCall(
          ctx,
          target,
          options,
          warnings,
          served.slug,
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
 * What "the same conversation" means for prefix affinity: the instructions, the tools and the
 * input up to the first user message. Only computed for routes with `affinity: prefix`.
 */
function responsesPromptPrefix(request: OpenAIResponsesRequest): string {
  let prefix = request.instructions ?? '';
  const input = request.input;
  if (typeof input === 'string') prefix += input;
  else if (input !== undefined) {
    for (const item of input) {
      prefix += JSON.stringify(item);
      if ((item as { role?: string }).role === 'user') break;
    }
  }
  if (request.tools !== undefined) for (const tool of request.tools) prefix += JSON.stringify(tool);
  return prefix;
}
