import type {
  EmbeddingModelV4CallOptions,
  EmbeddingModelV4Result,
  SharedV4ProviderMetadata,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { CallContext } from '../../core/call-context.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { Usage } from '../../core/usage.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import {
  inBatches,
  runMediaAttempt,
  unsupportedMediaError,
  withForwardedHeaders,
} from './canonical-media-attempt.ts';

/** What one embeddings call on one target produced, in the canonical (AI SDK) terms. */
export interface EmbeddingCallResult {
  /** One vector per input value, in input order. */
  embeddings: number[][];
  /** Input tokens, when the provider reports them (the Gemini API does not). */
  usage: { tokens: number } | undefined;
  /** The provider's own metadata, keyed by provider. */
  providerMetadata: SharedV4ProviderMetadata | undefined;
  /** Settings the provider could not honour. */
  warnings: SharedV4Warning[];
}

/** Input tokens in the gateway's units (embeddings have no output). */
export function embeddingUsage(tokens: number): Usage {
  return {
    inputTokens: tokens,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

/** Several batches' results as one: vectors in order, usage summed (unknown if any is). */
function mergeResults(results: readonly EmbeddingModelV4Result[]): EmbeddingCallResult {
  if (results.length === 1) {
    const [only] = results as [EmbeddingModelV4Result];
    return {
      embeddings: only.embeddings,
      usage: only.usage,
      providerMetadata: only.providerMetadata,
      warnings: only.warnings,
    };
  }
  let tokens: number | undefined = 0;
  const warnings = new Map<string, SharedV4Warning>();
  for (const result of results) {
    tokens = tokens === undefined || result.usage === undefined ? undefined : tokens + result.usage.tokens;
    for (const warning of result.warnings) warnings.set(JSON.stringify(warning), warning);
  }
  return {
    embeddings: results.flatMap((result) => result.embeddings),
    usage: tokens === undefined ? undefined : { tokens },
    providerMetadata: results[0]?.providerMetadata,
    warnings: [...warnings.values()],
  };
}

/**
 * One embeddings call on one target through the provider's `embeddingModel` (the AI SDK's
 * provider package over the gateway's transport), with the target's deadlines and the client's
 * abort. Values beyond the model's per-call limit are sent in batches (in parallel when the model
 * allows). Fills the call record (operation, provider, upstream model, input-token usage, cost —
 * `undefined` when the provider reports no usage or the model has no price — and latency).
 * Throws a classified `GatewayError`: a provider without embeddings is a 400 `invalid_request`,
 * an upstream failure is whatever `runWithFailover` needs to decide on another target.
 */
export async function runEmbeddingCall(
  ctx: CallContext,
  target: ModelTarget,
  options: Omit<EmbeddingModelV4CallOptions, 'abortSignal'>,
): Promise<EmbeddingCallResult> {
  const provider = target.provider;
  const record = ctx.record;
  record.operation = 'embedding';
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const model = provider.embeddingModel?.(target.upstreamModel);
  if (model === undefined) throw unsupportedMediaError(provider, target.upstreamModel, 'embeddings');
  const headers = withForwardedHeaders(ctx, provider, options.headers);

  const results = await runMediaAttempt(ctx, target, async (abortSignal) => {
    const batches = inBatches(options.values, await model.maxEmbeddingsPerCall);
    const embed = (values: string[]) =>
      Promise.resolve(model.doEmbed({ ...options, values, headers, abortSignal }));
    if (batches.length === 1 || (await model.supportsParallelCalls)) return Promise.all(batches.map(embed));
    const sequential: EmbeddingModelV4Result[] = [];
    for (const batch of batches) sequential.push(await embed(batch));
    return sequential;
  });

  const result = mergeResults(results);
  const usage = result.usage === undefined ? undefined : embeddingUsage(result.usage.tokens);
  record.usage = usage;
  record.costNanoUsd = usage === undefined ? undefined : costNanoUsd(usage, target.price);
  record.latencyMs = ctx.elapsedMs();
  return result;
}
