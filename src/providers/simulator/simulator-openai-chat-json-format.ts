import type { SimulatorCompletion } from './simulator-completion.ts';
import { openAiChatUsage } from './simulator-openai-chat-usage.ts';

/** Identity shared by every chunk of one reply (or the one body of a non-stream reply). */
export interface OpenAiChatReplyIdentity {
  /** `chatcmpl-…` */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model as the request named it. */
  model: string;
  /** `fp_…` */
  systemFingerprint: string;
  /** `call_…`, used when the completion is a tool call. */
  toolCallId: string;
  /** Served on an Azure OpenAI path: content filter results are added as Azure adds them. */
  azure: boolean;
}

/**
 * Azure's verdicts on a prompt, as the recorded non-stream reply has them (empty: nothing to
 * report; streams list every category, see `AZURE_PROMPT_FILTER_CHUNK`).
 */
const AZURE_PROMPT_FILTER_RESULTS = [{ prompt_index: 0, content_filter_results: {} }];

function message(completion: SimulatorCompletion, toolCallId: string): Record<string, unknown> {
  if (completion.kind === 'text') {
    return { role: 'assistant', content: completion.tokens.join(''), refusal: null, annotations: [] };
  }
  const call = {
    id: toolCallId,
    type: 'function',
    function: { name: completion.toolName, arguments: completion.arguments },
  };
  return { role: 'assistant', content: null, tool_calls: [call], refusal: null, annotations: [] };
}

/**
 * The body of a non-stream `chat.completion`, compact and in the API's key order. See
 * https://platform.openai.com/docs/api-reference/chat/object.
 */
export function formatOpenAiChatCompletion(
  identity: OpenAiChatReplyIdentity,
  completion: SimulatorCompletion,
): string {
  const choice = {
    index: 0,
    message: message(completion, identity.toolCallId),
    logprobs: null,
    finish_reason: completion.finishReason,
  };
  return JSON.stringify({
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices: [identity.azure ? { content_filter_results: {}, ...choice } : choice],
    ...(identity.azure ? { prompt_filter_results: AZURE_PROMPT_FILTER_RESULTS } : undefined),
    usage: openAiChatUsage(completion),
    service_tier: 'default',
    system_fingerprint: identity.systemFingerprint,
  });
}
