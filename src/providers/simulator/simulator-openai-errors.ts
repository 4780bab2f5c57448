import { type SimulatorErrorReplies, simulatedFailureMessage } from './simulator-format-replies.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/**
 * The body of an OpenAI API error, `{"error": {message, type, param, code}}`, key order as the
 * API sends it. See https://platform.openai.com/docs/guides/error-codes.
 */
export interface OpenAiErrorFields {
  message: string;
  /** `invalid_request_error`, `requests` (rate limits), `server_error`, … */
  type: string;
  /** The offending request field, when there is one. */
  param: string | null;
  /** `invalid_api_key`, `model_not_found`, `rate_limit_exceeded`, … */
  code: string | null;
}

const ERROR_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'application/json; charset=utf-8',
});

/**
 * Renders an OpenAI error reply. OpenAI pretty-prints its error bodies: 4 spaces and a final
 * newline for 401 and 404 (as recorded in the crewai and envoy cassettes), 2 spaces otherwise.
 */
export function openAiErrorReply(
  status: number,
  fields: OpenAiErrorFields,
  headers: Readonly<Record<string, string>> = ERROR_HEADERS,
): SimulatorReplyPlan {
  const error = { message: fields.message, type: fields.type, param: fields.param, code: fields.code };
  const text =
    status === 401 || status === 404
      ? `${JSON.stringify({ error }, null, 4)}\n`
      : JSON.stringify({ error }, null, 2);
  const bytes = Buffer.from(text);
  return simulatorImmediateReply(status, { ...headers, 'content-length': String(bytes.length) }, bytes);
}

