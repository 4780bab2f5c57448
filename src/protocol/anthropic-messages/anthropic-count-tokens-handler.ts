import type { CallContext } from '../../core/call-context.ts';
import type { CanonicalMessage } from '../../core/canonical.ts';
import type { ModelCatalog, ModelTarget } from '../../routing/model-catalog.ts';
import { readUpstreamText } from '../../upstream/upstream-body.ts';
import { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../../upstream/upstream-network-error.ts';
import { respond } from '../http-response.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { modelNotFound } from '../model-not-found.ts';
import { readRequestText } from '../request-body.ts';
import { buildAnthropicPassthroughBody } from './anthropic-passthrough-body.ts';
import {
  type AnthropicMessagesRequest,
  anthropicCountTokensRequestSchema,
} from './anthropic-request-schema.ts';
import { anthropicToCanonical } from './anthropic-to-canonical.ts';

/** Characters per token of the estimate: the usual rule of thumb for English and code. */
const CHARS_PER_TOKEN = 4;

function estimateTokens(prompt: CanonicalMessage[], tools: unknown): number {
  let chars = tools === undefined ? 0 : JSON.stringify(tools).length;
  for (const message of prompt) {
    if (typeof message.content === 'string') chars += message.content.length;
    else chars += JSON.stringify(message.content).length;
  }
  return Math.max(1, Math.ceil(chars / CHARS_PER_TOKEN));
}

/**
 * `POST /v1/messages/count_tokens`. An Anthropic upstream counts exactly (the request is passed
 * through); for any other provider the gateway estimates (~4 characters a token) and says so in
 * `x-tollgate-token-count: estimated`.
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 */
export function createAnthropicCountTokensHandler(deps: { catalog: ModelCatalog; bodyLimitBytes: number }) {
  return async function anthropicCountTokens(ctx: CallContext): Promise<Response> {
    const text = await readRequestText(ctx.request, deps.bodyLimitBytes);
    const request = parseJsonBody(text, anthropicCountTokensRequestSchema);
    ctx.record.model = request.model;
    const route = deps.catalog.resolve(request.model);
    if (route === undefined) throw modelNotFound(request.model, deps.catalog.suggest(request.model));
    // Counting is not worth a failover chain: the first Anthropic target still taking traffic
    // counts exactly; without one the gateway estimates.
    const target =
      route.targets.find(
        (candidate) =>
          candidate.provider.nativeProtocol === 'anthropic-messages' && candidate.health.share() > 0,
      ) ?? (route.targets[0] as ModelTarget);
    const provider = target.provider;
    ctx.record.provider = provider.name;
    ctx.record.upstreamModel = target.upstreamModel;
    const headers = {
      'content-type': 'application/json',
      'x-request-id': ctx.requestId,
      'x-tollgate-provider': provider.name,
    };

    if (provider.nativeProtocol !== 'anthropic-messages') {
      const { options } = anthropicToCanonical({ ...request, max_tokens: 1 } as AnthropicMessagesRequest);
      const count = estimateTokens(options.prompt, request.tools);
      return respond(JSON.stringify({ input_tokens: count }), 200, {
        ...headers,
        'x-tollgate-token-count': 'estimated',
      });
    }
    const body = buildAnthropicPassthroughBody(text, request, target.upstreamModel);
    const exchange = provider.startNative({
      body,
      upstreamModel: target.upstreamModel,
      endpoint: 'count_tokens',
      clientRequest: ctx.request,
    });
    const deadline = new UpstreamDeadline(exchange, target.timeouts, provider.name, ctx.request.signal);
    try {
      const head = await exchange.head;
      deadline.headersReceived();
      const answer = await readUpstreamText(exchange, deadline, provider.name, 64 * 1024);
      if (head.status >= 300) throw provider.classifyError(head.status, head.headers, answer);
      return respond(answer, 200, { ...headers, 'x-tollgate-token-count': 'exact' });
    } catch (error) {
      throw classifyTransportError(deadline.reason ?? error, provider.name);
    } finally {
      deadline.finish();
    }
  };
}
