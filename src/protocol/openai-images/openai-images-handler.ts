import type { ImageModelV4CallOptions, SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import type { ByokProviders } from '../../providers/provider-byok.ts';
import { runWithFailover } from '../../routing/failover-executor.ts';
import type { ModelCatalog } from '../../routing/model-catalog.ts';
import { runImageCall } from '../canonical/canonical-image-call.ts';
import { warningsHeader } from '../canonical/canonical-warnings.ts';
import { respond } from '../http-response.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { runNativeCall } from '../passthrough/native-call.ts';
import { nonStreamNativeCodec } from '../passthrough/non-stream-native-codec.ts';
import { splicePassthroughRequestBody } from '../passthrough/passthrough-request-body.ts';
import { planProtocolCall } from '../protocol-call-plan.ts';
import { readRequestText } from '../request-body.ts';
import { responseMetadataHeaders } from '../response-metadata-headers.ts';
import { rewriteImagesResponseBody } from './openai-images-passthrough-body.ts';
import { type OpenAIImagesRequest, openAIImagesRequestSchema } from './openai-images-request-schema.ts';
import { encodeOpenAIImagesResponse } from './openai-images-response.ts';

/** What the handler needs from the composition root. */
export interface OpenAIImagesHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
  /** Builds providers from request credentials (`providerOptions.gateway.byok`). */
  byok: ByokProviders;
}

const NATIVE_CODEC = nonStreamNativeCodec(rewriteImagesResponseBody);
const SIZE = /^\d+x\d+$/;

/**
 * The canonical call options of a request: OpenAI's own settings (`quality`, `style`, …) under
 * `providerOptions.openai`, where the OpenAI-format image models read them (other providers'
 * models ignore that key), next to the client's own `providerOptions` (less `gateway`).
 */
function canonicalOptions(request: OpenAIImagesRequest): Omit<ImageModelV4CallOptions, 'abortSignal'> {
  const { gateway: _gateway, ...rest } = request.providerOptions ?? {};
  const own = rest as SharedV4ProviderOptions;
  const openai = Object.fromEntries(
    Object.entries({
      quality: request.quality,
      style: request.style,
      background: request.background,
      outputFormat: request.output_format,
      outputCompression: request.output_compression,
      moderation: request.moderation,
      user: request.user,
    }).filter(([, value]) => value !== undefined),
  );
  const providerOptions =
    Object.keys(openai).length === 0 ? own : { ...own, openai: { ...openai, ...own.openai } };
  return {
    prompt: request.prompt,
    n: request.n ?? 1,
    size:
      request.size !== undefined && SIZE.test(request.size)
        ? (request.size as `${number}x${number}`)
        : undefined,
    aspectRatio: undefined,
    seed: undefined,
    files: undefined,
    mask: undefined,
    providerOptions: providerOptions as SharedV4ProviderOptions,
  };
}

/**
 * `POST /v1/images/generations`, routed and failed over like chat. A provider serving OpenAI's
 * images API natively gets the client's bytes (model id swapped) and its answer back untouched;
 * any other is reached through its AI SDK image model and answered in OpenAI's shape: `b64_json`,
 * or for `response_format: "url"` a `data:` URL (the gateway hosts no files to link to).
 * @see https://platform.openai.com/docs/api-reference/images/create
 */
export function createOpenAIImagesHandler(
  deps: OpenAIImagesHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes, byok } = deps;

  return async function openAIImages(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIImagesRequestSchema);
    if (request.stream === true) {
      throw new GatewayError('invalid_request', 'Streamed image generation is not supported yet.', {
        param: 'stream',
      });
    }
    const record = ctx.record;
    record.operation = 'image';
    record.model = request.model;
    const { route, plan } = planProtocolCall(ctx, catalog, byok, {
      model: request.model,
      type: 'image',
      gateway: request.providerOptions?.gateway,
      models: request.models,
      user: request.user,
      prefix: () => request.prompt,
    });
    let options: ReturnType<typeof canonicalOptions> | undefined;

    return runWithFailover(
      record,
      plan,
      async (served) => {
        const { target } = served;
        record.byok = served.byok === true;
        if (target.provider.nativeEndpoints.has('openai-images')) {
          const body = splicePassthroughRequestBody(text, request, target.upstreamModel);
          const call = { body, upstreamModel: target.upstreamModel, endpoint: 'images' as const };
          return runNativeCall(ctx, target, call, served.route.slug, false, NATIVE_CODEC);
        }
        options ??= canonicalOptions(request);
        const result = await runImageCall(ctx, target, options);
        const headers = responseMetadataHeaders(record, 'application/json');
        const warned = warningsHeader(result.warnings);
        record.warnings = warned;
        if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
        return respond(encodeOpenAIImagesResponse(result, request.response_format === 'url'), 200, headers);
      },
      { policy: route.routing, signal: ctx.request.signal },
    );
  };
}
