import { type CanonicalStreamPart, usageFromCanonical } from '../../core/canonical.ts';
import type { GatewayError } from '../../core/gateway-error.ts';
import type { CanonicalStreamEncoder } from '../canonical/canonical-stream-body.ts';
import {
  openAIResponsesErrorEvent,
  openAIResponsesFailure,
  responseLifecycleEvent,
} from './openai-responses-error-format.ts';
import { IN_PROGRESS, type OpenAIResponsesEnvelope } from './openai-responses-object.ts';
import { responsesOutcome } from './openai-responses-output-items.ts';
import { OpenAIResponsesStreamItems } from './openai-responses-stream-items.ts';
import { openAIResponsesUsageWire } from './openai-responses-usage-wire.ts';

/**
 * Canonical stream parts → the Responses API's event stream: `response.created` and
 * `response.in_progress` first; per output item `output_item.added`, its content events
 * (`content_part.added`, `output_text.delta`…, `output_text.done`, `content_part.done` for text;
 * `reasoning_summary_*` for thinking; `function_call_arguments.delta`…, `.done` for tool calls)
 * and `output_item.done` (`openai-responses-stream-items.ts`); then `response.completed` (or
 * `response.incomplete`) carrying the whole response and its usage. Every event has an
 * increasing `sequence_number`; no `[DONE]` follows.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
export class OpenAIResponsesStreamEncoder implements CanonicalStreamEncoder {
  readonly #envelope: OpenAIResponsesEnvelope;
  readonly #items: OpenAIResponsesStreamItems;
  #started = false;

  constructor(envelope: OpenAIResponsesEnvelope) {
    this.#envelope = envelope;
    this.#items = new OpenAIResponsesStreamItems(envelope);
  }

  /** `response.created` and `response.in_progress`, before whatever part comes first. */
  #start(): string {
    if (this.#started) return '';
    this.#started = true;
    const response = this.#envelope.render(IN_PROGRESS);
    return (
      responseLifecycleEvent('response.created', response, this.#items.nextSequence()) +
      responseLifecycleEvent('response.in_progress', response, this.#items.nextSequence())
    );
  }

  part(part: CanonicalStreamPart): string {
    const out = this.#start();
    const items = this.#items;
    switch (part.type) {
      case 'text-start':
        return out + items.text(part.id, '');
      case 'text-delta':
        return out + items.text(part.id, part.delta);
      case 'text-end':
        return out + items.close(`t:${part.id}`);
      case 'reasoning-start':
        return out + items.reasoning(part.id, '', part.providerMetadata);
      case 'reasoning-delta':
        return out + items.reasoning(part.id, part.delta, part.providerMetadata);
      case 'reasoning-end':
        // The signature may come last: recorded before the item closes.
        return out + items.reasoning(part.id, '', part.providerMetadata) + items.close(`r:${part.id}`);
      case 'tool-input-start':
        return part.providerExecuted === true ? out : out + items.startCall(part.id, part.toolName);
      case 'tool-input-delta':
        return out + items.callArguments(part.id, part.delta);
      case 'tool-call':
        return part.providerExecuted === true
          ? out
          : out + items.call(part.toolCallId, part.toolName, part.input);
      case 'finish':
        return out + this.#finish(part);
      default:
        return out;
    }
  }

  #finish(part: Extract<CanonicalStreamPart, { type: 'finish' }>): string {
    const closed = this.#items.closeAll();
    const outcome = responsesOutcome(part.finishReason);
    const response = this.#envelope.render({
      status: outcome.status,
      completedAt: Math.floor(Date.now() / 1000),
      error: 'null',
      incompleteDetails: outcome.incompleteDetails,
      output: this.#items.outputJson(),
      usage: JSON.stringify(openAIResponsesUsageWire(usageFromCanonical(part.usage))),
    });
    return (
      closed + responseLifecycleEvent(`response.${outcome.status}`, response, this.#items.nextSequence())
    );
  }

  end(): string {
    return '';
  }

  /** `error`, then `response.failed` with what was finished so far (Codex reads the latter). */
  error(error: GatewayError): string {
    const out = this.#start() + openAIResponsesErrorEvent(error, this.#items.nextSequence());
    const response = this.#envelope.render({
      status: 'failed',
      completedAt: null,
      error: openAIResponsesFailure(error),
      incompleteDetails: 'null',
      output: this.#items.outputJson(),
      usage: 'null',
    });
    return out + responseLifecycleEvent('response.failed', response, this.#items.nextSequence());
  }
}
