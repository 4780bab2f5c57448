import type { SimulatorCompletion } from './simulator-completion.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';

/** Identity shared by the events of one reply (or its one body). */
export interface AnthropicReplyIdentity {
  /** `msg_01…` (`msg_vrtx_01…` on Vertex AI). */
  id: string;
  /** The model as the request named it. */
  model: string;
  /** `toolu_01…`, used when the completion is a tool call. */
  toolUseId: string;
}

/**
 * The `usage` object, key order as the API sends it (in a message and in `message_start`). The
 * simulated cache read (`x-simulator-cache-read-tokens`) is `cache_read_input_tokens`, and
 * `input_tokens` then counts only the rest, as Anthropic does. See
 * https://docs.anthropic.com/en/api/messages#response-usage.
 */
export interface AnthropicUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  service_tier: 'standard';
  inference_geo: 'not_available';
}

/** Output tokens as Anthropic counts them: thinking included. */
export function anthropicOutputTokens(completion: SimulatorCompletion): number {
  return completion.completionTokens + completion.reasoning.length;
}

/** The usage of a completion with the given output count (`message_start` reports a first token only). */
export function anthropicUsage(completion: SimulatorCompletion, outputTokens: number): AnthropicUsage {
  return {
    input_tokens: completion.promptTokens - completion.cachedPromptTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: completion.cachedPromptTokens,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
    inference_geo: 'not_available',
  };
}

/** `stop_reason` and `stop_sequence` of a completion. */
export function anthropicStop(completion: SimulatorCompletion): {
  stop_reason: 'end_turn' | 'max_tokens' | 'tool_use' | 'stop_sequence';
  stop_sequence: string | null;
} {
  if (completion.kind === 'tool_call') return { stop_reason: 'tool_use', stop_sequence: null };
  if (completion.finishReason === 'length') return { stop_reason: 'max_tokens', stop_sequence: null };
  if (completion.stopSequence !== null) {
    return { stop_reason: 'stop_sequence', stop_sequence: completion.stopSequence };
  }
  return { stop_reason: 'end_turn', stop_sequence: null };
}

function content(identity: AnthropicReplyIdentity, completion: SimulatorCompletion): unknown[] {
  const blocks: unknown[] = [];
  if (completion.reasoning.length > 0) {
    const thinking = completion.reasoning.join('');
    blocks.push({ type: 'thinking', thinking, signature: SIMULATOR_THINKING_SIGNATURE });
  }
  if (completion.kind === 'text') {
    blocks.push({ type: 'text', text: completion.tokens.join('') });
  } else {
    blocks.push({
      type: 'tool_use',
      id: identity.toolUseId,
      name: completion.toolName,
      input: JSON.parse(completion.arguments) as unknown,
      caller: { type: 'direct' },
    });
  }
  return blocks;
}

/**
 * The body of a non-stream Messages reply, compact and in the API's key order (as recorded in
 * `anthropic/messages/fantasy/claude-sonnet-4__simple.yaml`). See
 * https://docs.anthropic.com/en/api/messages.
 */
export function formatAnthropicMessage(
  identity: AnthropicReplyIdentity,
  completion: SimulatorCompletion,
): string {
  return JSON.stringify({
    model: identity.model,
    id: identity.id,
    type: 'message',
    role: 'assistant',
    content: content(identity, completion),
    ...anthropicStop(completion),
    usage: anthropicUsage(completion, anthropicOutputTokens(completion)),
  });
}
