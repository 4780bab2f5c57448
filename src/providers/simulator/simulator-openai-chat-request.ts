import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';

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

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
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

/** Parses and validates a `POST /v1/chat/completions` body as OpenAI would (the parts it checks). */
export function parseOpenAiChatRequest(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: NOT_JSON };
  }
  if (!isObject(body)) return { ok: false, problem: NOT_JSON };
  if (typeof body.model !== 'string' || body.model === '') {
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
        model: body.model,
        ...parseMessages(body.messages),
        tools: parseTools(body.tools),
        toolChoice: parseToolChoice(body.tool_choice),
        responseFormat: parseResponseFormat(body.response_format),
        maxTokens: positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens),
      },
      stream: body.stream === true,
      includeUsage: body.stream === true && streamOptions.include_usage === true,
    },
  };
}
