import type { SimulatorCompletion } from './simulator-completion.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';

/**
 * Bedrock's `usage`, keys sorted as Bedrock sends them. `inputTokens` leaves out the simulated
 * cache read, which `cacheReadInputTokens` (and its older twin `…Count`) reports; `totalTokens`
 * counts everything. Streams carry the cache fields only when there is a cache read. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html.
 */
export function bedrockUsage(
  completion: SimulatorCompletion,
  withCacheFields: boolean,
): Record<string, unknown> {
  const cached = completion.cachedPromptTokens;
  const outputTokens = completion.completionTokens + completion.reasoning.length;
  const counts = {
    inputTokens: completion.promptTokens - cached,
    outputTokens,
    serverToolUsage: {},
    totalTokens: completion.promptTokens + outputTokens,
  };
  if (!withCacheFields && cached === 0) return counts;
  return {
    cacheReadInputTokenCount: cached,
    cacheReadInputTokens: cached,
    cacheWriteInputTokenCount: 0,
    cacheWriteInputTokens: 0,
    ...counts,
  };
}

/** `end_turn`, `max_tokens`, `stop_sequence` or `tool_use`. */
export function bedrockStopReason(completion: SimulatorCompletion): string {
  if (completion.kind === 'tool_call') return 'tool_use';
  if (completion.finishReason === 'length') return 'max_tokens';
  return completion.stopSequence === null ? 'end_turn' : 'stop_sequence';
}

/**
 * The body of a `Converse` reply, keys sorted as Bedrock sends them (see
 * `bedrock/converse/vercel-ai/amazon-bedrock-text.json`): `metrics`, `output.message` with its
 * `content` blocks (`reasoningContent`, `text`, `toolUse`), `stopReason`, `usage`. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax.
 */
export function formatBedrockConverse(
  completion: SimulatorCompletion,
  toolUseId: string,
  latencyMs: number,
): string {
  const content: unknown[] = [];
  if (completion.reasoning.length > 0) {
    const reasoningText = { signature: SIMULATOR_THINKING_SIGNATURE, text: completion.reasoning.join('') };
    content.push({ reasoningContent: { reasoningText } });
  }
  if (completion.kind === 'text') {
    content.push({ text: completion.tokens.join('') });
  } else {
    const input = JSON.parse(completion.arguments) as unknown;
    content.push({ toolUse: { input, name: completion.toolName, toolUseId } });
  }
  return JSON.stringify({
    metrics: { latencyMs },
    output: { message: { content, role: 'assistant' } },
    stopReason: bedrockStopReason(completion),
    usage: bedrockUsage(completion, true),
  });
}
