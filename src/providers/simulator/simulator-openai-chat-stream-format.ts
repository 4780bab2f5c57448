import type { OpenAiChatReplyIdentity } from './simulator-openai-chat-json-format.ts';
import type { OpenAiChatUsage } from './simulator-openai-chat-usage.ts';

const OPEN_CHOICE = '{"index":0,"delta":';
// Azure runs every prompt and completion through its content filters and says so in each choice.
const OPEN_AZURE_CHOICE = '{"content_filter_results":{},"index":0,"delta":';
const CLOSE_CHOICE = ',"logprobs":null,"finish_reason":null}';

/**
 * The chunk Azure OpenAI sends before any other: no choices, blank identity, the prompt's content
 * filter verdicts (as recorded in `azure-openai/chat-completions/fantasy`). Clients that expect
 * `choices[0]` in every chunk break on it, which is worth simulating.
 */
export const AZURE_PROMPT_FILTER_CHUNK =
  'data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,' +
  '"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"detected":false,' +
  '"filtered":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,' +
  '"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}\n\n';

/** The last bytes of every streamed reply. */
export const OPENAI_CHAT_STREAM_DONE = 'data: [DONE]\n\n';

/**
 * Renders the server-sent events of a streamed `chat.completion.chunk` reply byte for byte as the
 * API does (see `test/fixtures/providers/openai/chat-completions`): `data: <compact json>\n\n`, keys
 * `id, object, created, model, service_tier, system_fingerprint, choices[, usage]`, each choice
 * `{index, delta, logprobs, finish_reason}`. The shared prefix and suffix are built once per
 * reply, so a token chunk costs two concatenations and one `JSON.stringify` of the token.
 * See https://platform.openai.com/docs/api-reference/chat-streaming.
 */
export class OpenAiChatChunkEncoder {
  readonly #head: string;
  readonly #tail: string;
  readonly #openChoice: string;

  constructor(identity: OpenAiChatReplyIdentity, includeUsage: boolean) {
    this.#openChoice = identity.azure ? OPEN_AZURE_CHOICE : OPEN_CHOICE;
    this.#head =
      `data: {"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${identity.created},` +
      `"model":${JSON.stringify(identity.model)},"service_tier":"default",` +
      `"system_fingerprint":${JSON.stringify(identity.systemFingerprint)},"choices":[`;
    // With include_usage every chunk but the last carries `"usage":null`, as the API does.
    this.#tail = includeUsage ? '],"usage":null}\n\n' : ']}\n\n';
  }

  /** The first chunk of a text reply. */
  role(): string {
    return `${this.#head}${this.#openChoice}{"role":"assistant","content":"","refusal":null}${CLOSE_CHOICE}${this.#tail}`;
  }

  content(token: string): string {
    return `${this.#head}${this.#openChoice}{"content":${JSON.stringify(token)}}${CLOSE_CHOICE}${this.#tail}`;
  }

  /** The first chunk of a tool call reply: role, call id, type, name and empty arguments. */
  toolCallStart(callId: string, name: string): string {
    const call = `{"index":0,"id":${JSON.stringify(callId)},"type":"function","function":{"name":${JSON.stringify(name)},"arguments":""}}`;
    return `${this.#head}${this.#openChoice}{"role":"assistant","content":null,"tool_calls":[${call}],"refusal":null}${CLOSE_CHOICE}${this.#tail}`;
  }

  toolCallArguments(fragment: string): string {
    const call = `{"index":0,"function":{"arguments":${JSON.stringify(fragment)}}}`;
    return `${this.#head}${this.#openChoice}{"tool_calls":[${call}]}${CLOSE_CHOICE}${this.#tail}`;
  }

  finish(reason: string): string {
    return `${this.#head}${this.#openChoice}{},"logprobs":null,"finish_reason":${JSON.stringify(reason)}}${this.#tail}`;
  }

  /** The `choices: []` chunk that carries the usage (only with include_usage). */
  usage(usage: OpenAiChatUsage): string {
    return `${this.#head}],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}

/**
 * The event OpenAI sends when a stream fails after it started: a bare `error` object where a
 * chunk was expected (the official SDKs throw an `APIError` on it).
 */
export function openAiChatStreamError(error: Readonly<Record<string, unknown>>): string {
  return `data: ${JSON.stringify({ error })}\n\n`;
}
