import { randomUUID } from 'node:crypto';
import { type CanonicalGenerateResult, usageFromCanonical } from '../../core/canonical.ts';
import type { Usage } from '../../core/usage.ts';
import { anthropicStopReason } from './anthropic-stop-reason.ts';
import { anthropicUsageWire } from './anthropic-usage-wire.ts';

function parseInput(input: string): unknown {
  try {
    return JSON.parse(input === '' ? '{}' : input);
  } catch {
    return {};
  }
}

/** The Anthropic signature a canonical reasoning part carries, if its provider gave one. */
function signatureOf(metadata: Record<string, Record<string, unknown> | undefined> | undefined): string {
  const signature = metadata?.anthropic?.signature;
  return typeof signature === 'string' ? signature : '';
}

/**
 * A canonical result as an Anthropic `message`: reasoning as `thinking` blocks (with the signature
 * when the upstream was Anthropic), text, tool calls as `tool_use` with parsed input.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function canonicalToAnthropicResponse(
  result: CanonicalGenerateResult,
  publicModel: string,
): { body: string; usage: Usage } {
  const content: unknown[] = [];
  for (const part of result.content) {
    if (part.type === 'reasoning') {
      content.push({ type: 'thinking', thinking: part.text, signature: signatureOf(part.providerMetadata) });
    } else if (part.type === 'text') {
      content.push({ type: 'text', text: part.text });
    } else if (part.type === 'tool-call' && part.providerExecuted !== true) {
      content.push({
        type: 'tool_use',
        id: part.toolCallId,
        name: part.toolName,
        input: parseInput(part.input),
      });
    }
  }
  const usage = usageFromCanonical(result.usage);
  const body = {
    id: `msg_${result.response?.id ?? randomUUID().replaceAll('-', '')}`,
    type: 'message',
    role: 'assistant',
    model: publicModel,
    content,
    stop_reason: anthropicStopReason(result.finishReason),
    stop_sequence: null,
    usage: anthropicUsageWire(usage),
  };
  return { body: JSON.stringify(body), usage };
}
