import { bedrockExceptionHeaders, encodeEventStreamMessage } from './simulator-bedrock-eventstream.ts';
import { type SimulatorErrorReplies, simulatedFailureMessage } from './simulator-format-replies.ts';
import { simulatorUuid } from './simulator-ids.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/**
 * The exception Bedrock names per HTTP status (in `x-amzn-errortype`, and in camel case as the
 * `:exception-type` of an in-stream exception); statuses not listed fall back by class. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors.
 */
const EXCEPTIONS: Readonly<Record<number, string>> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
  529: 'ServiceUnavailableException',
};

/** Exceptions a `ConverseStream` can carry mid-stream (its event union's error members). */
const STREAM_EXCEPTIONS: Readonly<Record<number, string>> = {
  400: 'validationException',
  424: 'modelStreamErrorException',
  429: 'throttlingException',
  500: 'internalServerException',
  503: 'serviceUnavailableException',
  529: 'serviceUnavailableException',
};

function exceptionName(status: number): string {
  return EXCEPTIONS[status] ?? (status < 500 ? 'ValidationException' : 'InternalServerException');
}

/**
 * A Bedrock error reply: `{"message": …}` with the exception named in `x-amzn-errortype` (as AWS
 * does, `Name:` followed by a namespace URL) and an `x-amzn-requestid`.
 */
export function bedrockErrorReply(
  status: number,
  message: string,
  errorType = exceptionName(status),
): SimulatorReplyPlan {
  const bytes = Buffer.from(JSON.stringify({ message }));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
    'x-amzn-requestid': simulatorUuid(),
  };
  return simulatorImmediateReply(status, headers, bytes);
}

/** The error a `fault: <status>` setting asks for. */
export function bedrockSimulatedErrorReply(status: number, _retryAfterSeconds: number): SimulatorReplyPlan {
  return bedrockErrorReply(status, simulatedFailureMessage(status));
}

/** The exception frame an `error-<status>` fault ends a stream with. */
export function bedrockSimulatedStreamException(status: number): Buffer {
  const type =
    STREAM_EXCEPTIONS[status] ?? (status < 500 ? 'validationException' : 'modelStreamErrorException');
  return encodeEventStreamMessage(
    bedrockExceptionHeaders(type),
    JSON.stringify({ message: simulatedFailureMessage(status) }),
  );
}

/** Bedrock's 400 for a model id it does not know (as recorded in `bedrock/errors/pydantic-ai`). */
export function bedrockInvalidModelReply(): SimulatorReplyPlan {
  return bedrockErrorReply(400, 'The provided model identifier is invalid.');
}

/** AWS's 403 for an unsigned request (API Gateway style: no namespace in the error type). */
export function bedrockMissingTokenReply(): SimulatorReplyPlan {
  const bytes = Buffer.from(JSON.stringify({ message: 'Missing Authentication Token' }));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'x-amzn-errortype': 'MissingAuthenticationTokenException',
    'x-amzn-requestid': simulatorUuid(),
  };
  return simulatorImmediateReply(403, headers, bytes);
}

/** AWS's 403 for a signature made with an access key the service does not know. */
export function bedrockUnrecognizedClientReply(): SimulatorReplyPlan {
  return bedrockErrorReply(
    403,
    'The security token included in the request is invalid.',
    'UnrecognizedClientException',
  );
}

/** Bedrock's 400 `ValidationException` for a prompt over the model's context window. */
export function bedrockContextLengthReply(_promptTokens: number, _contextWindow: number): SimulatorReplyPlan {
  return bedrockErrorReply(400, 'Input is too long for requested model.');
}

/**
 * A 400 `ValidationException` relaying a model's content filter refusal. (A Bedrock guardrail
 * intervenes differently: a 200 reply with `stopReason: guardrail_intervened`.)
 */
export function bedrockContentPolicyReply(): SimulatorReplyPlan {
  return bedrockErrorReply(400, 'Output blocked by content filtering policy.');
}

/** The errors the simulator stages on Bedrock's Converse API. */
export const BEDROCK_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  status: bedrockSimulatedErrorReply,
  contextLength: bedrockContextLengthReply,
  contentPolicy: bedrockContentPolicyReply,
});
