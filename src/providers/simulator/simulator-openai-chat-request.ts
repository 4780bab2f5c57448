import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import { isJsonObject as isObject, positiveInteger, stringList } from './simulator-request-fields.ts';

/** A Chat Completions request reduced to what the simulator answers. */
export interface OpenAiChatSimulatorRequest {
  prompt: SimulatorPrompt;
  stream: boolean;
  /** `stream_options.include_usage`: adds the `choices: []` usage chunk and `usage: null` elsewhere. */
  includeUsage: boolean;
}

/** A request OpenAI would refuse with a 400, in the fields of its error body. */
export interface OpenAiChatRequestProblem {
  message: string;
  param: string | null;
  code: string | null;
}

type Parsed =
  | { ok: true; request: OpenAiChatSimulatorRequest }
  | { ok: false; problem: OpenAiChatRequestProblem };

// OpenAI's own wording, so clients and the gateway see what they would see upstream.
const NOT_JSON: OpenAiChatRequestProblem = {
  message:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
    'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
  param: null,
  code: null,
};

/** The text of a message's `content`: a string, or the text parts of an array (images skipped). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text;
  }
  return text;
}

function parseTools(tools: unknown): SimulatorTool[] {
  if (!Array.isArray(tools)) return [];
  const parsed: SimulatorTool[] = [];
  for (const tool of tools) {
    if (isObject(tool) && tool.type === 'function' && isObject(tool.function)) {
      const { name, parameters } = tool.function;
      if (typeof name === 'string') parsed.push({ name, parameters });
    }
  }
  return parsed;
}

function parseToolChoice(choice: unknown): SimulatorPrompt['toolChoice'] {
  if (choice === 'none') return 'none';
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') {
    return { name: choice.function.name };
  }
  return 'first';
}

function parseResponseFormat(format: unknown): SimulatorPrompt['responseFormat'] {
  if (!isObject(format)) return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    return { type: 'json_schema', schema: format.json_schema.schema };
  }
  return { type: 'text' };
}

/** `stop`: one string or up to four. */
function parseStop(stop: unknown): string[] {
  return typeof stop === 'string' ? [stop] : stringList(stop);
}

function parseMessages(
  messages: unknown[],
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  let lastUserText = '';
  let promptCharacters = 0;
  for (const message of messages) {
    if (!isObject(message)) continue;
    const text = contentText(message.content);
    promptCharacters += text.length;
    if (message.role === 'user') lastUserText = text;
    if (Array.isArray(message.tool_calls)) promptCharacters += JSON.stringify(message.tool_calls).length;
  }
  const last = messages.at(-1);
  const toolResultText = isObject(last) && last.role === 'tool' ? contentText(last.content) : undefined;
  return { lastUserText, toolResultText, promptCharacters };
}

/**
 * Parses and validates a `POST /v1/chat/completions` body as OpenAI would (the parts it checks).
 * `deployment` is the Azure deployment named by the path: it picks the model, and the body may
 * then leave `model` out.
 */
export function parseOpenAiChatRequest(text: string, deployment?: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: NOT_JSON };
  }
  if (!isObject(body)) return { ok: false, problem: NOT_JSON };
  const model = deployment ?? body.model;
  if (typeof model !== 'string' || model === '') {
    return { ok: false, problem: { message: 'you must provide a model parameter', param: null, code: null } };
  }
  if (!Array.isArray(body.messages)) {
    const message = "Missing required parameter: 'messages'.";
    return { ok: false, problem: { message, param: 'messages', code: 'missing_required_parameter' } };
  }
  if (body.messages.length === 0) {
    const message =
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.";
    return { ok: false, problem: { message, param: 'messages', code: 'empty_array' } };
  }
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    ok: true,
    request: {
      prompt: {
        model,
        ...parseMessages(body.messages),
        tools: parseTools(body.tools),
        toolChoice: parseToolChoice(body.tool_choice),
        responseFormat: parseResponseFormat(body.response_format),
        maxTokens: positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens),
        stopSequences: parseStop(body.stop),
        // Chat Completions never streams a model's thinking, so there is none to simulate.
        reasoning: false,
      },
      stream: body.stream === true,
      includeUsage: body.stream === true && streamOptions.include_usage === true,
    },
  };
}
