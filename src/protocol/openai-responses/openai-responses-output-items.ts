import type { CanonicalFinishReason } from '../../core/canonical.ts';

/**
 * The output items of a Responses answer as JSON text, in the API's key order, shared by the
 * non-stream body and the stream's `output_item.*` events and final snapshot.
 * @see https://platform.openai.com/docs/api-reference/responses/object#responses/object-output
 */

type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

/** An `output_text` content part. */
export function outputTextPart(text: string): string {
  return `{"type":"output_text","annotations":[],"logprobs":[],"text":${JSON.stringify(text)}}`;
}

/** An assistant `message` item; `text` undefined renders an empty `content` (the item just opened). */
export function messageItem(id: string, status: ItemStatus, text: string | undefined): string {
  const content = text === undefined ? '[]' : `[${outputTextPart(text)}]`;
  return `{"id":"${id}","type":"message","status":"${status}","content":${content},"role":"assistant"}`;
}

/** A `function_call` item: `call_id` is what the client answers with in `function_call_output`. */
export function functionCallItem(
  id: string,
  status: ItemStatus,
  callId: string,
  name: string,
  args: string,
): string {
  return (
    `{"id":"${id}","type":"function_call","status":"${status}","arguments":${JSON.stringify(args)},` +
    `"call_id":${JSON.stringify(callId)},"name":${JSON.stringify(name)}}`
  );
}

/**
 * A `reasoning` item: the thinking as its summary (what clients show), the provider's signature
 * in `encrypted_content` (see `openai-responses-reasoning-metadata.ts`).
 */
export function reasoningItem(id: string, text: string | undefined, encrypted: string | undefined): string {
  const summary = text === undefined || text === '' ? '[]' : `[${summaryTextPart(text)}]`;
  const secret = encrypted === undefined ? '' : `"encrypted_content":${JSON.stringify(encrypted)},`;
  return `{"id":"${id}","type":"reasoning",${secret}"summary":${summary}}`;
}

/** A `summary_text` part of a reasoning item. */
export function summaryTextPart(text: string): string {
  return `{"type":"summary_text","text":${JSON.stringify(text)}}`;
}

type Outcome = { status: 'completed' | 'incomplete'; incompleteDetails: string };

const COMPLETED: Outcome = { status: 'completed', incompleteDetails: 'null' };

/** Canonical finish reason → the response's status and `incomplete_details` (exhaustive). */
const OUTCOMES = {
  stop: COMPLETED,
  'tool-calls': COMPLETED,
  length: { status: 'incomplete', incompleteDetails: '{"reason":"max_output_tokens"}' },
  'content-filter': { status: 'incomplete', incompleteDetails: '{"reason":"content_filter"}' },
  error: COMPLETED,
  interrupted: { status: 'incomplete', incompleteDetails: '{"reason":"max_output_tokens"}' },
  other: COMPLETED,
} as const satisfies Record<CanonicalFinishReason['unified'], Outcome>;

/** How a finished answer is reported: `completed`, or `incomplete` with the reason. */
export function responsesOutcome(reason: CanonicalFinishReason | undefined): Outcome {
  return reason === undefined ? COMPLETED : OUTCOMES[reason.unified];
}
