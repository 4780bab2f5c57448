import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { Usage } from '../../core/usage.ts';
import type { ProviderNativeCall } from '../../providers/provider-types.ts';
import type { AttemptTracker } from '../../routing/failover-executor.ts';
import type { ModelTarget } from '../../routing/model-catalog.ts';
import { discardUpstreamBody, readUpstreamText } from '../../upstream/upstream-body.ts';
import { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../../upstream/upstream-network-error.ts';
import type { UpstreamHead } from '../../upstream/upstream-transport.ts';
import { respond } from '../http-response.ts';
import { responseMetadataHeaders, streamMetadataHeaders } from '../response-metadata-headers.ts';
import { type RelayEnd, type SseRelay, SseRelayBody } from '../sse/sse-relay-body.ts';
import { finishStreamCall } from '../stream-call-end.ts';

/** Largest upstream body read into memory (non-stream answers and error bodies). */
const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;
const MAX_UPSTREAM_ERROR_BYTES = 256 * 1024;

/** A stream relay that also reports what it read on the way. */
export interface NativeStreamRelay extends SseRelay {
  readonly usage: Usage | undefined;
  readonly upstreamModel: string | undefined;
  /** Content deltas relayed so far (a cut stream's output is estimated from them). */
  readonly deltaEvents: number;
}

/** What one client protocol supplies for byte-level passthrough to a provider speaking it. */
export interface NativeProtocolCodec {
  /** Validates a complete answer, reads its usage, swaps in the public model name. */
  rewriteResponse(
    text: string,
    publicModel: string,
    provider: string,
  ): { body: string; usage: Usage | undefined; upstreamModel: string | undefined };
  createRelay(publicModel: string): NativeStreamRelay;
  /** The protocol's error event for a stream that breaks after it started. */
  errorEvent(error: GatewayError): string;
}

/**
 * One passthrough call: the client's bytes (already rewritten) go to the provider natively; the
 * answer comes back byte for byte (a stream event for event) with only the model name replaced,
 * its usage read on the way and priced. Upstream failures before the first byte are thrown
 * (classified) for the handler to render; after it, the stream ends with the protocol's error event.
 */
export async function runNativeCall(
  ctx: CallContext,
  target: ModelTarget,
  call: Omit<ProviderNativeCall, 'clientRequest'>,
  publicModel: string,
  stream: boolean,
  codec: NativeProtocolCodec,
  tracker?: AttemptTracker,
): Promise<Response> {
  const provider = target.provider;
  const record = ctx.record;
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const exchange = provider.startNative({ ...call, clientRequest: ctx.request });
  const deadline = new UpstreamDeadline(exchange, target.timeouts, provider.name, ctx.request.signal);

  let head: UpstreamHead;
  try {
    head = await exchange.head;
  } catch (error) {
    deadline.finish();
    throw classifyTransportError(deadline.reason ?? error, provider.name);
  }
  deadline.headersReceived();

  if (head.status >= 300) {
    const errorText = await readUpstreamText(exchange, deadline, provider.name, MAX_UPSTREAM_ERROR_BYTES);
    deadline.finish();
    throw provider.classifyError(head.status, head.headers, errorText);
  }

  if (!stream) {
    const responseText = await readUpstreamText(exchange, deadline, provider.name, MAX_UPSTREAM_BODY_BYTES);
    deadline.finish();
    const rewritten = codec.rewriteResponse(responseText, publicModel, provider.name);
    record.upstreamModel = rewritten.upstreamModel ?? target.upstreamModel;
    record.usage = rewritten.usage;
    record.costNanoUsd =
      rewritten.usage === undefined ? undefined : costNanoUsd(rewritten.usage, target.price);
    record.latencyMs = ctx.elapsedMs();
    return respond(rewritten.body, 200, responseMetadataHeaders(record, 'application/json'));
  }

  const contentType = head.headers['content-type'];
  if (typeof contentType !== 'string' || !contentType.includes('text/event-stream')) {
    discardUpstreamBody(exchange);
    deadline.finish();
    throw new GatewayError(
      'upstream_malformed',
      `Provider "${provider.name}" answered a streaming request with ${String(contentType)} instead of an event stream.`,
      { provider: provider.name },
    );
  }

  const relay = codec.createRelay(publicModel);
  const startMark = performance.now() - ctx.elapsedMs();
  ctx.deferFinish();
  const body = new SseRelayBody(exchange, relay, deadline, {
    provider: provider.name,
    errorEvent: codec.errorEvent,
    onEnd(end: RelayEnd) {
      record.upstreamModel = relay.upstreamModel ?? target.upstreamModel;
      finishStreamCall(
        ctx,
        target,
        startMark,
        {
          ...end,
          completed: relay.outcome === 'done',
          usage: relay.usage,
          deltas: relay.deltaEvents,
          requestBytes: call.body.length,
        },
        tracker,
      );
    },
  });
  return respond(body, 200, streamMetadataHeaders(record, ctx.elapsedMs()));
}
