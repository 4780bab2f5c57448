/**
 * Token usage of one call, in the gateway's own units. Every protocol's usage block
 * (OpenAI `usage`, Anthropic `usage`, …) is read into this shape.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
export interface Usage {
  /** Prompt tokens including cached ones (OpenAI `prompt_tokens`). */
  inputTokens: number;
  /** Completion tokens including reasoning ones (OpenAI `completion_tokens`). */
  outputTokens: number;
  /** Part of `inputTokens` served from the provider's prompt cache. */
  cacheReadTokens: number;
  /** Part of `inputTokens` written to the provider's prompt cache (Anthropic). */
  cacheWriteTokens: number;
  /** Part of `outputTokens` spent on reasoning. */
  reasoningTokens: number;
}

/** The shape of OpenAI Chat Completions `usage` (also used by every OpenAI-compatible server). */
export interface OpenAIUsageWire {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Reads an OpenAI-style usage object; returns `undefined` when it holds no counts. */
export function usageFromOpenAI(wire: unknown): Usage | undefined {
  if (wire === null || typeof wire !== 'object') return undefined;
  const usage = wire as OpenAIUsageWire;
  if (usage.prompt_tokens === undefined && usage.completion_tokens === undefined) return undefined;
  return {
    inputTokens: count(usage.prompt_tokens),
    outputTokens: count(usage.completion_tokens),
    cacheReadTokens: count(usage.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(usage.completion_tokens_details?.reasoning_tokens),
  };
}

/**
 * Reads the `input_tokens` / `output_tokens` usage of OpenAI's newer APIs (Responses, Images):
 * cached and reasoning tokens are parts of those totals. `undefined` when it holds no counts.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export function usageFromInputOutputTokens(wire: unknown): Usage | undefined {
  if (wire === null || typeof wire !== 'object') return undefined;
  const usage = wire as {
    input_tokens?: number;
    input_tokens_details?: { cached_tokens?: number | null } | null;
    output_tokens?: number;
    output_tokens_details?: { reasoning_tokens?: number | null } | null;
  };
  if (usage.input_tokens === undefined && usage.output_tokens === undefined) return undefined;
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(usage.output_tokens_details?.reasoning_tokens),
  };
}

/**
 * Usage of a stream cut before the upstream reported it: the prompt at ~4 bytes a token, one token
 * per content delta seen — the tokens the client received are billed, not zero. Counts the
 * upstream did report (Anthropic sends input counts first) win.
 */
export function estimatedStreamUsage(known: Usage | undefined, requestBytes: number, deltas: number): Usage {
  return {
    inputTokens:
      known !== undefined && known.inputTokens > 0 ? known.inputTokens : Math.ceil(requestBytes / 4),
    outputTokens: Math.max(known?.outputTokens ?? 0, deltas),
    cacheReadTokens: known?.cacheReadTokens ?? 0,
    cacheWriteTokens: known?.cacheWriteTokens ?? 0,
    reasoningTokens: known?.reasoningTokens ?? 0,
  };
}
