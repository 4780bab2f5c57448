import type { CallContext } from '../../core/call-context.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { isGenerationId } from '../../core/generation-id.ts';
import { formatUsd } from '../../core/pricing.ts';
import type { CallSummary, RecentCalls } from '../../observability/recent-calls.ts';
import { respond } from '../http-response.ts';
import { parseSpendReportQuery, spendReport } from './vercel-gateway-spend-report.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };

function search(ctx: CallContext): URLSearchParams {
  return new URL(ctx.request.url).searchParams;
}

function generationBody(call: CallSummary): string {
  const cost = call.costNanoUsd ?? 0;
  const charged = call.byok ? 0 : cost;
  return JSON.stringify({
    data: {
      id: call.generationId,
      total_cost: charged / 1e9,
      market_cost: cost / 1e9,
      surcharge_cost: 0,
      gateway_cost: charged / 1e9,
      upstream_inference_cost: cost / 1e9,
      usage: charged / 1e9,
      created_at: new Date(call.startedAt).toISOString(),
      model: call.model ?? '',
      is_byok: call.byok,
      provider_name: call.provider ?? '',
      streamed: call.stream,
      finish_reason: call.finishReason ?? (call.status === 200 ? 'unknown' : 'error'),
      latency: call.ttftMs ?? call.latencyMs ?? 0,
      generation_time: call.latencyMs ?? 0,
      native_tokens_prompt: call.inputTokens,
      native_tokens_completion: call.outputTokens,
      native_tokens_reasoning: call.reasoningTokens,
      native_tokens_cached: call.cacheReadTokens,
      native_tokens_cache_creation: call.cacheWriteTokens,
      billable_web_search_calls: 0,
      // Tollgate's own additions: the status and cost as exact decimal strings (`unknown` = unpriced).
      status: call.status,
      cost_usd: formatUsd(call.costNanoUsd),
    },
  });
}

/**
 * The Vercel AI Gateway's account endpoints, served at the origin as `@ai-sdk/gateway` calls them
 * (`getCredits`, `getGenerationInfo`, `getSpendReport`), from the calls this gateway recorded.
 */
export function createGatewayAccountHandlers(calls: RecentCalls) {
  return {
    /**
     * `GET /v1/credits`: what the calling key spent, and what it may still spend. Without a
     * budget on the key the balance is unbounded, written `"Infinity"` (it parses as a number in
     * JavaScript and as a Decimal in Python).
     */
    credits(ctx: CallContext): Response {
      const used = calls.spentBy(ctx.record.apiKey);
      return respond(JSON.stringify({ balance: 'Infinity', total_used: formatUsd(used) }), 200, JSON_HEADERS);
    },

    /** `GET /v1/generation?id=gen_…`: one logged call of the calling key. */
    generation(ctx: CallContext): Response {
      const id = search(ctx).get('id');
      if (id === null || !isGenerationId(id)) {
        throw new GatewayError(
          'invalid_request',
          'Invalid request: id: a generation id (gen_…) is required.',
          {
            param: 'id',
          },
        );
      }
      const call = calls.get(id);
      if (call === undefined || call.apiKey !== ctx.record.apiKey) {
        throw new GatewayError('route_not_found', `Generation ${id} not found.`, {
          clientCode: 'generation_not_found',
        });
      }
      return respond(generationBody(call), 200, JSON_HEADERS);
    },

    /**
     * `GET /v1/report?start_date&end_date[&group_by&date_part&user_id&model&provider&credential_type&tags]`,
     * over the calling key's own calls only: a key never sees another key's calls or spend.
     */
    report(ctx: CallContext): Response {
      const query = parseSpendReportQuery(search(ctx));
      const results = spendReport(calls.calls(ctx.record.apiKey), query);
      return respond(JSON.stringify({ results }), 200, JSON_HEADERS);
    },
  };
}
