import type { CallContext } from '../../core/call-context.ts';
import type {
  CanonicalCallOptions,
  CanonicalGenerateResult,
  CanonicalWarning,
} from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { Usage } from '../../core/usage.ts';
import type { CanonicalPartSource, DirectCallContext } from '../../providers/direct-model.ts';
import type { Provider } from '../../providers/provider-types.ts';
import type { AttemptTracker } from '../../routing/failover-executor.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import { respond } from '../http-response.ts';
import { responseMetadataHeaders, streamMetadataHeaders } from '../response-metadata-headers.ts';
import { finishStreamCall } from '../stream-call-end.ts';
import { type CanonicalTarget, generateCanonical, streamCanonical } from './canonical-attempt.ts';
import { classifyCanonicalError } from './canonical-error.ts';
import { CanonicalStreamBody, type CanonicalStreamEncoder, readableSource } from './canonical-stream-body.ts';
import { warningsHeader } from './canonical-warnings.ts';

/** What one client protocol supplies to be served through the canonical contract. */
export interface CanonicalProtocolCodec {
  encodeResponse(result: CanonicalGenerateResult, publicModel: string): { body: string; usage: Usage };
  /** `warnings`: what the target could not honour, for protocols that carry them in the stream. */
  createStreamEncoder(publicModel: string, warnings: readonly CanonicalWarning[]): CanonicalStreamEncoder;
}

/**
 * One translated call: canonical options to the provider's direct model (its wire format read by
 * the gateway itself) or else its AI SDK adapter, the answer encoded in the client's protocol,
 * usage priced; parameters the target could not honour are reported in `x-tollgate-warnings`. Failures before the first byte are thrown (classified); after it, the
 * stream ends with the protocol's error event.
 */
export async function runCanonicalCall(
  ctx: CallContext,
  target: ModelTarget,
  options: CanonicalCallOptions,
  warnings: CanonicalWarning[],
  publicModel: string,
  stream: boolean,
  codec: CanonicalProtocolCodec,
  tracker?: AttemptTracker,
  requestBytes = 0,
): Promise<Response> {
  const provider = target.provider;
  const record = ctx.record;
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const attempt = {
    provider,
    upstreamModel: target.upstreamModel,
    clientSignal: ctx.request.signal,
    timeouts: target.timeouts,
  };
  const forwarded = provider.forwardedHeaders(ctx.request);
  if (forwarded !== undefined) options = { ...options, headers: { ...options.headers, ...forwarded } };

  const direct = provider.directModel?.(target.upstreamModel);
  const context: DirectCallContext = { clientSignal: ctx.request.signal, timeouts: target.timeouts };
  const clientGone = (): boolean => context.deadline?.clientGone === true || ctx.request.signal.aborted;
  const classify = (error: unknown): GatewayError => classifyCanonicalError(error, provider, clientGone());

  if (!stream) {
    const pending = direct?.generate(options, context);
    const result =
      pending === undefined
        ? await generateCanonical(attempt, options)
        : await pending.catch(rethrow(classify));
    const { body, usage } = codec.encodeResponse(result, publicModel);
    record.upstreamModel = result.response?.modelId ?? target.upstreamModel;
    record.usage = usage;
    record.finishReason = result.finishReason.unified;
    record.costNanoUsd = costNanoUsd(usage, target.price);
    record.latencyMs = ctx.elapsedMs();
    const headers = responseMetadataHeaders(record, 'application/json');
    const warned = warningsHeader([...warnings, ...result.warnings]);
    record.warnings = warned;
    if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
    return respond(body, 200, headers);
  }

  const pending = direct?.stream(options, context);
  const {
    source,
    warnings: adapterWarnings,
    classifyPart,
  } = pending === undefined
    ? await adapterStream(attempt, options, provider)
    : { ...(await pending.catch(rethrow(classify))), classifyPart: classify };
  const allWarnings = [...warnings, ...adapterWarnings];
  const startMark = performance.now() - ctx.elapsedMs();
  ctx.deferFinish();
  const body = new CanonicalStreamBody(source, codec.createStreamEncoder(publicModel, allWarnings), {
    classify: classifyPart,
    onEnd(end) {
      record.finishReason = end.finishReason?.unified;
      finishStreamCall(
        ctx,
        target,
        startMark,
        { ...end, completed: end.finishReason !== undefined, requestBytes },
        tracker,
      );
    },
  });
  const headers = streamMetadataHeaders(record, ctx.elapsedMs());
  const warned = warningsHeader(allWarnings);
  record.warnings = warned;
  if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
  return respond(body, 200, headers);
}

function rethrow(classify: (error: unknown) => GatewayError): (error: unknown) => never {
  return (error) => {
    throw classify(error);
  };
}

/**
 * A stream through the AI SDK adapter: its first part announces the adapter's warnings, so it is
 * read before the head goes out (and an error there fails the call as a whole).
 */
async function adapterStream(
  attempt: CanonicalTarget,
  options: CanonicalCallOptions,
  provider: Provider,
): Promise<{
  source: CanonicalPartSource;
  warnings: CanonicalWarning[];
  classifyPart: (error: unknown) => GatewayError;
}> {
  const { stream: parts, clientGone } = await streamCanonical(attempt, options);
  const classifyPart = (error: unknown): GatewayError =>
    classifyCanonicalError(error, provider, clientGone());
  const reader = parts.getReader();
  const first = await reader.read().catch(rethrow(classifyPart));
  if (first.done === true) return { source: readableSource(reader), warnings: [], classifyPart };
  if (first.value.type === 'stream-start') {
    return { source: readableSource(reader), warnings: first.value.warnings, classifyPart };
  }
  return { source: readableSource(reader, first.value), warnings: [], classifyPart };
}
