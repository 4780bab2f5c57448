import type {
  CanonicalContent,
  CanonicalFinishReason,
  CanonicalGenerateResult,
  CanonicalStreamPart,
  CanonicalUsage,
  CanonicalWarning,
} from '../../core/canonical.ts';
import type { StreamDecoder } from '../direct-exchange.ts';

/** The usage fields of an Anthropic `message` or `message_delta`. */
interface AnthropicWireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

interface AnthropicWireBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: unknown;
}

interface AnthropicWireMessage {
  id?: string;
  model?: string;
  content?: AnthropicWireBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: AnthropicWireUsage;
}

/** Same mapping as the AI SDK adapter's `mapAnthropicStopReason`. */
export function anthropicFinishReason(stopReason: string | null | undefined): CanonicalFinishReason {
  let unified: CanonicalFinishReason['unified'];
  switch (stopReason) {
    case 'pause_turn':
    case 'end_turn':
    case 'stop_sequence':
      unified = 'stop';
      break;
    case 'refusal':
      unified = 'content-filter';
      break;
    case 'tool_use':
      unified = 'tool-calls';
      break;
    case 'max_tokens':
    case 'model_context_window_exceeded':
      unified = 'length';
      break;
    default:
      unified = 'other';
  }
  return { unified, raw: stopReason ?? undefined };
}

/** Same arithmetic as the AI SDK adapter's `convertAnthropicUsage` (input total includes cache). */
export function anthropicUsage(usage: AnthropicWireUsage): CanonicalUsage {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const reasoning = usage.output_tokens_details?.thinking_tokens ?? undefined;
  return {
    inputTokens: { total: input + cacheWrite + cacheRead, noCache: input, cacheRead, cacheWrite },
    outputTokens: {
      total: output,
      text: reasoning === undefined ? undefined : output - reasoning,
      reasoning,
    },
    raw: usage as CanonicalUsage['raw'],
  };
}

/** A non-streamed Anthropic `message` as a canonical result. */
export function anthropicMessageToCanonical(
  message: AnthropicWireMessage,
  warnings: CanonicalWarning[],
): CanonicalGenerateResult {
  const content: CanonicalContent[] = [];
  for (const block of message.content ?? []) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: block.text ?? '' });
        break;
      case 'thinking':
        content.push({
          type: 'reasoning',
          text: block.thinking ?? '',
          providerMetadata: { anthropic: { signature: block.signature ?? '' } },
        });
        break;
      case 'redacted_thinking':
        content.push({
          type: 'reasoning',
          text: '',
          providerMetadata: { anthropic: { redactedData: block.data ?? '' } },
        });
        break;
      case 'tool_use':
        content.push({
          type: 'tool-call',
          toolCallId: block.id ?? '',
          toolName: block.name ?? '',
          input: JSON.stringify(block.input ?? {}),
        });
        break;
    }
  }
  return {
    content,
    finishReason: anthropicFinishReason(message.stop_reason),
    usage: anthropicUsage(message.usage ?? {}),
    response: { id: message.id, modelId: message.model },
    providerMetadata: { anthropic: { stopSequence: message.stop_sequence ?? null } },
    warnings,
  };
}

interface OpenBlock {
  kind: 'text' | 'reasoning' | 'tool';
  id: string;
  toolName: string;
  input: string;
}

