import { type Usage, usageFromInputOutputTokens } from '../../core/usage.ts';

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

/** Reads a Responses `usage` object; `undefined` when it holds no counts. */
export const usageFromOpenAIResponses = usageFromInputOutputTokens;

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
