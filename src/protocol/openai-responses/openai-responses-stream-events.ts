import { outputTextPart, summaryTextPart } from './openai-responses-output-items.ts';

/**
 * The server-sent events of a streamed Responses answer, framed as OpenAI frames them
 * (`event: <type>\ndata: <json>\n\n`) with their keys in the recorded order: `type` first, the
 * rest alphabetical (see `test/fixtures/providers/openai/responses/fantasy`). Ids are the
 * gateway's own (hex), so they need no escaping.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */

function frame(type: string, fields: string): string {
  return `event: ${type}\ndata: {"type":"${type}",${fields}}\n\n`;
}

/** Where an event belongs: its item and the item's place in `output`. */
export interface ItemRef {
  readonly id: string;
  readonly outputIndex: number;
}

export function outputItemAdded(item: string, outputIndex: number, seq: number): string {
  return frame(
    'response.output_item.added',
    `"item":${item},"output_index":${outputIndex},"sequence_number":${seq}`,
  );
}

export function outputItemDone(item: string, outputIndex: number, seq: number): string {
  return frame(
    'response.output_item.done',
    `"item":${item},"output_index":${outputIndex},"sequence_number":${seq}`,
  );
}

export function contentPartAdded(ref: ItemRef, seq: number): string {
  return frame(
    'response.content_part.added',
    `"content_index":0,"item_id":"${ref.id}","output_index":${ref.outputIndex},"part":${outputTextPart('')},"sequence_number":${seq}`,
  );
}

export function outputTextDelta(ref: ItemRef, delta: string, seq: number): string {
  return frame(
    'response.output_text.delta',
    `"content_index":0,"delta":${JSON.stringify(delta)},"item_id":"${ref.id}","logprobs":[],"output_index":${ref.outputIndex},"sequence_number":${seq}`,
  );
}

/** `output_text.done` and `content_part.done`: the text part is complete. */
export function outputTextDone(ref: ItemRef, text: string, seq: number): string {
  const json = JSON.stringify(text);
  return (
    frame(
      'response.output_text.done',
      `"content_index":0,"item_id":"${ref.id}","logprobs":[],"output_index":${ref.outputIndex},"sequence_number":${seq},"text":${json}`,
    ) +
    frame(
      'response.content_part.done',
      `"content_index":0,"item_id":"${ref.id}","output_index":${ref.outputIndex},"part":${outputTextPart(text)},"sequence_number":${seq + 1}`,
    )
  );
}

export function summaryPartAdded(ref: ItemRef, seq: number): string {
  return frame(
    'response.reasoning_summary_part.added',
    `"item_id":"${ref.id}","output_index":${ref.outputIndex},"part":${summaryTextPart('')},"sequence_number":${seq},"summary_index":0`,
  );
}

export function summaryTextDelta(ref: ItemRef, delta: string, seq: number): string {
  return frame(
    'response.reasoning_summary_text.delta',
    `"delta":${JSON.stringify(delta)},"item_id":"${ref.id}","output_index":${ref.outputIndex},"sequence_number":${seq},"summary_index":0`,
  );
}

/** `reasoning_summary_text.done` and `reasoning_summary_part.done`. */
export function summaryTextDone(ref: ItemRef, text: string, seq: number): string {
  return (
    frame(
      'response.reasoning_summary_text.done',
      `"item_id":"${ref.id}","output_index":${ref.outputIndex},"sequence_number":${seq},"summary_index":0,"text":${JSON.stringify(text)}`,
    ) +
    frame(
      'response.reasoning_summary_part.done',
      `"item_id":"${ref.id}","output_index":${ref.outputIndex},"part":${summaryTextPart(text)},"sequence_number":${seq + 1},"summary_index":0`,
    )
  );
}

export function argumentsDelta(ref: ItemRef, delta: string, seq: number): string {
  return frame(
    'response.function_call_arguments.delta',
    `"delta":${JSON.stringify(delta)},"item_id":"${ref.id}","output_index":${ref.outputIndex},"sequence_number":${seq}`,
  );
}

export function argumentsDone(ref: ItemRef, args: string, seq: number): string {
  return frame(
    'response.function_call_arguments.done',
    `"arguments":${JSON.stringify(args)},"item_id":"${ref.id}","output_index":${ref.outputIndex},"sequence_number":${seq}`,
  );
}
