import type { OpenAiErrorFields } from './simulator-openai-errors.ts';
import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import {
  isJsonObject as isObject,
  type JsonObject,
  objectList,
  positiveInteger,
} from './simulator-request-fields.ts';

/** A Responses request reduced to what the simulator answers and echoes. */
export interface OpenAiResponsesSimulatorRequest {
  prompt: SimulatorPrompt;
  stream: boolean;
  /** `previous_response_id`, when the request continues a stored response. */
  previousResponseId: string | undefined;
  /** `store` (default true): whether a follow-up may name this response. */
  store: boolean;
  /** `include` asks for `reasoning.encrypted_content`. */
  encryptedReasoning: boolean;
  /** The request body, for the fields the response object echoes. */
  body: JsonObject;
}

type Parsed =
  | { ok: true; request: OpenAiResponsesSimulatorRequest }
  | { ok: false; problem: OpenAiErrorFields };

// OpenAI's own wording, so clients and the gateway see what they would see upstream.
const NOT_JSON: OpenAiErrorFields = {
  message:
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
    'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)',
  type: 'invalid_request_error',
  param: null,
  code: null,
};

/** The text of a message's or tool output's `content`: a string, or its text parts. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of objectList(content)) if (typeof part.text === 'string') text += part.text;
  return text;
}

function parseTools(tools: unknown): SimulatorTool[] {
  const parsed: SimulatorTool[] = [];
  for (const tool of objectList(tools)) {
    if (tool.type === 'function' && typeof tool.name === 'string') {
      parsed.push({ name: tool.name, parameters: tool.parameters });
    }
  }
  return parsed;
}

function parseToolChoice(choice: unknown): SimulatorPrompt['toolChoice'] {
  if (choice === 'none') return 'none';
  if (isObject(choice) && choice.type === 'function' && typeof choice.name === 'string') {
    return { name: choice.name };
  }
  return 'first';
}

function parseFormat(text: unknown): SimulatorPrompt['responseFormat'] {
  const format = isObject(text) ? text.format : undefined;
  if (!isObject(format)) return { type: 'text' };
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema') return { type: 'json_schema', schema: format.schema };
  return { type: 'text' };
}

/** `input` (a string or items) as the prompt fields the completion needs. */
function parseInput(
  input: unknown,
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  if (typeof input === 'string') {
    return { lastUserText: input, toolResultText: undefined, promptCharacters: input.length };
  }
  let lastUserText = '';
  let promptCharacters = 0;
  let toolResultText: string | undefined;
  for (const item of objectList(input)) {
    toolResultText = undefined;
    if (item.type === 'function_call_output') {
      toolResultText = contentText(item.output);
      promptCharacters += toolResultText.length;
    } else if (item.type === 'function_call') {
      promptCharacters += typeof item.arguments === 'string' ? item.arguments.length : 0;
    } else if (item.type === undefined || item.type === 'message') {
      const text = contentText(item.content);
      promptCharacters += text.length;
      if (item.role === 'user') lastUserText = text;
    }
  }
  return { lastUserText, toolResultText, promptCharacters };
}

function missing(param: string): Parsed {
  return {
    ok: false,
    problem: {
      message: `Missing required parameter: '${param}'.`,
      type: 'invalid_request_error',
      param,
      code: 'missing_required_parameter',
    },
  };
}

/**
 * Parses and validates a `POST /v1/responses` body as OpenAI would (the parts it checks). The
 * stored response a `previous_response_id` names is looked up by the plan, not here.
 * See https://platform.openai.com/docs/api-reference/responses/create.
 */
export function parseOpenAiResponsesRequest(text: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, problem: NOT_JSON };
  }
  if (!isObject(body)) return { ok: false, problem: NOT_JSON };
  if (typeof body.model !== 'string' || body.model === '') return missing('model');
  const previous = body.previous_response_id;
  if (body.input === undefined && typeof previous !== 'string') return missing('input');
  const parsedInput = parseInput(body.input);
  const instructions = typeof body.instructions === 'string' ? body.instructions.length : 0;
  const reasoning = isObject(body.reasoning) ? body.reasoning : {};
  return {
    ok: true,
    request: {
      prompt: {
        model: body.model,
        ...parsedInput,
        promptCharacters: parsedInput.promptCharacters + instructions,
        tools: parseTools(body.tools),
        toolChoice: parseToolChoice(body.tool_choice),
        responseFormat: parseFormat(body.text),
        maxTokens: positiveInteger(body.max_output_tokens),
        stopSequences: [],
        // OpenAI streams a reasoning summary only when one is asked for.
        reasoning: typeof reasoning.summary === 'string' && reasoning.summary !== 'none',
      },
      stream: body.stream === true,
      previousResponseId: typeof previous === 'string' ? previous : undefined,
      store: body.store !== false,
      encryptedReasoning: Array.isArray(body.include) && body.include.includes('reasoning.encrypted_content'),
      body,
    },
  };
}
