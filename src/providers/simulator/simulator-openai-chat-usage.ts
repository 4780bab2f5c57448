import type { SimulatorCompletion } from './simulator-completion.ts';

/**
 * The `usage` object of a Chat Completions reply, key order as the API sends it (both in the
 * non-stream body and in the final `choices: []` chunk). See
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage.
 */
export interface OpenAiChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: {
    reasoning_tokens: number;
    audio_tokens: number;
    accepted_prediction_tokens: number;
    rejected_prediction_tokens: number;
  };
}

/**
 * The usage of a completion. Cached tokens are the simulated cache read (`x-simulator-cache-read-tokens`,
 * counted inside `prompt_tokens` as OpenAI does); the simulator has no audio or reasoning, so those are 0.
 */
export function openAiChatUsage(completion: SimulatorCompletion): OpenAiChatUsage {
  return {
    prompt_tokens: completion.promptTokens,
    completion_tokens: completion.completionTokens,
    total_tokens: completion.promptTokens + completion.completionTokens,
    prompt_tokens_details: { cached_tokens: completion.cachedPromptTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}
