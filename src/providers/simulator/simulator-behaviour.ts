/**
 * A failure the simulator can stage instead of (or in the middle of) a normal answer, so every
 * error path of the gateway can be exercised without a real provider:
 * - an HTTP status (`429`, `500`, `503`, `529`, `400`, `401`, …): answered at once with the
 *   provider's error body, in the shape of the API that was called (a `429` also carries
 *   `retry-after` where the API sends one);
 * - `hang`: never answers; the caller's timeout or disconnect is the only way out;
 * - `reset`: the connection is reset (before the headers for a non-stream reply, after
 *   `faultAfterTokens` tokens for a stream);
 * - `cut`: the reply stops early but cleanly at the transport level (no finish chunk, no `[DONE]`);
 *   a non-stream reply announces a longer `content-length` than it sends;
 * - `malformed`: bytes that are not the protocol (garbage event in a stream, non-JSON body);
 * - `error-<status>` (`error` alone is `error-529`): a stream that starts normally and, after
 *   `faultAfterTokens` tokens, carries the API's own in-stream error (Anthropic's `event: error`,
 *   a Bedrock exception frame, an OpenAI or Gemini `error` event); a non-stream request gets the
 *   plain HTTP error of that status;
 * - `content-policy`: the API's 400 refusal of content its safety system blocked (OpenAI's
 *   `content_policy_violation`, Azure's `content_filter`, Anthropic's "Output blocked by content
 *   filtering policy", an equivalent 400 elsewhere), before any byte of a stream.
 */
export type SimulatorFault =
  | number
  | 'hang'
  | 'reset'
  | 'cut'
  | 'malformed'
  | 'content-policy'
  | SimulatorStreamErrorFault;

/** An in-stream error of the given HTTP status class (see `SimulatorFault`). */
export type SimulatorStreamErrorFault = `error-${number}`;

/**
 * How the simulator plays its answer. Set at three levels, later ones winning: the simulator's
 * defaults, per model (`SimulatorOptions.models`) and per request (`x-simulator-*` headers), so a
 * benchmark or a test can shape one call without restarting anything.
 */
export interface SimulatorBehaviour {
  /** Time to first token in milliseconds (`x-simulator-ttft-ms`). */
  ttftMs: number;
  /** Token rate after the first token; 0 sends everything at once (`x-simulator-tokens-per-second`). */
  tokensPerSecond: number;
  /** Length of a `lorem` answer in tokens (`x-simulator-output-tokens`). */
  outputTokens: number;
  /** A failure to stage instead of the normal answer (`x-simulator-fail`). */
  fault?: SimulatorFault;
  /** Tokens streamed before a mid-stream fault (`x-simulator-fail-after`). */
  faultAfterTokens: number;
  /** `retry-after` seconds of a simulated 429 (`x-simulator-retry-after`). */
  retryAfterSeconds: number;
  /**
   * Input tokens reported as read from the provider's prompt cache (`x-simulator-cache-read-tokens`),
   * in each API's own field (`cache_read_input_tokens`, `cached_tokens`, `cachedContentTokenCount`,
   * `cacheReadInputTokens`), so cache-read pricing can be tested. The prompt is counted as at least
   * this long.
   */
  cacheReadTokens: number;
  /**
   * The model's context window in tokens (`x-simulator-context-window`): a prompt counted longer
   * than this (the count the reply's usage would report) gets the API's own context-length 400
   * instead of an answer. Unset means no limit; `0` in a header or a later level removes one.
   */
  contextWindow?: number;
}

export const SIMULATOR_DEFAULT_BEHAVIOUR: Readonly<SimulatorBehaviour> = Object.freeze({
  ttftMs: 0,
  tokensPerSecond: 0,
  outputTokens: 16,
  faultAfterTokens: 2,
  retryAfterSeconds: 1,
  cacheReadTokens: 0,
});

// Bounds keep a typo from allocating gigabytes or arming a timer Node cannot hold.
const MAX_DELAY_MS = 3_600_000;
const MAX_OUTPUT_TOKENS = 100_000;
const MAX_PROMPT_TOKENS = 10_000_000;

const NAMED_FAULTS: ReadonlySet<string> = new Set(['hang', 'reset', 'cut', 'malformed', 'content-policy']);

/** Lower-case header names, as Node and undici deliver them; arrays come from repeated headers. */
export type SimulatorHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** The first value of a header (repeated headers arrive as arrays). */
export function simulatorHeader(headers: SimulatorHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function boundedNumber(value: unknown, max: number): number | undefined {
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    return boundedNumber(Number(value), max);
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) return undefined;
  return value;
}

