import type {
  ImageModelV4,
  ImageModelV4CallOptions,
  ImageModelV4Result,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import {
  inBatches,
  runMediaAttempt,
  unsupportedMediaError,
  withForwardedHeaders,
} from './canonical-media-attempt.ts';

/** Token usage of an image call, as far as the provider reports it. */
export interface ImageCallUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

/** What one image generation call on one target produced. */
export interface ImageCallResult {
  /** The images, base64-encoded (binary answers are encoded), in order. */
  images: string[];
  /** IANA media type of the images, read from their bytes (`image/png` when unrecognised). */
  mediaType: string;
  usage: ImageCallUsage | undefined;
  /** The provider's metadata; each provider key's `images` list covers every image. */
  providerMetadata: SharedV4ProviderMetadata | undefined;
  warnings: SharedV4Warning[];
}

/** Base64 openings of the formats image APIs answer in (their magic numbers, encoded). */
const MEDIA_TYPES: readonly (readonly [string, string])[] = [
  ['iVBORw0KGgo', 'image/png'],
  ['/9j/', 'image/jpeg'],
  ['UklGR', 'image/webp'],
  ['R0lGOD', 'image/gif'],
];

function mediaTypeOf(base64: string | undefined): string {
  for (const [prefix, type] of MEDIA_TYPES) if (base64?.startsWith(prefix)) return type;
  return 'image/png';
}

/** The model's per-call image limit; like the AI SDK's `generateImage`, 1 when it names none. */
async function imagesPerCall(model: ImageModelV4): Promise<number> {
  const limit = model.maxImagesPerCall;
  const resolved = typeof limit === 'function' ? await limit({ modelId: model.modelId }) : limit;
  return resolved ?? 1;
}

function sumUsage(results: readonly ImageModelV4Result[]): ImageCallUsage | undefined {
  if (results.every((result) => result.usage === undefined)) return undefined;
  const usage: ImageCallUsage = {};
  for (const result of results) {
    for (const key of ['inputTokens', 'outputTokens', 'totalTokens'] as const) {
      const count = result.usage?.[key];
      if (count !== undefined) usage[key] = (usage[key] ?? 0) + count;
    }
  }
  return usage;
}

/** Each provider key's metadata from the first batch, with the `images` lists of all batches. */
function mergeMetadata(results: readonly ImageModelV4Result[]): SharedV4ProviderMetadata | undefined {
  if (results.length === 1) return results[0]?.providerMetadata as SharedV4ProviderMetadata | undefined;
  const merged: Record<string, Record<string, unknown>> = {};
  for (const result of results) {
    for (const [key, entry] of Object.entries(result.providerMetadata ?? {})) {
      const value = entry as { images: unknown[] } & Record<string, unknown>;
      const images = [...((merged[key]?.images as unknown[] | undefined) ?? []), ...value.images];
      merged[key] = { ...value, ...merged[key], images };
    }
  }
  return Object.keys(merged).length === 0 ? undefined : (merged as SharedV4ProviderMetadata);
}

/**
 * One image generation call on one target through the provider's `imageModel`, with the target's
 * deadlines and the client's abort; `n` beyond the model's per-call limit is split into parallel
 * calls. Fills the call record (operation, provider, upstream model, token usage and its cost
 * when the provider reports tokens — `undefined` otherwise — and latency). Throws a classified
 * `GatewayError`; an answer without images is `content_policy` when the provider says retrying
 * will not help (a safety filter), else `upstream_malformed`.
 */
export async function runImageCall(
  ctx: CallContext,
  target: ModelTarget,
  options: Omit<ImageModelV4CallOptions, 'abortSignal'>,
): Promise<ImageCallResult> {
  const provider = target.provider;
  const record = ctx.record;
  record.operation = 'image';
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const model = provider.imageModel?.(target.upstreamModel);
  if (model === undefined) throw unsupportedMediaError(provider, target.upstreamModel, 'image generation');
  const headers = withForwardedHeaders(ctx, provider, options.headers);

  const results = await runMediaAttempt(ctx, target, async (abortSignal) => {
    const counts = inBatches(Array.from({ length: options.n }), await imagesPerCall(model));
    return Promise.all(
      counts.map((batch) => model.doGenerate({ ...options, n: batch.length, headers, abortSignal })),
    );
  });

  const images = results.flatMap((result) =>
    (result.images as (string | Uint8Array)[]).map((image) =>
      typeof image === 'string' ? image : Buffer.from(image).toString('base64'),
    ),
  );
  if (images.length === 0) {
    const refused = results.some((result) => result.isRetryable === false);
    throw new GatewayError(
      refused ? 'content_policy' : 'upstream_malformed',
      `Provider "${provider.name}" answered without an image${refused ? ' (the request was refused)' : ''}.`,
      { provider: provider.name },
    );
  }
  const usage = sumUsage(results);
  record.upstreamModel = results[0]?.response.modelId ?? target.upstreamModel;
  record.usage =
    usage === undefined
      ? undefined
      : {
          inputTokens: usage.inputTokens ?? 0,
          outputTokens: usage.outputTokens ?? 0,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        };
  record.costNanoUsd = record.usage === undefined ? undefined : costNanoUsd(record.usage, target.price);
  record.latencyMs = ctx.elapsedMs();
  const warnings = new Map<string, SharedV4Warning>();
  for (const result of results)
    for (const warning of result.warnings) warnings.set(JSON.stringify(warning), warning);
  return {
    images,
    mediaType: mediaTypeOf(images[0]),
    usage,
    providerMetadata: mergeMetadata(results),
    warnings: [...warnings.values()],
  };
}
