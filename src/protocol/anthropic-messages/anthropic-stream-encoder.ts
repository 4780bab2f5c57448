import { randomUUID } from 'node:crypto';
import { type CanonicalStreamPart, usageFromCanonical } from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { CanonicalStreamEncoder } from '../canonical/canonical-stream-body.ts';
import { anthropicStreamErrorEvent } from './anthropic-error-format.ts';
import { anthropicStopReason } from './anthropic-stop-reason.ts';
import { anthropicUsageWire } from './anthropic-usage-wire.ts';

function event(type: string, data: unknown): string {
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Canonical stream parts → Anthropic Messages events in the order the protocol requires:
 * `message_start`, then per block `content_block_start` / `content_block_delta`… /
 * `content_block_stop` (text, thinking with its `signature_delta`, tool_use with
 * `input_json_delta`), then `message_delta` with the stop reason and usage, then `message_stop`.
 * Blocks are numbered in the order they start; parts of a block that is not open are ignored.
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
export class AnthropicStreamEncoder implements CanonicalStreamEncoder {
  readonly #publicModel: string;
  #started = false;
  /** Canonical part id → Anthropic block index, for the blocks still open. */
  readonly #open = new Map<string, number>();
  #nextIndex = 0;
  /** Tool calls whose input was streamed (their final `tool-call` part repeats it). */
  readonly #streamedTools = new Set<string>();

  constructor(publicModel: string) {
    this.#publicModel = publicModel;
  }

  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    return event('message_start', {
      type: 'message_start',
      message: {
        id: `msg_${randomUUID().replaceAll('-', '')}`,
        type: 'message',
        role: 'assistant',
        model: this.#publicModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 0,
          output_tokens: 0,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      },
    });
  }

  #openBlock(id: string, block: Record<string, unknown>): string {
    const index = this.#nextIndex++;
    this.#open.set(id, index);
    return `${this.#start()}${event('content_block_start', { type: 'content_block_start', index, content_block: block })}`;
  }

  #delta(id: string, delta: Record<string, unknown>): string {
    const index = this.#open.get(id);
    return index === undefined
      ? ''
      : event('content_block_delta', { type: 'content_block_delta', index, delta });
  }

  #closeBlock(id: string): string {
    const index = this.#open.get(id);
    if (index === undefined) return '';
    this.#open.delete(id);
    return event('content_block_stop', { type: 'content_block_stop', index });
  }

  part(part: CanonicalStreamPart): string {
    switch (part.type) {
      case 'stream-start':
      case 'response-metadata':
        return this.#start();
      case 'text-start':
        return this.#openBlock(`text:${part.id}`, { type: 'text', text: '' });
      case 'text-delta':
        return part.delta === ''
          ? ''
          : this.#delta(`text:${part.id}`, { type: 'text_delta', text: part.delta });
      case 'text-end':
        return this.#closeBlock(`text:${part.id}`);
      case 'reasoning-start':
        return this.#openBlock(`reasoning:${part.id}`, { type: 'thinking', thinking: '', signature: '' });
      case 'reasoning-delta': {
        const signature = part.providerMetadata?.anthropic?.signature;
        const thinking =
          part.delta === ''
            ? ''
            : this.#delta(`reasoning:${part.id}`, { type: 'thinking_delta', thinking: part.delta });
        const signed =
          typeof signature === 'string'
            ? this.#delta(`reasoning:${part.id}`, { type: 'signature_delta', signature })
            : '';
        return thinking + signed;
      }
      case 'reasoning-end':
        return this.#closeBlock(`reasoning:${part.id}`);
      case 'tool-input-start':
        if (part.providerExecuted === true) return '';
        this.#streamedTools.add(part.id);
        return this.#openBlock(`tool:${part.id}`, {
          type: 'tool_use',
          id: part.id,
          name: part.toolName,
          input: {},
        });
      case 'tool-input-delta':
        return part.delta === ''
          ? ''
          : this.#delta(`tool:${part.id}`, { type: 'input_json_delta', partial_json: part.delta });
      case 'tool-input-end':
        return this.#closeBlock(`tool:${part.id}`);
      case 'tool-call': {
        if (part.providerExecuted === true || this.#streamedTools.has(part.toolCallId)) return '';
        const id = `tool:${part.toolCallId}`;
        return (
          this.#openBlock(id, { type: 'tool_use', id: part.toolCallId, name: part.toolName, input: {} }) +
          this.#delta(id, { type: 'input_json_delta', partial_json: part.input }) +
          this.#closeBlock(id)
        );
      }
      case 'finish': {
        let out = this.#start();
        for (const id of [...this.#open.keys()]) out += this.#closeBlock(id);
        return (
          out +
          event('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: anthropicStopReason(part.finishReason), stop_sequence: null },
            usage: anthropicUsageWire(usageFromCanonical(part.usage)),
          })
        );
      }
      default:
        return '';
    }
  }

  end(): string {
    return event('message_stop', { type: 'message_stop' });
  }

  error(error: GatewayError): string {
    return anthropicStreamErrorEvent(error);
  }
}
