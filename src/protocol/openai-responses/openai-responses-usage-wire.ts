import type { Usage } from '../../core/usage.ts';

/**
 * The `usage` object of a Responses API answer (non-stream body, `response.completed` event).
 * Unlike Chat Completions it names tokens `input`/`output`; cached and reasoning tokens are parts
 * of those totals.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-usage
 */
export interface OpenAIResponsesUsageWire {
  input_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens?: number;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
  total_tokens?: number;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Reads a Responses `usage` object; `undefined` when it holds no counts. */
export function usageFromOpenAIResponses(wire: unknown): Usage | undefined {
  if (wire === null || typeof wire !== 'object') return undefined;
  const usage = wire as OpenAIResponsesUsageWire;
  if (usage.input_tokens === undefined && usage.output_tokens === undefined) return undefined;
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: count(usage.output_tokens_details?.reasoning_tokens),
  };
}

/** Gateway usage → the Responses `usage` object, in the API's key order. */
export function openAIResponsesUsageWire(usage: Usage): Required<OpenAIResponsesUsageWire> {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}
