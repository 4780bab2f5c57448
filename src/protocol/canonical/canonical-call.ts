import type { CallContext } from '../../core/call-context.ts';
import type {
  CanonicalCallOptions,
  CanonicalGenerateResult,
  CanonicalWarning,
} from '../../core/canonical.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { Usage } from '../../core/usage.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import { respond } from '../http-response.ts';
import { responseMetadataHeaders, streamMetadataHeaders } from '../response-metadata-headers.ts';
import { generateCanonical, streamCanonical } from './canonical-attempt.ts';
import { classifyCanonicalError } from './canonical-error.ts';
import { CanonicalStreamBody, type CanonicalStreamEncoder } from './canonical-stream-body.ts';
import { warningsHeader } from './canonical-warnings.ts';

/** What one client protocol supplies to be served through the canonical contract. */
export interface CanonicalProtocolCodec {
  encodeResponse(result: CanonicalGenerateResult, publicModel: string): { body: string; usage: Usage };
  createStreamEncoder(publicModel: string): CanonicalStreamEncoder;
}

/**
 * One translated call: canonical options to the provider's adapter, its answer encoded in the
 * client's protocol, usage priced; parameters the target could not honour are reported in
 * `x-tollgate-warnings`. Failures before the first byte are thrown (classified); after it, the
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
): Promise<Response> {
  const provider = target.provider;
  const record = ctx.record;
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const attempt = { provider, upstreamModel: target.upstreamModel, clientSignal: ctx.request.signal };
  const forwarded = provider.forwardedHeaders(ctx.request);
  if (forwarded !== undefined) options = { ...options, headers: { ...options.headers, ...forwarded } };

  if (!stream) {
    const result = await generateCanonical(attempt, options);
    const { body, usage } = codec.encodeResponse(result, publicModel);
    record.upstreamModel = result.response?.modelId ?? target.upstreamModel;
    record.usage = usage;
    record.costNanoUsd = costNanoUsd(usage, target.price);
    record.latencyMs = ctx.elapsedMs();
    const headers = responseMetadataHeaders(record, 'application/json');
    const warned = warningsHeader([...warnings, ...result.warnings]);
    record.warnings = warned;
    if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
    return respond(body, 200, headers);
  }

  const { stream: parts, clientGone } = await streamCanonical(attempt, options);
  // The adapter's first part announces its own warnings; read it before the head goes out.
  const reader = parts.getReader();
  const first = await reader.read().catch((error: unknown) => {
    throw classifyCanonicalError(error, provider, clientGone());
  });
  reader.releaseLock();
  const allWarnings =
    first.value?.type === 'stream-start' ? [...warnings, ...first.value.warnings] : warnings;
  const rest =
    first.done === true || first.value?.type === 'stream-start' ? parts : prepend(first.value, parts);
  const startMark = performance.now() - ctx.elapsedMs();
  ctx.deferFinish();
  const body = new CanonicalStreamBody(rest, codec.createStreamEncoder(publicModel), {
    classify: (error) => classifyCanonicalError(error, provider, clientGone()),
    onEnd(end) {
      record.usage = end.usage;
      record.costNanoUsd = end.usage === undefined ? undefined : costNanoUsd(end.usage, target.price);
      record.latencyMs = ctx.elapsedMs();
      record.ttftMs = end.firstByteAt === undefined ? undefined : Math.round(end.firstByteAt - startMark);
      if (end.error !== undefined || end.clientClosed) record.truncated = end.finishReason === undefined;
      if (end.error !== undefined) {
        record.errorCode = end.error.code;
        record.errorMessage = end.error.message;
      } else if (end.clientClosed) {
        record.errorCode = 'client_closed';
      }
      ctx.finish();
    },
  });
  const headers = streamMetadataHeaders(record, ctx.elapsedMs());
  const warned = warningsHeader(allWarnings);
  record.warnings = warned;
  if (warned !== undefined) headers['x-tollgate-warnings'] = warned;
  return respond(body, 200, headers);
}

/** `stream` with `first` put back in front. */
function prepend<T>(first: T | undefined, stream: ReadableStream<T>): ReadableStream<T> {
  const reader = stream.getReader();
  let pending = first;
  return new ReadableStream<T>({
    async pull(controller) {
      if (pending !== undefined) {
        controller.enqueue(pending);
        pending = undefined;
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
