import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { costNanoUsd } from '../../core/pricing.ts';
import type { ModelCatalog, ModelRoute, ModelTarget } from '../../routing/model-catalog.ts';
import { discardUpstreamBody, readUpstreamText } from '../../upstream/upstream-body.ts';
import { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../../upstream/upstream-network-error.ts';
import type { UpstreamExchange, UpstreamHead } from '../../upstream/upstream-transport.ts';
import { respond } from '../http-response.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { readRequestText } from '../request-body.ts';
import { responseMetadataHeaders, streamMetadataHeaders } from '../response-metadata-headers.ts';
import { type RelayEnd, SseRelayBody } from '../sse/sse-relay-body.ts';
import {
  buildPassthroughRequestBody,
  rewritePassthroughResponseBody,
} from './openai-chat-passthrough-body.ts';
import { OpenAIChatStreamRelay } from './openai-chat-passthrough-stream.ts';
import { type OpenAIChatRequest, openAIChatRequestSchema } from './openai-chat-request-schema.ts';
import { openAIStreamErrorEvent } from './openai-error-format.ts';

/** Largest upstream body read into memory (non-stream answers and error bodies). */
const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;
const MAX_UPSTREAM_ERROR_BYTES = 256 * 1024;

export interface OpenAIChatHandlerDeps {
  catalog: ModelCatalog;
  bodyLimitBytes: number;
}

export function modelNotFound(model: string, suggestions: string[]): GatewayError {
  const hint =
    suggestions.length > 0 ? ` Did you mean ${suggestions.map((slug) => `"${slug}"`).join(', ')}?` : '';
  return new GatewayError(
    'model_not_found',
    `The model "${model}" is not available on this gateway.${hint} GET /v1/models lists the available models.`,
    { param: 'model', clientCode: 'model_not_found' },
  );
}

/**
 * `POST /v1/chat/completions`. For now every provider speaks OpenAI Chat Completions, so the call
 * is a passthrough: the client's bytes go upstream with the model id replaced, and the answer
 * comes back byte for byte (stream: event for event) with the public model name.
 */
export function createOpenAIChatHandler(
  deps: OpenAIChatHandlerDeps,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, bodyLimitBytes } = deps;

  return async function openAIChatCompletions(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, openAIChatRequestSchema);
    const record = ctx.record;
    record.model = request.model;
    record.stream = request.stream === true;
    const route = catalog.resolve(request.model);
    if (route === undefined) throw modelNotFound(request.model, catalog.suggest(request.model));
    return passthrough(ctx, text, request, route);
  };
}

async function passthrough(
  ctx: CallContext,
  text: string,
  request: OpenAIChatRequest,
  route: ModelRoute,
): Promise<Response> {
  const target = route.targets[0] as ModelTarget;
  const provider = target.provider;
  const record = ctx.record;
  record.provider = provider.name;
  record.upstreamModel = target.upstreamModel;
  const body = buildPassthroughRequestBody(text, request, target.upstreamModel);
  const exchange = provider.startChat({ body, clientRequest: ctx.request });
  const deadline = new UpstreamDeadline(exchange, provider.timeouts, provider.name, ctx.request.signal);

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

  if (request.stream !== true) {
    const responseText = await readUpstreamText(exchange, deadline, provider.name, MAX_UPSTREAM_BODY_BYTES);
    deadline.finish();
    const rewritten = rewritePassthroughResponseBody(responseText, request.model, provider.name);
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
  return relayStream(ctx, exchange, deadline, request, target);
}

function relayStream(
  ctx: CallContext,
  exchange: UpstreamExchange,
  deadline: UpstreamDeadline,
  request: OpenAIChatRequest,
  target: ModelTarget,
): Response {
  const record = ctx.record;
  const relay = new OpenAIChatStreamRelay(request.model, request.stream_options?.include_usage === true);
  const startMark = performance.now() - ctx.elapsedMs();
  ctx.deferFinish();
  const body = new SseRelayBody(exchange, relay, deadline, {
    provider: target.provider.name,
    errorEvent: openAIStreamErrorEvent,
    onEnd(end: RelayEnd) {
      record.usage = relay.usage;
      record.upstreamModel = relay.upstreamModel ?? target.upstreamModel;
      record.costNanoUsd = relay.usage === undefined ? undefined : costNanoUsd(relay.usage, target.price);
      record.latencyMs = ctx.elapsedMs();
      record.ttftMs = end.firstByteAt === undefined ? undefined : Math.round(end.firstByteAt - startMark);
      if (end.error !== undefined || end.clientClosed) record.truncated = relay.outcome !== 'done';
      if (end.error !== undefined) {
        record.errorCode = end.error.code;
        record.errorMessage = end.error.message;
      } else if (end.clientClosed) {
        record.errorCode = 'client_closed';
      }
      ctx.finish();
    },
  });
  return respond(body, 200, streamMetadataHeaders(record, ctx.elapsedMs()));
}
