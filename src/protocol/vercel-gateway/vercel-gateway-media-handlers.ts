import { z } from 'zod';
import type { CallContext } from '../../core/call-context.ts';
import type { CanonicalWarning } from '../../core/canonical.ts';
import type { Usage } from '../../core/usage.ts';
import { runWithFailover } from '../../routing/failover-executor.ts';
import type { PlannedAttempt } from '../../routing/route-plan.ts';
import { runEmbeddingCall } from '../canonical/canonical-embedding-call.ts';
import { runImageCall } from '../canonical/canonical-image-call.ts';
import { respond } from '../http-response.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { planProtocolCall } from '../protocol-call-plan.ts';
import { readRequestText } from '../request-body.ts';
import { responseMetadataHeaders } from '../response-metadata-headers.ts';
import type { GatewayHandlerDeps } from './vercel-gateway-language-handler.ts';
import { gatewayMetadata } from './vercel-gateway-metadata.ts';
import {
  modelIdHeader,
  type SplitProviderOptions,
  splitProviderOptions,
} from './vercel-gateway-request-options.ts';
import type { GatewaySpecVersion } from './vercel-gateway-spec-version.ts';

const providerOptions = z.record(z.string(), z.record(z.string(), z.unknown())).optional();

/** `POST {base}/embedding-model`: `EmbeddingModelV3/V4` call options as JSON. */
const embeddingRequestSchema = z.looseObject({
  values: z.array(z.string()).min(1).max(2048),
  dimensions: z.number().int().positive().optional(),
  providerOptions,
});

const imageFileSchema = z.union([
  z.looseObject({ type: z.literal('file'), mediaType: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
]);

/** `POST {base}/image-model`: `ImageModelV3/V4` call options as JSON (bytes as base64). */
const imageRequestSchema = z.looseObject({
  prompt: z.string().optional(),
  n: z.number().int().min(1).max(16).default(1),
  size: z
    .string()
    .regex(/^\d+x\d+$/)
    .optional(),
  aspectRatio: z
    .string()
    .regex(/^\d+:\d+$/)
    .optional(),
  seed: z.number().int().optional(),
  files: z.array(imageFileSchema).optional(),
  mask: imageFileSchema.optional(),
  providerOptions,
});

/** Warnings as each line's schema takes them: before 4.x, embeddings reject `deprecated`. */
function wireWarnings(warnings: readonly CanonicalWarning[], version: GatewaySpecVersion): unknown[] {
  return warnings.map((warning) => {
    const deprecated = warning as unknown as { type: string; setting?: string; message?: string };
    if (version === 4 || deprecated.type !== 'deprecated') return warning;
    return { type: 'other', message: deprecated.message ?? `${deprecated.setting} is deprecated` };
  });
}

function tokensUsage(inputTokens: number, outputTokens = 0): Usage {
  return { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
}

/** What one media call answers, before the gateway metadata is added. */
interface MediaAnswer {
  fields: Record<string, unknown>;
  providerMetadata: Record<string, unknown> | undefined;
  usage: Usage;
}

/**
 * The common part of both media endpoints: the model from `ai-model-id` (of the endpoint's type),
 * the body checked against its schema, the plan (with `byok`) and failover; `call` runs one
 * attempt and the answer gets `providerMetadata.gateway`.
 */
async function serveMedia<
  Schema extends z.ZodType<{ providerOptions?: Record<string, Record<string, unknown>> }>,
>(
  ctx: CallContext,
  deps: GatewayHandlerDeps,
  type: 'embedding' | 'image',
  schema: Schema,
  call: (
    request: z.infer<Schema>,
    upstream: SplitProviderOptions['upstream'],
    served: PlannedAttempt,
  ) => Promise<MediaAnswer>,
): Promise<Response> {
  const record = ctx.record;
  record.operation = type;
  const model = modelIdHeader(ctx.request.headers, 'ai-model-id');
  record.model = model;
  const request = parseJsonBody(await readRequestText(ctx.request, deps.bodyLimitBytes), schema);
  const { gateway, upstream } = splitProviderOptions(request.providerOptions);
  const { route, plan } = planProtocolCall(ctx, deps.catalog, deps.byok, {
    model,
    type,
    gateway,
    prefix: () => undefined,
  });
  return runWithFailover(
    record,
    plan,
    async (served) => {
      record.byok = served.byok === true;
      const answer = await call(request, upstream, served);
      const gatewayFields = gatewayMetadata({ record, plan, served, sort: gateway?.sort }, answer.usage);
      const body = JSON.stringify({
        ...answer.fields,
        providerMetadata: { ...answer.providerMetadata, gateway: gatewayFields },
      });
      return respond(body, 200, responseMetadataHeaders(record, 'application/json'));
    },
    { policy: route.routing, signal: ctx.request.signal },
  );
}

/**
 * `POST /v{1,3,4}/ai/embedding-model` and `/image-model`: the AI SDK gateway provider's
 * `embed`/`embedMany` and `generateImage`, routed and failed over like language calls, with
 * `providerMetadata.gateway` (routing, cost, generation id) on the answer.
 */
export function createGatewayMediaHandlers(deps: GatewayHandlerDeps, version: GatewaySpecVersion) {
  return {
    embedding: (ctx: CallContext): Promise<Response> =>
      serveMedia(ctx, deps, 'embedding', embeddingRequestSchema, async (request, upstream, served) => {
        const result = await runEmbeddingCall(ctx, served.target, {
          values: request.values,
          dimensions: request.dimensions,
          providerOptions: upstream,
        });
        return {
          fields: {
            embeddings: result.embeddings,
            usage: result.usage ?? null,
            warnings: wireWarnings(result.warnings, version),
          },
          providerMetadata: result.providerMetadata,
          usage: tokensUsage(result.usage?.tokens ?? 0),
        };
      }),

    image: (ctx: CallContext): Promise<Response> =>
      serveMedia(ctx, deps, 'image', imageRequestSchema, async (request, upstream, served) => {
        const result = await runImageCall(ctx, served.target, {
          prompt: request.prompt,
          n: request.n,
          size: request.size as `${number}x${number}` | undefined,
          aspectRatio: request.aspectRatio as `${number}:${number}` | undefined,
          seed: request.seed,
          files: request.files?.map(imageFile),
          mask: request.mask === undefined ? undefined : imageFile(request.mask),
          providerOptions: upstream ?? {},
        });
        return {
          fields: {
            images: result.images,
            warnings: wireWarnings(result.warnings, version),
            usage: result.usage,
          },
          providerMetadata: result.providerMetadata,
          usage: tokensUsage(result.usage?.inputTokens ?? 0, result.usage?.outputTokens ?? 0),
        };
      }),
  };
}

function imageFile(file: z.infer<typeof imageFileSchema>) {
  if (file.type === 'url') return { type: 'url' as const, url: file.url };
  return { type: 'file' as const, mediaType: file.mediaType, data: file.data };
}
