import { type OpenAiErrorFields, openAiErrorReply } from './simulator-openai-errors.ts';
import type { OpenAiResponsesStreamWriter } from './simulator-openai-responses-stream-format.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

/**
 * OpenAI's 400 for a `previous_response_id` it does not have (never stored, `store: false`, or
 * forgotten), worded as the API words it.
 */
export function openAiPreviousResponseNotFoundReply(id: string): SimulatorReplyPlan {
  return openAiErrorReply(400, {
    message: `Previous response with id '${id}' not found.`,
    type: 'invalid_request_error',
    param: 'previous_response_id',
    code: 'previous_response_not_found',
  });
}

/**
 * How a Responses stream fails after it started, as recorded (`openai/errors/vercel-ai/
 * openai-error.1.chunks.txt`): an `error` event with the error nested (the `openai` SDKs throw
 * on it), then `response.failed` carrying the response with its `error`.
 */
export function openAiResponsesStreamError(
  writer: OpenAiResponsesStreamWriter,
  error: OpenAiErrorFields,
  sequence: number,
): string {
  const nested = { type: error.type, code: error.code, message: error.message, param: error.param };
  const data = { type: 'error', sequence_number: sequence, error: nested };
  const failed = writer.lifecycle(
    'response.failed',
    {
      status: 'failed',
      output: [],
      usage: null,
      error: { code: error.code ?? error.type, message: error.message },
      serviceTier: 'auto',
    },
    sequence + 1,
  );
  return `event: error\ndata: ${JSON.stringify(data)}\n\n${failed}`;
}
