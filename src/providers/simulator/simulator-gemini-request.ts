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

/**
 * Gemini schemas are OpenAPI subsets whose types are often upper case (`OBJECT`, `INTEGER`, as the
 * Go and Python SDKs send them); the schema sampler reads JSON Schema, so types are lowered.
 */
function jsonSchemaOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(jsonSchemaOf);
  if (!isJsonObject(schema)) return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'type' && typeof value === 'string' ? value.toLowerCase() : jsonSchemaOf(value);
  }
  return copy;
}

/** The text a `functionResponse` brings back: its `content`/`result`/`output` string, or its JSON. */
function functionResponseText(part: JsonObject): string {
  const response = isJsonObject(part.functionResponse) ? part.functionResponse.response : undefined;
  if (isJsonObject(response)) {
    for (const key of ['content', 'result', 'output']) {
      if (typeof response[key] === 'string') return response[key];
    }
  }
  return toolResultText(response);
}

function partCharacters(part: JsonObject): number {
  if (typeof part.text === 'string') return part.text.length;
  if (isJsonObject(part.functionCall)) return JSON.stringify(part.functionCall.args ?? {}).length;
  if (isJsonObject(part.functionResponse)) return JSON.stringify(part.functionResponse.response ?? {}).length;
  return 0;
}

function partsText(parts: JsonObject[]): string {
  let text = '';
  for (const part of parts) if (typeof part.text === 'string' && part.thought !== true) text += part.text;
  return text;
}

function parseContents(
  contents: JsonObject[],
  systemInstruction: unknown,
): Pick<SimulatorPrompt, 'lastUserText' | 'toolResultText' | 'promptCharacters'> {
  const systemParts = isJsonObject(systemInstruction) ? objectList(systemInstruction.parts) : [];
  let promptCharacters = partsText(systemParts).length;
  let lastUserText = '';
  let toolResult: string | undefined;
  for (const content of contents) {
    const parts = objectList(content.parts);
    for (const part of parts) promptCharacters += partCharacters(part);
    const responses = parts.filter((part) => isJsonObject(part.functionResponse));
    toolResult = responses.length === 0 ? undefined : responses.map(functionResponseText).join('\n');
    const text = content.role === 'model' ? '' : partsText(parts);
    if (text !== '') lastUserText = text;
  }
  return { lastUserText, toolResultText: toolResult, promptCharacters };
}

function parseTools(tools: unknown): SimulatorTool[] {
  const parsed: SimulatorTool[] = [];
  for (const tool of objectList(tools)) {
    for (const declaration of objectList(tool.functionDeclarations)) {
      if (typeof declaration.name !== 'string') continue;
      const parameters = declaration.parametersJsonSchema ?? declaration.parameters;
      parsed.push({ name: declaration.name, parameters: jsonSchemaOf(parameters) });
    }
  }
  return parsed;
}

/** `toolConfig.functionCallingConfig`: `NONE`, or `ANY` limited to `allowedFunctionNames`. */
function parseToolChoice(toolConfig: unknown): SimulatorPrompt['toolChoice'] {
  const config = isJsonObject(toolConfig) ? toolConfig.functionCallingConfig : undefined;
  if (!isJsonObject(config)) return 'first';
  if (config.mode === 'NONE') return 'none';
  const allowed = stringList(config.allowedFunctionNames);
  return allowed[0] === undefined ? 'first' : { name: allowed[0] };
}

function parseResponseFormat(config: JsonObject): SimulatorPrompt['responseFormat'] {
  if (config.responseMimeType !== 'application/json') return { type: 'text' };
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return schema === undefined
    ? { type: 'json_object' }
    : { type: 'json_schema', schema: jsonSchemaOf(schema) };
}

/**
 * Parses a `generateContent` / `streamGenerateContent` body (the same on the Gemini API and on
 * Vertex AI) for the model named in the path. See
 * https://ai.google.dev/api/generate-content#request-body.
 */
export function parseGeminiRequest(text: string, model: string): Parsed {
  const body = parseJsonObject(text);
  if (body === undefined) return { ok: false, message: 'Invalid JSON payload received. Unexpected token.' };
  const contents = objectList(body.contents);
  if (contents.length === 0) {
    return { ok: false, message: '* GenerateContentRequest.contents: contents is not specified\n' };
  }
  const config = isJsonObject(body.generationConfig) ? body.generationConfig : {};
  const thinking = isJsonObject(config.thinkingConfig) ? config.thinkingConfig : {};
  return {
    ok: true,
    prompt: {
      model,
      ...parseContents(contents, body.systemInstruction),
      tools: parseTools(body.tools),
      toolChoice: parseToolChoice(body.toolConfig),
      responseFormat: parseResponseFormat(config),
      maxTokens: positiveInteger(config.maxOutputTokens),
      stopSequences: stringList(config.stopSequences),
      reasoning: thinking.includeThoughts === true,
    },
  };
}
