import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import type { ByokProviders } from '../../providers/provider-byok.ts';
import { runWithFailover } from '../../routing/failover-executor.ts';
import type { ModelCatalog } from '../../routing/model-catalog.ts';
import { runEmbeddingCall } from '../canonical/canonical-embedding-call.ts';
import { warningsHeader } from '../canonical/canonical-warnings.ts';
import { respond } from '../http-response.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { rewritePassthroughResponseBody } from '../openai-chat/openai-chat-passthrough-body.ts';
import { runNativeCall } from '../passthrough/native-call.ts';
import { nonStreamNativeCodec } from '../passthrough/non-stream-native-codec.ts';
import { splicePassthroughRequestBody } from '../passthrough/passthrough-request-body.ts';
import { planProtocolCall } from '../protocol-call-plan.ts';
import { readRequestText } from '../request-body.ts';
import { responseMetadataHeaders } from '../response-metadata-headers.ts';
import {
  type OpenAIEmbeddingsRequest,
  openAIEmbeddingsRequestSchema,
} from './openai-embeddings-request-schema.ts';
import { encodeOpenAIEmbeddingsResponse } from './openai-embeddings-response.ts';

/** What the handler needs from the composition root. */
export interface OpenAIEmbeddingsHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
  /** Builds providers from request credentials (`providerOptions.gateway.byok`). */
  byok: ByokProviders;
}

// An embeddings answer has the chat answer's `model` and `usage` (`prompt_tokens`): same reader.
const NATIVE_CODEC = nonStreamNativeCodec(rewritePassthroughResponseBody);

/** The texts to embed; token ids only a provider speaking OpenAI's API natively can take. */
function inputTexts(input: OpenAIEmbeddingsRequest['input'], provider: string): string[] {
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw new GatewayError(
    'invalid_request',
    `Token-id input needs a provider serving OpenAI's embeddings API natively; "${provider}" takes text only.`,
    { param: 'input' },
  );
}

/** Upstream `providerOptions` (the `gateway` key stays here); `user` goes where OpenAI's model reads it. */
function upstreamOptions(request: OpenAIEmbeddingsRequest): SharedV4ProviderOptions | undefined {
  const { gateway: _gateway, ...rest } = request.providerOptions ?? {};
  const options = rest as SharedV4ProviderOptions;
  if (request.user === undefined) return Object.keys(options).length === 0 ? undefined : options;
  return { ...options, openai: { user: request.user, ...options.openai } };
}

/**
 * `POST /v1/embeddings`, routed and failed over like chat (`providerOptions.gateway.order / only /
 * models`, top-level `models`). A provider serving OpenAI's embeddings API natively gets the
 * client's bytes (model id swapped) and its answer back untouched but for the model; any other is
 * reached through its AI SDK embedding model and the result encoded in OpenAI's shape, `float` or
 * `base64` as asked.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export function createOpenAIEmbeddingsHandler(
  deps: OpenAIEmbeddingsHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes, byok } = deps;

  return async function openAIEmbeddings(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIEmbeddingsRequestSchema);
    const record = ctx.record;
    record.operation = 'embedding';
    record.model = request.model;
    const { route, plan } = planProtocolCall(ctx, catalog, byok, {
      model: request.model,
      type: 'embedding',
      gateway: request.providerOptions?.gateway,
      models: request.models,
      user: request.user,
      prefix: () => (typeof request.input === 'string' ? request.input : JSON.stringify(request.input[0])),
    });
    const base64 = request.encoding_format === 'base64';

    return runWithFailover(
      record,
      plan,
      async (served) => {
        const { target } = served;
        record.byok = served.byok === true;
        if (target.provider.nativeEndpoints.has('openai-embeddings')) {
          const body = splicePassthroughRequestBody(text, request, target.upstreamModel);
          const call = { body, upstreamModel: target.upstreamModel, endpoint: 'embeddings' as const };
          return runNativeCall(ctx, target, call, served.route.slug, false, NATIVE_CODEC);
        }
        const result = await runEmbeddingCall(ctx, target, {
          values: inputTexts(request.input, target.provider.name),
          dimensions: request.dimensions,
          providerOptions: upstreamOptions(request),
        });
        const headers = responseMetadataHeaders(record, 'application/json');
        const warned = warningsHeader(result.warnings);
        record.warnings = warned;
        if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
        return respond(encodeOpenAIEmbeddingsResponse(result, served.route.slug, base64), 200, headers);
      },
      { policy: route.routing, signal: ctx.request.signal },
    );
  };
}
