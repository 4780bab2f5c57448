import { type CanonicalGenerateResult, usageFromCanonical } from '../../core/canonical.ts';
import type { Usage } from '../../core/usage.ts';
import type { OpenAIResponsesEnvelope } from './openai-responses-object.ts';
import {
  functionCallItem,
  messageItem,
  reasoningItem,
  responsesOutcome,
} from './openai-responses-output-items.ts';
import { encryptedContentOf } from './openai-responses-reasoning-metadata.ts';
import { openAIResponsesUsageWire } from './openai-responses-usage-wire.ts';

/**
 * A canonical result as an OpenAI Responses object: reasoning parts as `reasoning` items,
 * consecutive text parts as one assistant `message`, tool calls as `function_call` items with
 * JSON-string arguments; a length or content-filter stop makes the response `incomplete`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */
export function canonicalToOpenAIResponsesResponse(
  result: CanonicalGenerateResult,
  envelope: OpenAIResponsesEnvelope,
): { body: string; usage: Usage } {
  const items: string[] = [];
  let text: string | undefined;
  const flushText = (): void => {
    if (text === undefined) return;
    items.push(messageItem(envelope.itemId('msg'), 'completed', text));
    text = undefined;
  };
  for (const part of result.content) {
    if (part.type === 'text') {
      text = (text ?? '') + part.text;
    } else if (part.type === 'reasoning') {
      flushText();
      items.push(reasoningItem(envelope.itemId('rs'), part.text, encryptedContentOf(part.providerMetadata)));
    } else if (part.type === 'tool-call' && part.providerExecuted !== true) {
      flushText();
      items.push(
        functionCallItem(envelope.itemId('fc'), 'completed', part.toolCallId, part.toolName, part.input),
      );
    }
  }
  flushText();
  const usage = usageFromCanonical(result.usage);
  const outcome = responsesOutcome(result.finishReason);
  const body = envelope.render({
    status: outcome.status,
    completedAt: Math.floor(Date.now() / 1000),
    error: 'null',
    incompleteDetails: outcome.incompleteDetails,
    output: `[${items.join(',')}]`,
    usage: JSON.stringify(openAIResponsesUsageWire(usage)),
  });
  return { body, usage };
}
