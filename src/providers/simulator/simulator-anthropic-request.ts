import type { SimulatorPrompt, SimulatorTool } from './simulator-prompt.ts';
import {
  isJsonObject,
  type JsonObject,
  objectList,
  parseJsonObject,
  positiveInteger,
  stringList,
  toolResultText,
} from './simulator-request-fields.ts';

/**
 * A Messages API request reduced to what the simulator answers. See
 * https://docs.anthropic.com/en/api/messages.
 */
export interface AnthropicSimulatorRequest {
  prompt: SimulatorPrompt;
  stream: boolean;
}

type Parsed = { ok: true; request: AnthropicSimulatorRequest } | { ok: false; message: string };

/** Where the request came from: Vertex AI names the model in the path, not in the body. */
export interface AnthropicRequestSource {
  /** The model from a Vertex `…/publishers/anthropic/models/{model}:rawPredict` path. */
  pathModel?: string;
  /** `:streamRawPredict` asks for a stream whatever the body says. */
  pathStream?: boolean;
  /** `count_tokens` takes no `max_tokens`. */
  countTokens?: boolean;
}

/** The text of a `content` that is a string or a list of blocks (text blocks only). */
function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const block of objectList(content)) {
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
  }
  return text;
}

/** A `tool_result`'s content: a string or text blocks (anything else quoted as JSON). */
function toolResultContent(block: JsonObject): string {
  return blockText(block.content) || toolResultText(block.content ?? '');
}

/** Characters a block adds to the prompt (text, thinking, tool calls and results). */
function blockCharacters(block: JsonObject): number {
  if (typeof block.text === 'string') return block.text.length;
  if (typeof block.thinking === 'string') return block.thinking.length;
  if (block.type === 'tool_use') return JSON.stringify(block.input ?? {}).length;
  if (block.type === 'tool_result') return toolResultContent(block).length;
  return 0;
}

function parseMessages(
  messages: JsonObject[],
  system: unknown,
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  let promptCharacters = blockText(system).length;
  let lastUserText = '';
  let toolResult: string | undefined;
  for (const message of messages) {
    const content = message.content;
    const blocks = typeof content === 'string' ? [{ type: 'text', text: content }] : objectList(content);
    const results = blocks.filter((block) => block.type === 'tool_result');
    for (const block of blocks) promptCharacters += blockCharacters(block);
    if (message.role !== 'user') {
      toolResult = undefined;
      continue;
    }
    const text = blockText(blocks);
    if (text !== '') lastUserText = text;
    // Tool results come back in a user turn: when the last turn holds them, the tool loop ends.
    toolResult = results.length === 0 ? undefined : results.map(toolResultContent).join('\n');
  }
  return { lastUserText, toolResultText: toolResult, promptCharacters };
}

/** Custom tools; server tools (`web_search_…`, `bash_…`) have no schema to answer with. */
function parseTools(tools: unknown): SimulatorTool[] {
  const parsed: SimulatorTool[] = [];
  for (const tool of objectList(tools)) {
    const custom = tool.type === undefined || tool.type === 'custom';
    if (custom && typeof tool.name === 'string')
      parsed.push({ name: tool.name, parameters: tool.input_schema });
  }
  return parsed;
}

function parseToolChoice(choice: unknown): SimulatorPrompt['toolChoice'] {
  if (!isJsonObject(choice)) return 'first';
  if (choice.type === 'none') return 'none';
  if (choice.type === 'tool' && typeof choice.name === 'string') return { name: choice.name };
  return 'first';
}

/** Structured outputs: `output_config.format` (and the older beta `output_format`). */
function parseResponseFormat(body: JsonObject): SimulatorPrompt['responseFormat'] {
  const format = isJsonObject(body.output_config) ? body.output_config.format : body.output_format;
  if (isJsonObject(format) && format.type === 'json_schema')
    return { type: 'json_schema', schema: format.schema };
  return { type: 'text' };
}

/** `thinking: {type: "enabled", budget_tokens}` or `{type: "adaptive"}` shows the thinking. */
function wantsThinking(thinking: unknown): boolean {
  return isJsonObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive');
}

/**
 * Parses and validates a Messages request as the API does for the fields the simulator reads
 * (error messages worded like the API's `field: problem`).
 */
export function parseAnthropicMessagesRequest(text: string, source: AnthropicRequestSource = {}): Parsed {
  const body = parseJsonObject(text);
  if (body === undefined)
    return { ok: false, message: 'There was an error parsing the body of your request.' };
  const model = source.pathModel ?? body.model;
  if (typeof model !== 'string' || model === '') return { ok: false, message: 'model: Field required' };
  if (source.pathModel !== undefined && typeof body.anthropic_version !== 'string') {
    return { ok: false, message: 'anthropic_version: Field required' };
  }
  if (!Array.isArray(body.messages)) return { ok: false, message: 'messages: Field required' };
  const maxTokens = positiveInteger(body.max_tokens);
  if (maxTokens === undefined && source.countTokens !== true) {
    return {
      ok: false,
      message:
        body.max_tokens === undefined
          ? 'max_tokens: Field required'
          : 'max_tokens: Input should be a valid integer',
    };
  }
  const messages = objectList(body.messages);
  if (messages.length === 0 && source.countTokens !== true) {
    return { ok: false, message: 'messages: at least one message is required' };
  }
  return {
    ok: true,
    request: {
      prompt: {
        model,
        ...parseMessages(messages, body.system),
        tools: parseTools(body.tools),
        toolChoice: parseToolChoice(body.tool_choice),
        responseFormat: parseResponseFormat(body),
        maxTokens,
        stopSequences: stringList(body.stop_sequences),
        reasoning: wantsThinking(body.thinking),
      },
      stream: source.pathStream === true || body.stream === true,
    },
  };
}
