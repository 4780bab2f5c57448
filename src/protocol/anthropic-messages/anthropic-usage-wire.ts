import type { Usage } from '../../core/usage.ts';

/**
 * Anthropic's `usage` counts input three ways: `input_tokens` (not cached), cache reads and cache
 * writes; the gateway's `inputTokens` is their sum.
 * @see https://docs.anthropic.com/en/api/messages#response-usage
 */
export interface AnthropicUsageWire {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}

const count = (value: unknown): number => (typeof value === 'number' && value > 0 ? Math.floor(value) : 0);

export function usageFromAnthropic(wire: AnthropicUsageWire | undefined): Usage | undefined {
  if (wire === undefined || wire === null) return undefined;
  const cacheRead = count(wire.cache_read_input_tokens);
  const cacheWrite = count(wire.cache_creation_input_tokens);
  return {
    inputTokens: count(wire.input_tokens) + cacheRead + cacheWrite,
    outputTokens: count(wire.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reasoningTokens: 0,
  };
}

export function anthropicUsageWire(usage: Usage): Required<AnthropicUsageWire> {
  return {
    input_tokens: Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens),
    output_tokens: usage.outputTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
  };
}
