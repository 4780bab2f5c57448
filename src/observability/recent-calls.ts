import type { CallRecord } from '../core/call-record.ts';
import { StringInterner } from './recent-calls-interner.ts';

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

const MAX_TAGS = 4;
const FLAG_STREAM = 1;
const FLAG_BYOK = 2;
const OPERATIONS: readonly CallRecord['operation'][] = ['language', 'embedding', 'image'];
/** Numeric columns: one `Float64Array` row of this many slots per call. */
const COLUMNS = 12;
const [
  STARTED,
  STATUS,
  FLAGS,
  INPUT,
  OUTPUT,
  CACHE_READ,
  CACHE_WRITE,
  REASONING,
  COST,
  LATENCY,
  TTFT,
  OPERATION,
] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
/** String columns, interned: the index of each in one `Uint32Array` row. */
const STRINGS = 7;
const [_ID, KEY, USER, MODEL, PROVIDER, UPSTREAM, FINISH] = [0, 1, 2, 3, 4, 5, 6] as const;

/**
 * The most recent model calls of this process, in memory: a ring (oldest overwritten first) kept
 * in typed-array columns, strings interned, plus each key's total spend since start. It answers
 * the Vercel gateway's account endpoints (`/v1/generation`, `/v1/report`, `/v1/credits`) until the
 * request log and usage stores take over; it is lost on restart and holds no content.
 * Columns rather than one object per call: a ring of 100,000 live objects (each promoted to the
 * old generation, each a reference the collector follows) cost ~15% of a passthrough call's CPU;
 * numbers in typed arrays cost the collector nothing.
 */
export class RecentCalls {
  readonly #capacity: number;
  readonly #numbers: Float64Array;
  readonly #strings: Uint32Array;
  readonly #tags: Uint32Array;
  /** Generation ids are unique per call: kept as strings, the one column the collector sees. */
  readonly #ids: (string | undefined)[];
  readonly #text = new StringInterner(50_000, '(other)');
  readonly #spentByKey = new Float64Array(1024);
  readonly #keys = new StringInterner(1024, '(other keys)');
  #next = 0;

  constructor(capacity = 100_000) {
    this.#capacity = capacity;
    this.#numbers = new Float64Array(capacity * COLUMNS);
    this.#strings = new Uint32Array(capacity * STRINGS);
    this.#tags = new Uint32Array(capacity * MAX_TAGS);
    this.#ids = new Array(capacity).fill(undefined);
  }

  /** Keeps a finished call (model calls only: those with a requested model). */
  add(record: CallRecord): void {
    if (record.model === undefined) return;
    const slot = this.#next;
    this.#next = (slot + 1) % this.#capacity;
    const usage = record.usage;
    const n = this.#numbers;
    const row = slot * COLUMNS;
    n[row + STARTED] = record.startedAt;
    n[row + STATUS] = record.status;
    n[row + FLAGS] = (record.stream ? FLAG_STREAM : 0) | (record.byok ? FLAG_BYOK : 0);
    n[row + INPUT] = usage?.inputTokens ?? 0;
    n[row + OUTPUT] = usage?.outputTokens ?? 0;
    n[row + CACHE_READ] = usage?.cacheReadTokens ?? 0;
    n[row + CACHE_WRITE] = usage?.cacheWriteTokens ?? 0;
    n[row + REASONING] = usage?.reasoningTokens ?? 0;
    n[row + COST] = record.costNanoUsd ?? Number.NaN;
    n[row + LATENCY] = record.latencyMs ?? Number.NaN;
    n[row + TTFT] = record.ttftMs ?? Number.NaN;
    n[row + OPERATION] = OPERATIONS.indexOf(record.operation);
    const s = this.#strings;
    const text = this.#text;
    const at = slot * STRINGS;
    this.#ids[slot] = record.generationId;
    s[at + KEY] = text.index(record.apiKey);
    s[at + USER] = text.index(record.user);
    s[at + MODEL] = text.index(record.model);
    s[at + PROVIDER] = text.index(record.provider);
    s[at + UPSTREAM] = text.index(record.upstreamModel);
    s[at + FINISH] = text.index(record.finishReason);
    const tags = record.tags;
    for (let index = 0; index < MAX_TAGS; index++) {
      this.#tags[slot * MAX_TAGS + index] = text.index(tags?.[index]);
    }
    const cost = record.costNanoUsd;
    if (cost !== undefined && !record.byok)
      this.#spentByKey[this.#keys.index(record.apiKey ?? 'anonymous')]! += cost;
  }

  /** The call with this generation id, if it is still in the window. */
  get(generationId: string): CallSummary | undefined {
    const slot = this.#ids.indexOf(generationId);
    return slot === -1 ? undefined : this.#summary(slot);
  }

  /** Nano-dollars the key spent since the process started (gateway credentials only). */
  spentBy(apiKey: string | undefined): number {
    const index = this.#keys.find(apiKey ?? 'anonymous');
    return index === undefined ? 0 : (this.#spentByKey[index] ?? 0);
  }

  /** Every kept call made with `apiKey`, oldest first. */
  *calls(apiKey: string | undefined): Generator<CallSummary> {
    const key = apiKey === undefined ? 0 : this.#text.find(apiKey);
    if (key === undefined) return;
    for (let offset = 0; offset < this.#capacity; offset++) {
      const slot = (this.#next + offset) % this.#capacity;
      if (this.#ids[slot] === undefined || this.#strings[slot * STRINGS + KEY] !== key) continue;
      yield this.#summary(slot);
    }
  }

  #summary(slot: number): CallSummary {
    const n = this.#numbers;
    const row = slot * COLUMNS;
    const s = this.#strings;
    const at = slot * STRINGS;
    const text = this.#text;
    const tags: string[] = [];
    for (let index = 0; index < MAX_TAGS; index++) {
      const tag = text.value(this.#tags[slot * MAX_TAGS + index] ?? 0);
      if (tag !== undefined) tags.push(tag);
    }
    const optional = (value: number | undefined) =>
      value === undefined || Number.isNaN(value) ? undefined : value;
    const flags = n[row + FLAGS] ?? 0;
    return {
      generationId: this.#ids[slot] ?? '',
      startedAt: n[row + STARTED] ?? 0,
      apiKey: text.value(s[at + KEY] ?? 0),
      user: text.value(s[at + USER] ?? 0),
      tags: tags.length === 0 ? undefined : tags,
      model: text.value(s[at + MODEL] ?? 0),
      provider: text.value(s[at + PROVIDER] ?? 0),
      upstreamModel: text.value(s[at + UPSTREAM] ?? 0),
      operation: OPERATIONS[n[row + OPERATION] ?? 0] ?? 'language',
      stream: (flags & FLAG_STREAM) !== 0,
      status: n[row + STATUS] ?? 0,
      finishReason: text.value(s[at + FINISH] ?? 0),
      byok: (flags & FLAG_BYOK) !== 0,
      inputTokens: n[row + INPUT] ?? 0,
      outputTokens: n[row + OUTPUT] ?? 0,
      cacheReadTokens: n[row + CACHE_READ] ?? 0,
      cacheWriteTokens: n[row + CACHE_WRITE] ?? 0,
      reasoningTokens: n[row + REASONING] ?? 0,
      costNanoUsd: optional(n[row + COST]),
      latencyMs: optional(n[row + LATENCY]),
      ttftMs: optional(n[row + TTFT]),
    };
  }
}
