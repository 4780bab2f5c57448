import type { SimulatorCompletion } from './simulator-completion.ts';
import { SimulatorStreamScriptBuilder } from './simulator-stream-script.ts';
import type { SimulatorStreamScript } from './simulator-stream-timeline.ts';

/** Identity of one reply. */
export interface CohereReplyIdentity {
  /** A UUID. */
  id: string;
  /** `<tool name>_…`, used when the completion is a tool call. */
  toolCallId: string;
}

/**
 * `usage` in the API's key order. `tokens` are what the model processed, `billed_units` what is
 * charged: the simulated cache read (`cached_tokens`) is processed but not billed. See
 * https://docs.cohere.com/reference/chat#response.body.usage.
 */
function usage(completion: SimulatorCompletion): Record<string, unknown> {
  const output = completion.completionTokens + completion.reasoning.length;
  return {
    billed_units: {
      input_tokens: completion.promptTokens - completion.cachedPromptTokens,
      output_tokens: output,
    },
    tokens: { input_tokens: completion.promptTokens, output_tokens: output },
    cached_tokens: completion.cachedPromptTokens,
  };
}

/** `COMPLETE`, `MAX_TOKENS`, `STOP_SEQUENCE` or `TOOL_CALL`. */
function finishReason(completion: SimulatorCompletion): string {
  if (completion.kind === 'tool_call') return 'TOOL_CALL';
  if (completion.finishReason === 'length') return 'MAX_TOKENS';
  return completion.stopSequence === null ? 'COMPLETE' : 'STOP_SEQUENCE';
}

/** What a tool call is introduced with; Cohere models always write a plan before calling. */
function toolPlan(toolName: string): string {
  return `I will use the ${toolName} tool.`;
}

/** The body of a non-stream reply (see `cohere/chat-v2/vercel-ai/cohere-*.json`). */
export function formatCohereChat(identity: CohereReplyIdentity, completion: SimulatorCompletion): string {
  let message: Record<string, unknown>;
  if (completion.kind === 'tool_call') {
    const call = {
      id: identity.toolCallId,
      type: 'function',
      function: { name: completion.toolName, arguments: completion.arguments },
    };
    message = { role: 'assistant', tool_plan: toolPlan(completion.toolName), tool_calls: [call] };
  } else {
    const content: unknown[] = [];
    if (completion.reasoning.length > 0)
      content.push({ type: 'thinking', thinking: completion.reasoning.join('') });
    content.push({ type: 'text', text: completion.tokens.join('') });
    message = { role: 'assistant', content };
  }
  return JSON.stringify({
    id: identity.id,
    message,
    finish_reason: finishReason(completion),
    usage: usage(completion),
  });
}

/** One SSE event: the event type is both the `event:` line and the payload's `type`. */
function event(type: string, payload: string): string {
  return `event: ${type}\ndata: {"type":"${type}",${payload}}\n\n`;
}

/** The in-stream error: a `message-end` with finish reason `ERROR` (the stream has no error event). */
export function cohereStreamError(message: string): string {
  return event('message-end', `"delta":{"finish_reason":"ERROR","error":${JSON.stringify(message)}}`);
}

function contentBlock(
  script: SimulatorStreamScriptBuilder,
  index: number,
  type: 'thinking' | 'text',
  pieces: string[],
): void {
  script.event(
    event(
      'content-start',
      `"index":${index},"delta":{"message":{"content":{"type":"${type}","${type}":""}}}`,
    ),
  );
  for (const piece of pieces) {
    script.token(
      event(
        'content-delta',
        `"index":${index},"delta":{"message":{"content":{"${type}":${JSON.stringify(piece)}}}}`,
      ),
    );
  }
  script.event(event('content-end', `"index":${index}`));
}

/**
 * The events of a streamed reply: `message-start`; content blocks (`content-start`,
 * `content-delta`…, `content-end`: thinking, then text) or a tool call (`tool-plan-delta`…,
 * `tool-call-start`, `tool-call-delta`…, `tool-call-end`); `message-end` with the finish reason
 * and usage; then `data: [DONE]`. See https://docs.cohere.com/v2/docs/streaming.
 */
export function cohereStreamScript(
  identity: CohereReplyIdentity,
  completion: SimulatorCompletion,
  garbage: Buffer,
  failure: string | undefined,
): SimulatorStreamScript {
  const script = new SimulatorStreamScriptBuilder();
  const start =
    '"delta":{"message":{"role":"assistant","content":[],"tool_plan":"","tool_calls":[],"citations":[]}}';
  script.event(`event: message-start\ndata: {"id":"${identity.id}","type":"message-start",${start}}\n\n`);
  if (completion.kind === 'tool_call') {
    for (const piece of toolPlan(completion.toolName).match(/\s*\S+/g) ?? []) {
      script.token(event('tool-plan-delta', `"delta":{"message":{"tool_plan":${JSON.stringify(piece)}}}`));
    }
    const call = JSON.stringify({
      id: identity.toolCallId,
      type: 'function',
      function: { name: completion.toolName, arguments: '' },
    });
    script.event(event('tool-call-start', `"index":0,"delta":{"message":{"tool_calls":${call}}}`));
    for (const fragment of completion.argumentFragments) {
      const args = JSON.stringify(fragment);
      script.token(
        event(
          'tool-call-delta',
          `"index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":${args}}}}}`,
        ),
      );
    }
    script.event(event('tool-call-end', '"index":0'));
  } else {
    let index = 0;
    if (completion.reasoning.length > 0) contentBlock(script, index++, 'thinking', completion.reasoning);
    contentBlock(script, index, 'text', completion.tokens);
  }
  const end = JSON.stringify({ finish_reason: finishReason(completion), usage: usage(completion) });
  script.event(event('message-end', `"delta":${end}`));
  script.event('data: [DONE]\n\n');
  return script.build(garbage, failure);
}
