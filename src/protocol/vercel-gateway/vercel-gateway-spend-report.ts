import { GatewayError } from '../../core/gateway-error.ts';
import type { CallSummary } from '../../observability/recent-calls.ts';

const GROUPS = ['day', 'user', 'model', 'tag', 'provider', 'credential_type'] as const;
type Group = (typeof GROUPS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The query of `GET /v1/report`, as `getSpendReport()` sends it (snake_case). */
export interface SpendReportQuery {
  start: number;
  /** Exclusive: the day after `end_date` (the client's range is inclusive). */
  end: number;
  groupBy: Group | undefined;
  hourly: boolean;
  userId: string | undefined;
  model: string | undefined;
  provider: string | undefined;
  credentialType: 'byok' | 'system' | undefined;
  tags: string[] | undefined;
}

function invalid(param: string, message: string): GatewayError {
  return new GatewayError('invalid_request', `Invalid request: ${param}: ${message}`, { param });
}

function date(params: URLSearchParams, name: string): number {
  const value = params.get(name);
  if (value === null || !DATE.test(value)) throw invalid(name, 'required, as YYYY-MM-DD');
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms)) throw invalid(name, 'not a date');
  return ms;
}

export function parseSpendReportQuery(params: URLSearchParams): SpendReportQuery {
  const start = date(params, 'start_date');
  const end = date(params, 'end_date') + 86_400_000;
  if (end <= start) throw invalid('end_date', 'must not be before start_date');
  const group = params.get('group_by') ?? undefined;
  if (group !== undefined && !(GROUPS as readonly string[]).includes(group)) {
    throw invalid('group_by', `one of ${GROUPS.join(', ')}`);
  }
  const datePart = params.get('date_part');
  if (datePart !== null && datePart !== 'day' && datePart !== 'hour')
    throw invalid('date_part', 'day or hour');
  const credential = params.get('credential_type');
  if (credential !== null && credential !== 'byok' && credential !== 'system') {
    throw invalid('credential_type', 'byok or system');
  }
  const tags = params.get('tags');
  return {
    start,
    end,
    groupBy: group as Group | undefined,
    hourly: datePart === 'hour',
    userId: params.get('user_id') ?? undefined,
    model: params.get('model') ?? undefined,
    provider: params.get('provider') ?? undefined,
    credentialType: credential ?? undefined,
    tags: tags === null ? undefined : tags.split(',').filter((tag) => tag !== ''),
  };
}

interface Row {
  key: Record<string, string>;
  costNano: number;
  marketNano: number;
  input: number;
  output: number;
  cached: number;
  cacheWrite: number;
  reasoning: number;
  requests: number;
}

function groupKeys(call: CallSummary, query: SpendReportQuery): Record<string, string>[] {
  const iso = new Date(call.startedAt).toISOString();
  switch (query.groupBy) {
    case undefined:
      return [{}];
    case 'day':
      return [
        query.hourly
          ? { day: iso.slice(0, 10), hour: `${iso.slice(0, 13)}:00:00Z` }
          : { day: iso.slice(0, 10) },
      ];
    case 'user':
      return [{ user: call.user ?? '' }];
    case 'model':
      return [{ model: call.model ?? '' }];
    case 'provider':
      return [{ provider: call.provider ?? '' }];
    case 'credential_type':
      return [{ credential_type: call.byok ? 'byok' : 'system' }];
    case 'tag':
      return (call.tags ?? []).map((tag) => ({ tag }));
  }
}

function matches(call: CallSummary, query: SpendReportQuery): boolean {
  if (call.startedAt < query.start || call.startedAt >= query.end) return false;
  if (query.userId !== undefined && call.user !== query.userId) return false;
  if (query.model !== undefined && call.model !== query.model) return false;
  if (query.provider !== undefined && call.provider !== query.provider) return false;
  if (query.credentialType !== undefined && (call.byok ? 'byok' : 'system') !== query.credentialType)
    return false;
  const tags = query.tags;
  if (tags !== undefined && tags.length > 0 && !(call.tags ?? []).some((tag) => tags.includes(tag)))
    return false;
  return true;
}

/**
 * The spend report in the shape `getSpendReport()` reads: one row per group (or one row when not
 * grouped), costs in dollars as numbers, tokens by kind, request counts. A call with several tags
 * counts once in each tag's row, as Vercel's report does.
 */
export function spendReport(
  calls: Iterable<CallSummary>,
  query: SpendReportQuery,
): Record<string, unknown>[] {
  const rows = new Map<string, Row>();
  for (const call of calls) {
    if (!matches(call, query)) continue;
    for (const key of groupKeys(call, query)) {
      const id = JSON.stringify(key);
      let row = rows.get(id);
      if (row === undefined) {
        row = {
          key,
          costNano: 0,
          marketNano: 0,
          input: 0,
          output: 0,
          cached: 0,
          cacheWrite: 0,
          reasoning: 0,
          requests: 0,
        };
        rows.set(id, row);
      }
      const cost = call.costNanoUsd ?? 0;
      row.marketNano += cost;
      if (!call.byok) row.costNano += cost;
      row.input += call.inputTokens;
      row.output += call.outputTokens;
      row.cached += call.cacheReadTokens;
      row.cacheWrite += call.cacheWriteTokens;
      row.reasoning += call.reasoningTokens;
      row.requests++;
    }
  }
  return [...rows.values()].map((row) => ({
    ...row.key,
    total_cost: row.costNano / 1e9,
    market_cost: row.marketNano / 1e9,
    input_tokens: row.input,
    output_tokens: row.output,
    cached_input_tokens: row.cached,
    cache_creation_input_tokens: row.cacheWrite,
    reasoning_tokens: row.reasoning,
    request_count: row.requests,
  }));
}
