import { randomUUID } from 'node:crypto';
import { type CanonicalGenerateResult, usageFromCanonical } from '../../core/canonical.ts';
import type { Usage } from '../../core/usage.ts';
import { openAIFinishReason } from './openai-chat-finish-reason.ts';
import { openAIUsageWire } from './openai-chat-usage-wire.ts';

/**
 * A canonical result as an OpenAI `chat.completion` object: text parts joined into `content`,
 * tool calls as `tool_calls` with JSON-string arguments, reasoning as `reasoning_content` (the
 * field DeepSeek and OpenRouter use; OpenAI clients ignore it).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
export function canonicalToOpenAIChatResponse(
  result: CanonicalGenerateResult,
  publicModel: string,
): { body: string; usage: Usage } {
  let text = '';
  let reasoning = '';
  const toolCalls: unknown[] = [];
  for (const part of result.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else if (part.type === 'tool-call' && part.providerExecuted !== true) {
      toolCalls.push({
        id: part.toolCallId,
        type: 'function',
        function: { name: part.toolName, arguments: part.input },
      });
    }
  }
  const usage = usageFromCanonical(result.usage);
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
  };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const body = {
    id: `chatcmpl-${result.response?.id ?? randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor((result.response?.timestamp?.getTime() ?? Date.now()) / 1000),
    model: publicModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openAIFinishReason(result.finishReason) }],
    usage: openAIUsageWire(usage),
    system_fingerprint: null,
  };
  return { body: JSON.stringify(body), usage };
}
