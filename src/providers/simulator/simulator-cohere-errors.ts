import { type SimulatorErrorReplies, simulatedFailureMessage } from './simulator-format-replies.ts';
import { simulatorUuid } from './simulator-ids.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/**
 * A Cohere error reply: `{"id": <uuid>, "message": …}` (as recorded in `cohere/errors/pydantic-ai`).
 * See https://docs.cohere.com/reference/errors.
 */
export function cohereErrorReply(
  status: number,
  message: string,
  retryAfterSeconds?: number,
): SimulatorReplyPlan {
  const bytes = Buffer.from(JSON.stringify({ id: simulatorUuid(), message }));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
  };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return simulatorImmediateReply(status, headers, bytes);
}

/** The error a `fault: <status>` setting asks for. */
export function cohereSimulatedErrorReply(status: number, retryAfterSeconds: number): SimulatorReplyPlan {
  return cohereErrorReply(
    status,
    simulatedFailureMessage(status),
    status === 429 ? retryAfterSeconds : undefined,
  );
}

/** Cohere's 404 for a model it does not serve, worded as the API words it. */
export function cohereModelNotFoundReply(model: string): SimulatorReplyPlan {
  return cohereErrorReply(
    404,
    `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`,
  );
}

/** Cohere's 401 for a missing or wrong bearer token. */
export function cohereInvalidTokenReply(): SimulatorReplyPlan {
  return cohereErrorReply(401, 'invalid api token');
}

/** Cohere's 400 for a prompt over the model's context window, worded as the API words it. */
export function cohereContextLengthReply(promptTokens: number, contextWindow: number): SimulatorReplyPlan {
  return cohereErrorReply(
    400,
    `too many tokens: total number of tokens in the prompt cannot exceed ${contextWindow} - received ` +
      `${promptTokens}. Try using a shorter prompt, or enabling prompt truncating. See ` +
      'https://docs.cohere.com/reference/generate for more details.',
  );
}

/** A 400 refusing a prompt that Cohere's usage policy blocks. */
export function cohereContentPolicyReply(): SimulatorReplyPlan {
  return cohereErrorReply(
    400,
    'blocked by content policy: the request may violate the Cohere Usage Policy. Please adjust your prompt ' +
      'and try again.',
  );
}

/** The errors the simulator stages on Cohere's v2 Chat API. */
export const COHERE_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  status: cohereSimulatedErrorReply,
  contextLength: cohereContextLengthReply,
  contentPolicy: cohereContentPolicyReply,
});
