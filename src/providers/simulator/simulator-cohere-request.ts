import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import {
  isJsonObject,
  type JsonObject,
  objectList,
  parseJsonObject,
  positiveInteger,
  stringList,
} from './simulator-request-fields.ts';

/** A v2 Chat request reduced to what the simulator answers. See https://docs.cohere.com/reference/chat. */
export interface CohereSimulatorRequest {
  prompt: SimulatorPrompt;
  stream: boolean;
}

type Parsed = { ok: true; request: CohereSimulatorRequest } | { ok: false; message: string };

/** A message's `content`: a string or `[{type: "text", text}]` (documents count as text too). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of objectList(content)) {
    if (typeof part.text === 'string') text += part.text;
    else if (isJsonObject(part.document) && typeof part.document.data === 'string')
      text += part.document.data;
  }
  return text;
}

function parseMessages(
  messages: JsonObject[],
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  let promptCharacters = 0;
  let lastUserText = '';
  for (const message of messages) {
    const text = contentText(message.content);
    promptCharacters += text.length;
    if (typeof message.tool_plan === 'string') promptCharacters += message.tool_plan.length;
    if (Array.isArray(message.tool_calls)) promptCharacters += JSON.stringify(message.tool_calls).length;
    if (message.role === 'user') lastUserText = text;
  }
  // Tool results are `tool` messages after the assistant's call; the loop ends on them.
  let index = messages.length;
  while (index > 0 && messages[index - 1]!.role === 'tool') index--;
  const results = messages.slice(index).map((message) => contentText(message.content));
  return {
    lastUserText,
    toolResultText: results.length === 0 ? undefined : results.join('\n'),
    promptCharacters,
  };
}

function parseTools(tools: unknown): SimulatorTool[] {
  const parsed: SimulatorTool[] = [];
  for (const tool of objectList(tools)) {
    const fn = isJsonObject(tool.function) ? tool.function : undefined;
    if (tool.type === 'function' && fn !== undefined && typeof fn.name === 'string') {
      parsed.push({ name: fn.name, parameters: fn.parameters });
    }
  }
  return parsed;
}

function parseResponseFormat(format: unknown): SimulatorPrompt['responseFormat'] {
  if (!isJsonObject(format) || format.type !== 'json_object') return { type: 'text' };
  return format.json_schema === undefined
    ? { type: 'json_object' }
    : { type: 'json_schema', schema: format.json_schema };
}

/** Parses and validates a `POST /v2/chat` body for the fields the simulator reads. */
export function parseCohereChatRequest(text: string): Parsed {
  const body = parseJsonObject(text);
  if (body === undefined) return { ok: false, message: 'invalid request: could not parse the JSON body.' };
  if (typeof body.model !== 'string' || body.model === '') {
    return { ok: false, message: 'invalid request: model must be a valid model name.' };
  }
  const messages = objectList(body.messages);
  if (messages.length === 0) return { ok: false, message: 'invalid request: messages must not be empty.' };
  return {
    ok: true,
    request: {
      prompt: {
        model: body.model,
        ...parseMessages(messages),
        tools: parseTools(body.tools),
        // `REQUIRED` and the default (auto) both call the first tool; Cohere cannot name one.
        toolChoice: body.tool_choice === 'NONE' ? 'none' : 'first',
        responseFormat: parseResponseFormat(body.response_format),
        maxTokens: positiveInteger(body.max_tokens),
        stopSequences: stringList(body.stop_sequences),
        reasoning: isJsonObject(body.thinking) && body.thinking.type === 'enabled',
      },
      stream: body.stream === true,
    },
  };
}
