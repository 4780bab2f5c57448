import type { CallRecord } from '../core/call-record.ts';

/** What is kept of one finished call: enough to answer generation lookups and spend reports. */
export interface CallSummary {
  generationId: string;
  startedAt: number;
  apiKey: string | undefined;
  user: string | undefined;
  tags: readonly string[] | undefined;
  model: string | undefined;
  provider: string | undefined;
  upstreamModel: string | undefined;
  operation: CallRecord['operation'];
  stream: boolean;
  status: number;
  finishReason: string | undefined;
  byok: boolean;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Nano-dollars; `undefined` = unknown price. */
  costNanoUsd: number | undefined;
  latencyMs: number | undefined;
  ttftMs: number | undefined;
}

export function summarise(record: CallRecord): CallSummary {
  const usage = record.usage;
  return {
    generationId: record.generationId,
    startedAt: record.startedAt,
    apiKey: record.apiKey,
    user: record.user,
    tags: record.tags,
    model: record.model,
    provider: record.provider,
    upstreamModel: record.upstreamModel,
    operation: record.operation,
    stream: record.stream,
    status: record.status,
    finishReason: record.finishReason,
    byok: record.byok,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cacheReadTokens: usage?.cacheReadTokens ?? 0,
    cacheWriteTokens: usage?.cacheWriteTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    costNanoUsd: record.costNanoUsd,
    latencyMs: record.latencyMs,
    ttftMs: record.ttftMs,
  };
}

/**
 * The most recent model calls of this process, in memory: a ring of summaries (oldest dropped
 * first) indexed by generation id, plus each key's total spend since start. It answers the Vercel
 * gateway's account endpoints (`/v1/generation`, `/v1/report`, `/v1/credits`) until the request
 * log and usage stores take over; it is lost on restart and holds no content.
 */
export class RecentCalls {
  readonly #capacity: number;
  readonly #ring: (CallSummary | undefined)[];
  readonly #byId = new Map<string, CallSummary>();
  readonly #spentByKey = new Map<string, number>();
  #next = 0;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
    this.#ring = new Array(capacity);
  }

  /** Keeps a finished call (model calls only: those with a requested model). */
  add(record: CallRecord): void {
    if (record.model === undefined) return;
    const summary = summarise(record);
    const evicted = this.#ring[this.#next];
    if (evicted !== undefined) this.#byId.delete(evicted.generationId);
    this.#ring[this.#next] = summary;
    this.#next = (this.#next + 1) % this.#capacity;
    this.#byId.set(summary.generationId, summary);
    if (summary.costNanoUsd !== undefined && !summary.byok) {
      const key = summary.apiKey ?? 'anonymous';
      this.#spentByKey.set(key, (this.#spentByKey.get(key) ?? 0) + summary.costNanoUsd);
    }
  }

  get(generationId: string): CallSummary | undefined {
    return this.#byId.get(generationId);
  }

  /** Nano-dollars the key spent since the process started (gateway credentials only). */
  spentBy(apiKey: string | undefined): number {
    return this.#spentByKey.get(apiKey ?? 'anonymous') ?? 0;
  }

  /** Every kept call, oldest first. */
  *calls(): Generator<CallSummary> {
    for (let offset = 0; offset < this.#capacity; offset++) {
      const summary = this.#ring[(this.#next + offset) % this.#capacity];
      if (summary !== undefined) yield summary;
    }
  }
}