/** OpenAI's 404 for a model it does not know, worded exactly as the API words it. */
export function openAiModelNotFoundReply(model: string): SimulatorReplyPlan {
  return openAiErrorReply(404, {
    message: `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  });
}

/** OpenAI's 401, with the key masked the way OpenAI masks it (`sk-abc***...***wxyz`). */
export function openAiInvalidApiKeyReply(authorization: string | undefined): SimulatorReplyPlan {
  const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
  const message =
    key === ''
      ? "You didn't provide an API key. You need to provide your API key in an Authorization header using " +
        'Bearer auth (i.e. Authorization: Bearer YOUR_KEY).'
      : `Incorrect API key provided: ${key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(key.length - 7)}${key.slice(-4)}` : '***'}. ` +
        'You can find your API key at https://platform.openai.com/account/api-keys.';
  return openAiErrorReply(401, {
    message,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  });
}

/** `type` and `code` OpenAI uses per status; statuses not listed fall back by class. */
const SIMULATED_ERROR_KINDS: Readonly<Record<number, Pick<OpenAiErrorFields, 'type' | 'code'>>> = {
  400: { type: 'invalid_request_error', code: null },
  401: { type: 'invalid_request_error', code: 'invalid_api_key' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory' },
  404: { type: 'invalid_request_error', code: 'model_not_found' },
  429: { type: 'requests', code: 'rate_limit_exceeded' },
  500: { type: 'server_error', code: null },
  503: { type: 'server_error', code: null },
  529: { type: 'server_error', code: 'overloaded' },
};

/** The error fields of a simulated failure of some status; the message says it was simulated. */
export function openAiSimulatedErrorFields(status: number): OpenAiErrorFields {
  const kind =
    SIMULATED_ERROR_KINDS[status] ??
    (status < 500 ? SIMULATED_ERROR_KINDS[400]! : SIMULATED_ERROR_KINDS[500]!);
  return { message: simulatedFailureMessage(status), type: kind.type, param: null, code: kind.code };
}

/** The error a `fault: <status>` setting asks for. */
export function openAiSimulatedErrorReply(status: number, retryAfterSeconds: number): SimulatorReplyPlan {
  const fields = openAiSimulatedErrorFields(status);
  if (status !== 429) return openAiErrorReply(status, fields);
  return openAiErrorReply(status, fields, {
    ...ERROR_HEADERS,
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-remaining-requests': '0',
    'x-ratelimit-reset-requests': `${retryAfterSeconds}s`,
  });
}

/** OpenAI's answer to a path or method it does not serve. */
export function openAiInvalidUrlReply(method: string, path: string): SimulatorReplyPlan {
  return openAiErrorReply(404, {
    message: `Invalid URL (${method} ${path})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}

/** Azure's 404 for a deployment name it does not know (Azure's own `{code, message}` error shape). */
export function azureDeploymentNotFoundReply(): SimulatorReplyPlan {
  const bytes = Buffer.from(
    JSON.stringify({
      error: {
        code: 'DeploymentNotFound',
        message:
          'The API deployment for this resource does not exist. If you created the deployment within the ' +
          'last 5 minutes, please wait a moment and try again.',
      },
    }),
  );
  return simulatorImmediateReply(404, { ...ERROR_HEADERS, 'content-length': String(bytes.length) }, bytes);
}

/** Azure's 401 for a missing or wrong `api-key`. */
export function azureInvalidKeyReply(): SimulatorReplyPlan {
  const bytes = Buffer.from(
    JSON.stringify({
      error: {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid ' +
          'key for an active subscription and use a correct regional API endpoint for your resource.',
      },
    }),
  );
  return simulatorImmediateReply(401, { ...ERROR_HEADERS, 'content-length': String(bytes.length) }, bytes);
}

/**
 * OpenAI's 400 for a prompt over the model's context window; Azure OpenAI answers the same body.
 * See https://platform.openai.com/docs/guides/error-codes.
 */
export function openAiContextLengthReply(promptTokens: number, contextWindow: number): SimulatorReplyPlan {
  return openAiErrorReply(400, {
    message:
      `This model's maximum context length is ${contextWindow} tokens. However, your messages resulted in ` +
      `${promptTokens} tokens. Please reduce the length of the messages.`,
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  });
}

/** OpenAI's 400 for a request its safety system rejected (`content_policy_violation`). */
export function openAiContentPolicyReply(): SimulatorReplyPlan {
  return openAiErrorReply(400, {
    message:
      'Your request was rejected as a result of our safety system. Your prompt may contain text that is ' +
      'not allowed by our safety system.',
    type: 'invalid_request_error',
    param: null,
    code: 'content_policy_violation',
  });
}

const AZURE_CONTENT_FILTER_BODY = JSON.stringify({
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. " +
      'Please modify your prompt and retry. To learn more about our content filtering policies please read ' +
      'our documentation: https://go.microsoft.com/fwlink/?linkid=2198766',
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        hate: { filtered: false, severity: 'safe' },
        jailbreak: { filtered: false, detected: false },
        self_harm: { filtered: false, severity: 'safe' },
        sexual: { filtered: false, severity: 'safe' },
        violence: { filtered: true, severity: 'medium' },
      },
    },
  },
});

/**
 * Azure OpenAI's 400 when its content filter blocks the prompt: OpenAI's error fields plus
 * `status` and the `innererror` naming the category that was filtered. See
 * https://learn.microsoft.com/en-us/azure/ai-foundry/openai/concepts/content-filter.
 */
export function azureContentFilterReply(): SimulatorReplyPlan {
  const bytes = Buffer.from(AZURE_CONTENT_FILTER_BODY);
  return simulatorImmediateReply(400, { ...ERROR_HEADERS, 'content-length': String(bytes.length) }, bytes);
}

/** The errors the simulator stages on OpenAI's Chat Completions API. */
export const OPENAI_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  status: openAiSimulatedErrorReply,
  contextLength: openAiContextLengthReply,
  contentPolicy: openAiContentPolicyReply,
});

/** Azure OpenAI's: OpenAI's, but its own content filter refusal. */
export const AZURE_ERROR_REPLIES: SimulatorErrorReplies = Object.freeze({
  ...OPENAI_ERROR_REPLIES,
  contentPolicy: azureContentFilterReply,
});
