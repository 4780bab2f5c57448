import type { SimulatorCompletion } from './simulator-completion.ts';
import {
  answerOutputItem,
  completionStatus,
  finishedOutput,
  type OpenAiResponsesReplyIdentity,
  type OpenAiResponsesSnapshot,
  openAiResponseObject,
  openAiResponsesUsage,
  outputTextPart,
  reasoningOutputItem,
} from './simulator-openai-responses-json-format.ts';
import { SimulatorStreamScriptBuilder } from './simulator-stream-script.ts';

/** An event as the API frames it: `event: <type>` and `data:` with `type` first. */
function frame(type: string, fields: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
}

/**
 * The events of a streamed Responses reply, numbered as they are added. Field order as recorded
 * in `openai/responses/fantasy/extracted/*.sse`: `type`, then the rest alphabetically (the
 * lifecycle events: `type`, `response`, `sequence_number`). The API's random `obfuscation`
 * padding is left out.
 */
export class OpenAiResponsesStreamWriter {
  readonly builder = new SimulatorStreamScriptBuilder();
  readonly #identity: OpenAiResponsesReplyIdentity;
  #seq = 0;
  /** The sequence number of the next event once `n` tokens went out (index `n`). */
  readonly #afterTokens: number[] = [];

  constructor(identity: OpenAiResponsesReplyIdentity) {
    this.#identity = identity;
  }

  /** The sequence number the next event gets after `tokens` tokens (a mid-stream error's). */
  sequenceAfter(tokens: number): number {
    return this.#afterTokens[Math.min(tokens, this.#afterTokens.length - 1)] ?? this.#seq;
  }

  /** A lifecycle event carrying the whole response. */
  lifecycle(type: string, snapshot: OpenAiResponsesSnapshot, sequence = this.#seq++): string {
    const response = openAiResponseObject(this.#identity, snapshot);
    return `event: ${type}\ndata: ${JSON.stringify({ type, response, sequence_number: sequence })}\n\n`;
  }

  /**
   * Adds a structural event. `fields` are in wire order; a `sequence_number` among them (any
   * value) keeps its place and gets the event's number, else the number goes last.
   */
  #event(type: string, fields: Record<string, unknown>): void {
    this.builder.event(frame(type, { ...fields, sequence_number: this.#seq++ }));
  }

  /** Adds a token event (a delta), timed and counted by the stream timeline. */
  #token(type: string, fields: Record<string, unknown>): void {
    if (this.#afterTokens.length === 0) this.#afterTokens.push(this.#seq);
    this.builder.token(frame(type, { ...fields, sequence_number: this.#seq++ }));
    this.#afterTokens.push(this.#seq);
  }

  #reasoning(pieces: readonly string[]): void {
    const item = reasoningOutputItem(this.#identity, undefined);
    const id = item.id;
    const text = pieces.join('');
    const part = (value: string) => ({ type: 'summary_text', text: value });
    const at = { item_id: id, output_index: 0 };
    this.#event('response.output_item.added', { item, output_index: 0 });
    this.#event('response.reasoning_summary_part.added', {
      ...at,
      part: part(''),
      sequence_number: 0,
      summary_index: 0,
    });
    for (const delta of pieces) {
      this.#token('response.reasoning_summary_text.delta', {
        delta,
        ...at,
        sequence_number: 0,
        summary_index: 0,
      });
    }
    this.#event('response.reasoning_summary_text.done', {
      ...at,
      sequence_number: 0,
      summary_index: 0,
      text,
    });
    this.#event('response.reasoning_summary_part.done', {
      ...at,
      part: part(text),
      sequence_number: 0,
      summary_index: 0,
    });
    this.#event('response.output_item.done', {
      item: reasoningOutputItem(this.#identity, text),
      output_index: 0,
    });
  }

  /** Adds every event of the reply, from `response.created` to `response.completed`. */
  write(completion: SimulatorCompletion): void {
    const identity = this.#identity;
    const opening: OpenAiResponsesSnapshot = {
      status: 'in_progress',
      output: [],
      usage: null,
      serviceTier: 'auto',
    };
    this.builder.event(this.lifecycle('response.created', opening));
    this.builder.event(this.lifecycle('response.in_progress', opening));
    if (completion.reasoning.length > 0) this.#reasoning(completion.reasoning);
    const index = completion.reasoning.length > 0 ? 1 : 0;
    const status = completionStatus(completion);
    const added = answerOutputItem(identity, completion, 'in_progress', false);
    const id = added.id;
    this.#event('response.output_item.added', { item: added, output_index: index });
    if (completion.kind === 'tool_call') {
      for (const delta of completion.argumentFragments) {
        this.#token('response.function_call_arguments.delta', { delta, item_id: id, output_index: index });
      }
      const args = completion.arguments;
      this.#event('response.function_call_arguments.done', {
        arguments: args,
        item_id: id,
        output_index: index,
      });
    } else {
      const text = completion.tokens.join('');
      const at = { content_index: 0, item_id: id, output_index: index };
      this.#event('response.content_part.added', { ...at, part: outputTextPart('') });
      for (const delta of completion.tokens) {
        this.#token('response.output_text.delta', {
          content_index: 0,
          delta,
          item_id: id,
          logprobs: [],
          output_index: index,
        });
      }
      const done = {
        content_index: 0,
        item_id: id,
        logprobs: [],
        output_index: index,
        sequence_number: 0,
        text,
      };
      this.#event('response.output_text.done', done);
      this.#event('response.content_part.done', { ...at, part: outputTextPart(text) });
    }
    this.#event('response.output_item.done', {
      item: answerOutputItem(identity, completion, status, true),
      output_index: index,
    });
    const usage = openAiResponsesUsage(completion);
    this.builder.event(
      this.lifecycle(`response.${status}`, { status, output: finishedOutput(identity, completion), usage }),
    );
  }
}