/**
 * Anthropic Messages stream events → canonical parts, as the AI SDK adapter emits them: block
 * index as the text/reasoning id, signatures as empty reasoning deltas with provider metadata, a
 * tool call's input streamed and then repeated whole in `tool-call`, usage gathered from
 * `message_start` and `message_delta`, `finish` on `message_stop`. Unknown event and block types
 * (server tools, citations) are skipped, not fatal: the wire format grows.
 * @see https://docs.anthropic.com/en/api/messages-streaming
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  readonly #blocks = new Map<number, OpenBlock>();
  readonly #usage: AnthropicWireUsage = {};
  #stopReason: string | null | undefined;
  #finished = false;

  event(name: string, data: string, emit: (part: CanonicalStreamPart) => void): void {
    if (name === 'ping') return;
    const value = JSON.parse(data) as { type: string; index?: number } & Record<string, unknown>;
    switch (value.type) {
      case 'message_start': {
        const message = value.message as AnthropicWireMessage;
        Object.assign(this.#usage, message.usage);
        emit({ type: 'response-metadata', id: message.id, modelId: message.model });
        return;
      }
      case 'content_block_start':
        this.#start(value.index ?? 0, value.content_block as AnthropicWireBlock, emit);
        return;
      case 'content_block_delta':
        this.#delta(value.index ?? 0, value.delta as Record<string, string>, emit);
        return;
      case 'content_block_stop':
        this.#stop(value.index ?? 0, emit);
        return;
      case 'message_delta': {
        const usage = value.usage as AnthropicWireUsage | undefined;
        if (usage !== undefined) {
          for (const key of Object.keys(usage) as (keyof AnthropicWireUsage)[]) {
            if (usage[key] !== null && usage[key] !== undefined)
              (this.#usage as Record<string, unknown>)[key] = usage[key];
          }
        }
        this.#stopReason = (value.delta as { stop_reason?: string | null } | undefined)?.stop_reason;
        return;
      }
      case 'message_stop':
        this.#finish(emit);
        return;
      case 'error':
        emit({ type: 'error', error: value.error });
        return;
    }
  }

  end(): void {
    // No `message_stop`: the stream was cut; without a `finish` the gateway reports it as such.
  }

  #start(index: number, block: AnthropicWireBlock, emit: (part: CanonicalStreamPart) => void): void {
    const id = String(index);
    switch (block.type) {
      case 'text':
        this.#blocks.set(index, { kind: 'text', id, toolName: '', input: '' });
        emit({ type: 'text-start', id });
        if (block.text !== undefined && block.text !== '')
          emit({ type: 'text-delta', id, delta: block.text });
        return;
      case 'thinking':
        this.#blocks.set(index, { kind: 'reasoning', id, toolName: '', input: '' });
        emit({ type: 'reasoning-start', id });
        return;
      case 'redacted_thinking':
        this.#blocks.set(index, { kind: 'reasoning', id, toolName: '', input: '' });
        emit({
          type: 'reasoning-start',
          id,
          providerMetadata: { anthropic: { redactedData: block.data ?? '' } },
        });
        return;
      case 'tool_use': {
        const callId = block.id ?? id;
        const initial =
          block.input !== undefined && block.input !== null && Object.keys(block.input as object).length > 0
            ? JSON.stringify(block.input)
            : '';
        this.#blocks.set(index, { kind: 'tool', id: callId, toolName: block.name ?? '', input: initial });
        emit({ type: 'tool-input-start', id: callId, toolName: block.name ?? '' });
        if (initial !== '') emit({ type: 'tool-input-delta', id: callId, delta: initial });
        return;
      }
    }
  }

  #delta(index: number, delta: Record<string, string>, emit: (part: CanonicalStreamPart) => void): void {
    const block = this.#blocks.get(index);
    if (block === undefined) return;
    switch (delta.type) {
      case 'text_delta':
        emit({ type: 'text-delta', id: block.id, delta: delta.text ?? '' });
        return;
      case 'thinking_delta':
        emit({ type: 'reasoning-delta', id: block.id, delta: delta.thinking ?? '' });
        return;
      case 'signature_delta':
        emit({
          type: 'reasoning-delta',
          id: block.id,
          delta: '',
          providerMetadata: { anthropic: { signature: delta.signature ?? '' } },
        });
        return;
      case 'input_json_delta': {
        const fragment = delta.partial_json ?? '';
        if (fragment === '' || block.kind !== 'tool') return;
        block.input += fragment;
        emit({ type: 'tool-input-delta', id: block.id, delta: fragment });
        return;
      }
    }
  }

  #stop(index: number, emit: (part: CanonicalStreamPart) => void): void {
    const block = this.#blocks.get(index);
    if (block === undefined) return;
    this.#blocks.delete(index);
    if (block.kind === 'text') emit({ type: 'text-end', id: block.id });
    else if (block.kind === 'reasoning') emit({ type: 'reasoning-end', id: block.id });
    else {
      emit({ type: 'tool-input-end', id: block.id });
      emit({
        type: 'tool-call',
        toolCallId: block.id,
        toolName: block.toolName,
        input: block.input === '' ? '{}' : block.input,
      });
    }
  }

  #finish(emit: (part: CanonicalStreamPart) => void): void {
    if (this.#finished) return;
    this.#finished = true;
    emit({
      type: 'finish',
      finishReason: anthropicFinishReason(this.#stopReason),
      usage: anthropicUsage(this.#usage),
    });
  }
}
