import { simulatedFailureMessage } from './simulator-format-replies.ts';
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
