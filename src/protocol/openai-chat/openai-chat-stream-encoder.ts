import { randomUUID } from 'node:crypto';
import { type CanonicalStreamPart, usageFromCanonical } from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { CanonicalStreamEncoder } from '../canonical/canonical-stream-body.ts';
import { openAIFinishReason } from './openai-chat-finish-reason.ts';
import { openAIUsageWire } from './openai-chat-usage-wire.ts';
import { openAIStreamErrorEvent } from './openai-error-format.ts';

/**
 * Canonical stream parts → OpenAI `chat.completion.chunk` events: a role chunk before the first
 * delta, `content` deltas, `tool_calls[i]` with id and name first and argument fragments after,
 * a finish chunk, the usage chunk (`choices: []`) when the client asked for it, then `[DONE]`.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIChatStreamEncoder implements CanonicalStreamEncoder {
  readonly #prefix: string;
  readonly #includeUsage: boolean;
  readonly #usageField: string;
  #roleSent = false;
  /** Tool call id → its index in `tool_calls`. */
  readonly #toolIndexes = new Map<string, number>();
  /** Calls whose input was streamed (their final `tool-call` part repeats it). */
  readonly #streamedInputs = new Set<string>();

  constructor(publicModel: string, includeUsage: boolean) {
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    this.#prefix = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(publicModel)},"system_fingerprint":null,"choices":`;
    this.#includeUsage = includeUsage;
    this.#usageField = includeUsage ? ',"usage":null' : '';
  }

  #chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    let role = '';
    if (!this.#roleSent) {
      this.#roleSent = true;
      role = `${this.#prefix}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]${this.#usageField}}\n\n`;
    }
    const choice = JSON.stringify({ index: 0, delta, logprobs: null, finish_reason: finishReason });
    return `${role}${this.#prefix}[${choice}]${this.#usageField}}\n\n`;
  }

  #toolIndex(id: string): number {
    let index = this.#toolIndexes.get(id);
    if (index === undefined) {
      index = this.#toolIndexes.size;
      this.#toolIndexes.set(id, index);
    }
    return index;
  }

  part(part: CanonicalStreamPart): string {
    switch (part.type) {
      case 'text-delta':
        return part.delta === '' ? '' : this.#chunk({ content: part.delta });
      case 'reasoning-delta':
        return part.delta === '' ? '' : this.#chunk({ reasoning_content: part.delta });
      case 'tool-input-start':
        if (part.providerExecuted === true) return '';
        this.#streamedInputs.add(part.id);
        return this.#chunk({
          tool_calls: [
            {
              index: this.#toolIndex(part.id),
              id: part.id,
              type: 'function',
              function: { name: part.toolName, arguments: '' },
            },
          ],
        });
      case 'tool-input-delta':
        if (!this.#streamedInputs.has(part.id) || part.delta === '') return '';
        return this.#chunk({
          tool_calls: [{ index: this.#toolIndex(part.id), function: { arguments: part.delta } }],
        });
      case 'tool-call':
        if (part.providerExecuted === true || this.#streamedInputs.has(part.toolCallId)) return '';
        return this.#chunk({
          tool_calls: [
            {
              index: this.#toolIndex(part.toolCallId),
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: part.input },
            },
          ],
        });
      case 'finish': {
        const finish = this.#chunk({}, openAIFinishReason(part.finishReason));
        if (!this.#includeUsage) return finish;
        const usage = JSON.stringify(openAIUsageWire(usageFromCanonical(part.usage)));
        return `${finish}${this.#prefix}[],"usage":${usage}}\n\n`;
      }
      default:
        return '';
    }
  }

  end(): string {
    return 'data: [DONE]\n\n';
  }

  error(error: GatewayError): string {
    return openAIStreamErrorEvent(error);
  }
}
