import { randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const URL_SAFE_ALPHABET = `${ALPHABET}-_`;
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

// Ids only need to look like the provider's and be unique enough for logs; Math.random is far
// cheaper per request than crypto and there is nothing to protect.
function randomText(length: number, alphabet = ALPHABET): string {
  let text = '';
  for (let index = 0; index < length; index++) text += alphabet[(Math.random() * alphabet.length) | 0];
  return text;
}

/** `chatcmpl-` and 29 characters, like OpenAI's completion ids. */
export function simulatorCompletionId(): string {
  return `chatcmpl-${randomText(29)}`;
}

/** `call_` and 24 characters, like OpenAI's tool call ids. */
export function simulatorToolCallId(): string {
  return `call_${randomText(24)}`;
}

/** `msg_01` and 22 characters like Anthropic's message ids; `msg_vrtx_01…` on Vertex AI. */
export function simulatorAnthropicMessageId(vertex: boolean): string {
  return `${vertex ? 'msg_vrtx_01' : 'msg_01'}${randomText(22)}`;
}

/** `toolu_01` and 22 characters, like Anthropic's tool use ids. */
export function simulatorAnthropicToolUseId(): string {
  return `toolu_01${randomText(22)}`;
}

/** `req_011C` and 20 characters, like Anthropic's `request-id` header and error `request_id`. */
export function simulatorAnthropicRequestId(): string {
  return `req_011C${randomText(20)}`;
}

/** 23 URL-safe characters, like Gemini's `responseId`. */
export function simulatorGeminiResponseId(): string {
  return randomText(23, URL_SAFE_ALPHABET);
}

/** `tooluse_` and 22 URL-safe characters, like Bedrock Converse's tool use ids. */
export function simulatorBedrockToolUseId(): string {
  return `tooluse_${randomText(22, URL_SAFE_ALPHABET)}`;
}

/** `<tool name>_` and 12 lower-case characters, like Cohere's tool call ids. */
export function simulatorCohereToolCallId(toolName: string): string {
  return `${toolName}_${randomText(12, LOWER_ALPHANUMERIC)}`;
}

/** A UUID, as Cohere's response ids and AWS request ids are. */
export function simulatorUuid(): string {
  return randomUUID();
}
