import { type SimulatorErrorReplies, simulatedFailureMessage } from './simulator-format-replies.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/**
 * The `google.rpc.Code` name Google APIs send per HTTP status; statuses not listed fall back by
 * class. See https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes.
 */
const GOOGLE_STATUSES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function googleStatus(status: number): string {
  return GOOGLE_STATUSES[status] ?? (status < 500 ? 'FAILED_PRECONDITION' : 'UNAVAILABLE');
}

/** `{"error": {code, message, status[, details]}}`, the body of every Google API error. */
export function googleError(
  status: number,
  message: string,
  details?: unknown[],
): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { code: status, message, status: googleStatus(status) };
  if (details !== undefined) error.details = details;
  return { error };
}

/** A Google API error reply, pretty-printed with a final newline as recorded in `google/errors`. */
export function googleErrorReply(status: number, message: string, details?: unknown[]): SimulatorReplyPlan {
  const bytes = Buffer.from(`${JSON.stringify(googleError(status, message, details), null, 2)}\n`);
  const headers = {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': String(bytes.length),
  };
  return simulatorImmediateReply(status, headers, bytes);
}

/** The error a `fault: <status>` setting asks for; a 429 says when to retry in `RetryInfo`. */
export function googleSimulatedErrorReply(status: number, retryAfterSeconds: number): SimulatorReplyPlan {
  const details =
    status === 429
      ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds}s` }]
      : undefined;
  return googleErrorReply(status, simulatedFailureMessage(status), details);
}

/** The Gemini API's 404 for a model it does not serve. */
export function geminiModelNotFoundReply(model: string, vertexPath: string | undefined): SimulatorReplyPlan {
  if (vertexPath !== undefined) {
    return googleErrorReply(
      404,
      `Publisher Model \`${vertexPath}\` was not found or your project does not have access to it. ` +
        'Please ensure you are using a valid model version. For more information, see: ' +
        'https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions',
    );
  }
  return googleErrorReply(
    404,
    `models/${model} is not found for API version v1beta, or is not supported for generateContent. ` +
      'Call ModelService.ListModels to see the list of available models and their supported methods.',
  );
}

/** The Gemini API's answer to a wrong `x-goog-api-key` (a 400, as recorded in `google/errors/crewai`). */
export function geminiInvalidKeyReply(): SimulatorReplyPlan {
  const message = 'API key not valid. Please pass a valid API key.';
  return googleErrorReply(400, message, [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'API_KEY_INVALID',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com' },
    },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
  ]);
}

/** Vertex AI's 401 for a request without a valid OAuth token or key. */
export function vertexUnauthenticatedReply(): SimulatorReplyPlan {
  return googleErrorReply(
    401,
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other ' +
      'valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
        domain: 'googleapis.com',
        metadata: { service: 'aiplatform.googleapis.com' },
      },
    ],
  );
}

/** The 400 `INVALID_ARGUMENT` the Gemini API and Vertex AI answer to a prompt over the context window. */
export function googleContextLengthReply(promptTokens: number, contextWindow: number): SimulatorReplyPlan {
  return googleErrorReply(
    400,
    `The input token count (${promptTokens}) exceeds the maximum number of tokens allowed (${contextWindow}).`,
  );
}

/**
 * A 400 `INVALID_ARGUMENT` refusing a prompt the safety filters blocked. Gemini itself reports a
 * blocked prompt in a 200 reply (`promptFeedback.blockReason`); this is the equivalent HTTP refusal,
 * so failover on a content refusal is testable in every API shape.
 */
export function googleContentPolicyReply(): SimulatorReplyPlan {
  return googleErrorReply(
    400,
    'The prompt was blocked by the safety filters (blockReason: PROHIBITED_CONTENT): it may contain ' +
      'content that the usage policy does not allow.',
  );
}

/** The errors the simulator stages on the Gemini API and Vertex AI. */
export const GOOGLE_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  status: googleSimulatedErrorReply,
  contextLength: googleContextLengthReply,
  contentPolicy: googleContentPolicyReply,
});
