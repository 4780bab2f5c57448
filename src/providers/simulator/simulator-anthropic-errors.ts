import { anthropicStreamError } from './simulator-anthropic-stream-format.ts';
import { type SimulatorErrorReplies, simulatedFailureMessage } from './simulator-format-replies.ts';
import { simulatorAnthropicRequestId } from './simulator-ids.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/**
 * The `error.type` Anthropic uses per HTTP status; statuses not listed fall back by class. See
 * https://docs.anthropic.com/en/api/errors.
 */
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** The `error.type` of a status, as in the table above. */
export function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status < 500 ? 'invalid_request_error' : 'api_error');
}

/**
 * Renders an Anthropic error reply, `{"type":"error","error":{type, message},"request_id"}` (as
 * recorded in `anthropic/errors/anthropic-sdk-python`), with the `request-id` and `x-should-retry`
 * headers the API sends; a 429 also carries `retry-after`.
 */
export function anthropicErrorReply(
  status: number,
  message: string,
  retryAfterSeconds?: number,
): SimulatorReplyPlan {
  const requestId = simulatorAnthropicRequestId();
  const body = { type: 'error', error: { type: anthropicErrorType(status), message }, request_id: requestId };
  const bytes = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'request-id': requestId,
    'x-should-retry': String(status === 408 || status === 409 || status === 429 || status >= 500),
  };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return simulatorImmediateReply(status, headers, bytes);
}

/** The error a `fault: <status>` setting asks for. */
export function anthropicSimulatedErrorReply(status: number, retryAfterSeconds: number): SimulatorReplyPlan {
  return anthropicErrorReply(
    status,
    simulatedFailureMessage(status),
    status === 429 ? retryAfterSeconds : undefined,
  );
}

/** The `event: error` an `error-<status>` fault ends a stream with (`overloaded_error` for 529). */
export function anthropicSimulatedStreamError(status: number): string {
  const message = status === 529 ? 'Overloaded' : simulatedFailureMessage(status);
  return anthropicStreamError(anthropicErrorType(status), message, simulatorAnthropicRequestId());
}

/** The API's 404 for a model it does not serve (`not_found_error`, "model: <name>"). */
export function anthropicModelNotFoundReply(model: string): SimulatorReplyPlan {
  return anthropicErrorReply(404, `model: ${model}`);
}

/** The API's 401 for a missing or wrong `x-api-key`. */
export function anthropicInvalidKeyReply(): SimulatorReplyPlan {
  return anthropicErrorReply(401, 'invalid x-api-key');
}

/** The API's 400 for a prompt over the model's context window, worded as the API words it. */
export function anthropicContextLengthReply(promptTokens: number, contextWindow: number): SimulatorReplyPlan {
  return anthropicErrorReply(400, `prompt is too long: ${promptTokens} tokens > ${contextWindow} maximum`);
}

/** The API's 400 when its content filter stops a reply. */
export function anthropicContentPolicyReply(): SimulatorReplyPlan {
  return anthropicErrorReply(400, 'Output blocked by content filtering policy');
}

/** The errors the simulator stages on the Messages API (and Claude on Vertex AI). */
export const ANTHROPIC_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  status: anthropicSimulatedErrorReply,
  contextLength: anthropicContextLengthReply,
  contentPolicy: anthropicContentPolicyReply,
});
