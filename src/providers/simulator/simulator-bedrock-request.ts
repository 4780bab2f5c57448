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

type Parsed = { ok: true; prompt: SimulatorPrompt } | { ok: false; message: string };

function blocksText(blocks: JsonObject[]): string {
  let text = '';
  for (const block of blocks) if (typeof block.text === 'string') text += block.text;
  return text;
}

/** A `toolResult`'s content: `[{text}]` / `[{json}]` blocks. */
function toolResultContent(block: JsonObject): string {
  const result = isJsonObject(block.toolResult) ? block.toolResult : {};
  const parts = objectList(result.content);
  return parts
    .map((part) => (typeof part.text === 'string' ? part.text : toolResultText(part.json)))
    .join('\n');
}

function blockCharacters(block: JsonObject): number {
  if (typeof block.text === 'string') return block.text.length;
  if (isJsonObject(block.toolUse)) return JSON.stringify(block.toolUse.input ?? {}).length;
  if (isJsonObject(block.toolResult)) return toolResultContent(block).length;
  if (isJsonObject(block.reasoningContent)) return JSON.stringify(block.reasoningContent).length;
  return 0;
}

function parseMessages(
  messages: JsonObject[],
  system: unknown,
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  let promptCharacters = blocksText(objectList(system)).length;
  let lastUserText = '';
  let toolResult: string | undefined;
  for (const message of messages) {
    const blocks = objectList(message.content);
    for (const block of blocks) promptCharacters += blockCharacters(block);
    const results = blocks.filter((block) => isJsonObject(block.toolResult));
    toolResult =
      message.role === 'user' && results.length > 0 ? results.map(toolResultContent).join('\n') : undefined;
    const text = message.role === 'user' ? blocksText(blocks) : '';
    if (text !== '') lastUserText = text;
  }
  return { lastUserText, toolResultText: toolResult, promptCharacters };
}

function parseToolConfig(config: unknown): Pick<SimulatorPrompt, 'tools' | 'toolChoice'> {
  if (!isJsonObject(config)) return { tools: [], toolChoice: 'first' };
  const tools: SimulatorTool[] = [];
  for (const tool of objectList(config.tools)) {
    const spec = isJsonObject(tool.toolSpec) ? tool.toolSpec : undefined;
    if (spec === undefined || typeof spec.name !== 'string') continue;
    const schema = isJsonObject(spec.inputSchema) ? spec.inputSchema.json : undefined;
    tools.push({ name: spec.name, parameters: schema });
  }
  const choice = isJsonObject(config.toolChoice) ? config.toolChoice.tool : undefined;
  const named = isJsonObject(choice) && typeof choice.name === 'string' ? { name: choice.name } : undefined;
  return { tools, toolChoice: named ?? 'first' };
}

/**
 * Thinking is asked for through the model's own fields: Claude's `thinking` (`enabled` with a
 * budget, or `adaptive`) or Nova's `reasoningConfig`.
 */
function wantsReasoning(fields: unknown): boolean {
  if (!isJsonObject(fields)) return false;
  const thinking = fields.thinking;
  if (isJsonObject(thinking) && (thinking.type === 'enabled' || thinking.type === 'adaptive')) return true;
  return isJsonObject(fields.reasoningConfig) && fields.reasoningConfig.type === 'enabled';
}

/**
 * Structured output: Claude's `output_config.format` passed through `additionalModelRequestFields`,
 * or Converse's own `outputConfig.textFormat` (its schema is a JSON string).
 */
function parseResponseFormat(body: JsonObject): SimulatorPrompt['responseFormat'] {
  const fields = isJsonObject(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const format = isJsonObject(fields.output_config) ? fields.output_config.format : undefined;
  if (isJsonObject(format) && format.type === 'json_schema')
    return { type: 'json_schema', schema: format.schema };
  const textFormat = isJsonObject(body.outputConfig) ? body.outputConfig.textFormat : undefined;
  const structure =
    isJsonObject(textFormat) && isJsonObject(textFormat.structure) ? textFormat.structure : {};
  const schema = isJsonObject(structure.jsonSchema) ? structure.jsonSchema.schema : undefined;
  if (typeof schema !== 'string') return { type: 'text' };
  try {
    return { type: 'json_schema', schema: JSON.parse(schema) as unknown };
  } catch {
    return { type: 'json_object' };
  }
}

/**
 * Parses a `Converse` / `ConverseStream` body for the model named in the path. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html.
 */
export function parseBedrockConverseRequest(text: string, model: string): Parsed {
  const body = parseJsonObject(text);
  if (body === undefined)
    return { ok: false, message: 'Malformed input request, please reformat your input and try again.' };
  if (!Array.isArray(body.messages)) {
    return {
      ok: false,
      message:
        "1 validation error detected: Value null at 'messages' failed to satisfy constraint: Member must not be null",
    };
  }
  const inference = isJsonObject(body.inferenceConfig) ? body.inferenceConfig : {};
  return {
    ok: true,
    prompt: {
      model,
      ...parseMessages(objectList(body.messages), body.system),
      ...parseToolConfig(body.toolConfig),
      responseFormat: parseResponseFormat(body),
      maxTokens: positiveInteger(inference.maxTokens),
      stopSequences: stringList(inference.stopSequences),
      reasoning: wantsReasoning(body.additionalModelRequestFields),
    },
  };
}
