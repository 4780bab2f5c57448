import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import type { Provider } from '../../providers/provider-types.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import { upstreamCallScope } from '../../upstream/upstream-fetch.ts';
import { AttemptScope } from './canonical-attempt.ts';
import { classifyCanonicalError } from './canonical-error.ts';

/**
 * One embeddings or image attempt on one target, as a language call's (`canonical-attempt.ts`):
 * every exchange the AI SDK model opens gets the target's deadlines and the client's abort, and
 * whatever it throws comes out classified (an upstream error answer through the provider's own
 * error reader), so `runWithFailover` can decide whether another target may answer.
 */
export async function runMediaAttempt<Result>(
  ctx: CallContext,
  target: ModelTarget,
  call: (abortSignal: AbortSignal) => Promise<Result>,
): Promise<Result> {
  const scope = new AttemptScope({
    provider: target.provider,
    upstreamModel: target.upstreamModel,
    clientSignal: ctx.request.signal,
    timeouts: target.timeouts,
  });
  try {
    return await upstreamCallScope.run(scope, () => call(ctx.request.signal));
  } catch (error) {
    throw classifyCanonicalError(error, target.provider, scope.clientGone);
  }
}

/** The 400 for a target whose provider has no model of the kind asked (no failover: none would). */
export function unsupportedMediaError(
  provider: Provider,
  upstreamModel: string,
  kind: 'embeddings' | 'image generation',
): GatewayError {
  return new GatewayError(
    'invalid_request',
    `Provider "${provider.name}" (type ${provider.type}) does not support ${kind}, so it cannot serve "${upstreamModel}".`,
    { param: 'model', provider: provider.name, clientCode: 'unsupported_model' },
  );
}

/**
 * `items` in batches of at most `size` (all in one when the model sets no limit), because
 * `doEmbed`/`doGenerate` refuse more than the model's per-call limit (Titan embeds one text a call).
 */
export function inBatches<Item>(items: readonly Item[], size: number | undefined): Item[][] {
  if (size === undefined || !Number.isFinite(size) || size < 1 || items.length <= size) return [[...items]];
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** The client headers the provider's `forward_headers` copies upstream, over the call's own. */
export function withForwardedHeaders<Headers extends Record<string, string | undefined>>(
  ctx: CallContext,
  provider: Provider,
  headers: Headers | undefined,
): Headers | undefined {
  const forwarded = provider.forwardedHeaders(ctx.request);
  return forwarded === undefined ? headers : ({ ...headers, ...forwarded } as Headers);
}
