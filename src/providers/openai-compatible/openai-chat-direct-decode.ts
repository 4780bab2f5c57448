import { randomUUID } from 'node:crypto';
import type {
  CanonicalContent,
  CanonicalFinishReason,
  CanonicalGenerateResult,
  CanonicalStreamPart,
  CanonicalUsage,
  CanonicalWarning,
} from '../../core/canonical.ts';
import type { StreamDecoder } from '../direct-exchange.ts';

interface OpenAIWireUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

interface OpenAIWireToolCall {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

interface OpenAIWireMessage {
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
  tool_calls?: OpenAIWireToolCall[] | null;
}

interface OpenAIWireChoice {
  message?: OpenAIWireMessage;
  delta?: OpenAIWireMessage;
  finish_reason?: string | null;
}

interface OpenAIWireCompletion {
  id?: string | null;
  model?: string | null;
  created?: number | null;
  choices?: OpenAIWireChoice[] | null;
  usage?: OpenAIWireUsage | null;
  error?: unknown;
}

/** Same mapping as the AI SDK's OpenAI chat adapters. */
export function openAIFinishReason(
  reason: string | null | undefined,
  hasRefusal = false,
): CanonicalFinishReason {
  let unified: CanonicalFinishReason['unified'];
  switch (reason) {
    case 'stop':
      unified = hasRefusal ? 'content-filter' : 'stop';
      break;
    case 'length':
      unified = 'length';
      break;
    case 'content_filter':
      unified = 'content-filter';
      break;
    case 'function_call':
    case 'tool_calls':
      unified = 'tool-calls';
      break;
    default:
      unified = 'other';
  }
  return { unified, raw: reason ?? undefined };
}

/** Same arithmetic as the AI SDK's `convertOpenAIChatUsage` (cached tokens are part of the prompt). */
export function openAIUsage(usage: OpenAIWireUsage | null | undefined): CanonicalUsage {
  if (usage === null || usage === undefined) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const prompt = usage.prompt_tokens ?? 0;
  const completion = usage.completion_tokens ?? 0;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? 0;
  const cacheWrite = usage.prompt_tokens_details?.cache_write_tokens ?? undefined;
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    inputTokens: {
      total: prompt,
      noCache: prompt - cached - (cacheWrite ?? 0),
      cacheRead: cached,
      cacheWrite,
    },
    outputTokens: { total: completion, text: Math.max(0, completion - reasoning), reasoning },
    raw: usage as CanonicalUsage['raw'],
  };
}