function boundedInteger(value: unknown, max: number): number | undefined {
  const number = boundedNumber(value, max);
  return number === undefined ? undefined : Math.floor(number);
}

/** Reads a fault; anything unknown is `undefined` (ignored), `none` clears an inherited fault. */
function parseFault(value: unknown): SimulatorFault | 'none' | undefined {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 400 && value <= 599 ? value : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  if (text === 'none' || NAMED_FAULTS.has(text)) return text as SimulatorFault | 'none';
  if (text === 'error') return 'error-529';
  const streamError = /^error-(\d{3})$/.exec(text);
  if (streamError !== null) {
    return parseFault(Number(streamError[1])) === undefined ? undefined : (text as SimulatorStreamErrorFault);
  }
  return /^\d{3}$/.test(text) ? parseFault(Number(text)) : undefined;
}

/** The status of an `error-<status>` fault, or `undefined` for any other fault. */
export function simulatorStreamErrorStatus(fault: SimulatorFault | undefined): number | undefined {
  return typeof fault === 'string' && fault.startsWith('error-') ? Number(fault.slice(6)) : undefined;
}

/**
 * Applies the valid settings of `partial` over `base`. Invalid values are ignored rather than
 * rejected: the simulator must never crash on a bad setting, it falls back to the defaults.
 */
export function mergeSimulatorBehaviour(
  base: Readonly<SimulatorBehaviour>,
  partial: Readonly<Partial<Record<keyof SimulatorBehaviour, unknown>>> | undefined,
): SimulatorBehaviour {
  const merged: SimulatorBehaviour = { ...base };
  if (partial === undefined) return merged;
  merged.ttftMs = boundedNumber(partial.ttftMs, MAX_DELAY_MS) ?? merged.ttftMs;
  merged.tokensPerSecond =
    boundedNumber(partial.tokensPerSecond, Number.MAX_SAFE_INTEGER) ?? merged.tokensPerSecond;
  merged.outputTokens = boundedInteger(partial.outputTokens, MAX_OUTPUT_TOKENS) ?? merged.outputTokens;
  merged.faultAfterTokens =
    boundedInteger(partial.faultAfterTokens, MAX_OUTPUT_TOKENS) ?? merged.faultAfterTokens;
  merged.retryAfterSeconds = boundedInteger(partial.retryAfterSeconds, 86_400) ?? merged.retryAfterSeconds;
  merged.cacheReadTokens =
    boundedInteger(partial.cacheReadTokens, MAX_PROMPT_TOKENS) ?? merged.cacheReadTokens;
  const contextWindow = boundedInteger(partial.contextWindow, MAX_PROMPT_TOKENS);
  if (contextWindow === 0) delete merged.contextWindow;
  else if (contextWindow !== undefined) merged.contextWindow = contextWindow;
  const fault = parseFault(partial.fault);
  if (fault === 'none') delete merged.fault;
  else if (fault !== undefined) merged.fault = fault;
  return merged;
}

/** True when a request carries at least one `x-simulator-*` header (the common case has none). */
function hasSimulatorHeaders(headers: SimulatorHeaders): boolean {
  for (const name in headers) {
    if (name.startsWith('x-simulator-')) return true;
  }
  return false;
}

/** The per-request level: `x-simulator-*` headers over the model's behaviour. */
export function applySimulatorHeaders(
  base: SimulatorBehaviour,
  headers: SimulatorHeaders,
): SimulatorBehaviour {
  if (!hasSimulatorHeaders(headers)) return base;
  return mergeSimulatorBehaviour(base, {
    ttftMs: simulatorHeader(headers, 'x-simulator-ttft-ms'),
    tokensPerSecond: simulatorHeader(headers, 'x-simulator-tokens-per-second'),
    outputTokens: simulatorHeader(headers, 'x-simulator-output-tokens'),
    fault: simulatorHeader(headers, 'x-simulator-fail'),
    faultAfterTokens: simulatorHeader(headers, 'x-simulator-fail-after'),
    retryAfterSeconds: simulatorHeader(headers, 'x-simulator-retry-after'),
    cacheReadTokens: simulatorHeader(headers, 'x-simulator-cache-read-tokens'),
    contextWindow: simulatorHeader(headers, 'x-simulator-context-window'),
  });
}