/** A non-streamed `chat.completion` as a canonical result (its first choice). */
export function openAICompletionToCanonical(
  completion: OpenAIWireCompletion,
  warnings: CanonicalWarning[],
): CanonicalGenerateResult | undefined {
  const choice = completion.choices?.[0];
  if (choice?.message === undefined) return undefined;
  const message = choice.message;
  const content: CanonicalContent[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (typeof message.content === 'string' && message.content !== '')
    content.push({ type: 'text', text: message.content });
  const hasRefusal = typeof message.refusal === 'string' && message.refusal !== '';
  if (hasRefusal) content.push({ type: 'text', text: message.refusal as string });
  for (const call of message.tool_calls ?? []) {
    content.push({
      type: 'tool-call',
      toolCallId: call.id ?? randomUUID(),
      toolName: call.function?.name ?? '',
      input: call.function?.arguments ?? '',
    });
  }
  return {
    content,
    finishReason: openAIFinishReason(choice.finish_reason, hasRefusal),
    usage: openAIUsage(completion.usage),
    response: {
      id: completion.id ?? undefined,
      modelId: completion.model ?? undefined,
      timestamp: typeof completion.created === 'number' ? new Date(completion.created * 1000) : undefined,
    },
    warnings,
  };
}

interface PendingToolCall {
  id: string;
  name: string;
  input: string;
}

/**
 * `chat.completion.chunk` events → canonical parts: content and reasoning (`reasoning_content`
 * or `reasoning`, as DeepSeek, vLLM and OpenRouter send it) as deltas, tool calls gathered by
 * index (id and name come first, argument fragments after) and completed before `finish`, usage
 * from the last chunk (`stream_options.include_usage`). `[DONE]` and a missing final usage chunk
 * both end it; an `{"error": …}` chunk becomes an error part.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIChatStreamDecoder implements StreamDecoder {
  #metadataSent = false;
  #textOpen = false;
  #reasoningOpen = false;
  #hasRefusal = false;
  readonly #tools: PendingToolCall[] = [];
  #finishReason: string | null | undefined;
  #usage: OpenAIWireUsage | undefined;
  #finished = false;

  event(_name: string, data: string, emit: (part: CanonicalStreamPart) => void): void {
    if (data === '[DONE]') {
      this.#finish(emit);
      return;
    }
    const chunk = JSON.parse(data) as OpenAIWireCompletion;
    if (chunk.error !== undefined && chunk.error !== null) {
      emit({ type: 'error', error: chunk.error });
      return;
    }
    if (!this.#metadataSent) {
      this.#metadataSent = true;
      emit({
        type: 'response-metadata',
        id: chunk.id ?? undefined,
        modelId: chunk.model ?? undefined,
        timestamp: typeof chunk.created === 'number' ? new Date(chunk.created * 1000) : undefined,
      });
    }
    if (chunk.usage !== undefined && chunk.usage !== null) this.#usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (choice === undefined) return;
    const delta = choice.delta;
    if (delta !== undefined && delta !== null) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        if (!this.#reasoningOpen) {
          this.#reasoningOpen = true;
          emit({ type: 'reasoning-start', id: 'reasoning-0' });
        }
        emit({ type: 'reasoning-delta', id: 'reasoning-0', delta: reasoning });
      }
      const text = typeof delta.content === 'string' && delta.content !== '' ? delta.content : delta.refusal;
      if (typeof text === 'string' && text !== '') {
        if (delta.content !== text) this.#hasRefusal = true;
        this.#closeReasoning(emit);
        if (!this.#textOpen) {
          this.#textOpen = true;
          emit({ type: 'text-start', id: 'txt-0' });
        }
        emit({ type: 'text-delta', id: 'txt-0', delta: text });
      }
      if (delta.tool_calls !== undefined && delta.tool_calls !== null) {
        this.#closeReasoning(emit);
        for (const call of delta.tool_calls) this.#toolDelta(call, emit);
      }
    }
    if (choice.finish_reason !== undefined && choice.finish_reason !== null)
      this.#finishReason = choice.finish_reason;
  }

  end(emit: (part: CanonicalStreamPart) => void): void {
    // Some compatible servers omit `[DONE]`; a finish reason is what says the answer is complete.
    if (this.#finishReason !== undefined) this.#finish(emit);
  }

  #toolDelta(call: OpenAIWireToolCall, emit: (part: CanonicalStreamPart) => void): void {
    const index = call.index ?? this.#tools.length;
    let pending = this.#tools[index];
    if (pending === undefined) {
      pending = { id: call.id ?? randomUUID(), name: call.function?.name ?? '', input: '' };
      this.#tools[index] = pending;
      emit({ type: 'tool-input-start', id: pending.id, toolName: pending.name });
    }
    const fragment = call.function?.arguments;
    if (typeof fragment === 'string' && fragment !== '') {
      pending.input += fragment;
      emit({ type: 'tool-input-delta', id: pending.id, delta: fragment });
    }
  }

  #closeReasoning(emit: (part: CanonicalStreamPart) => void): void {
    if (!this.#reasoningOpen) return;
    this.#reasoningOpen = false;
    emit({ type: 'reasoning-end', id: 'reasoning-0' });
  }

  #finish(emit: (part: CanonicalStreamPart) => void): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#closeReasoning(emit);
    if (this.#textOpen) emit({ type: 'text-end', id: 'txt-0' });
    for (const call of this.#tools) {
      if (call === undefined) continue;
      emit({ type: 'tool-input-end', id: call.id });
      emit({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.input === '' ? '{}' : call.input,
      });
    }
    emit({
      type: 'finish',
      finishReason: openAIFinishReason(this.#finishReason, this.#hasRefusal),
      usage: openAIUsage(this.#usage),
    });
  }
}
