import type { CanonicalMessage, CanonicalToolResultOutput, CanonicalWarning } from '../../core/canonical.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { fileDataFromUrl } from '../canonical/canonical-file-data.ts';
import { reasoningProviderOptions } from './openai-responses-reasoning-metadata.ts';
import type { OpenAIResponsesInputItem } from './openai-responses-request-schema.ts';

type UserPart = Extract<CanonicalMessage, { role: 'user' }>['content'][number];
type AssistantPart = Extract<CanonicalMessage, { role: 'assistant' }>['content'][number];
type ToolPart = Extract<CanonicalMessage, { role: 'tool' }>['content'][number];
type ContentValue = Extract<CanonicalToolResultOutput, { type: 'content' }>['value'][number];

/** The loose view of a part or item the translator reads (the schema checked the fields it needs). */
interface Loose {
  type?: string;
  role?: string;
  text?: string;
  image_url?: string | null;
  file_id?: string | null;
  file_data?: string;
  file_url?: string;
  filename?: string;
  content?: string | Loose[] | null;
  summary?: Loose[];
  encrypted_content?: string | null;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: string | Loose[];
}

function storedFile(param: string): GatewayError {
  return new GatewayError(
    'invalid_request',
    `${param}: file_id refers to a file stored at OpenAI, which this model's provider cannot read; send the content inline (image_url or file_data) or a URL instead.`,
    { param },
  );
}

/** A message part that is a file (image or document) as canonical file data. */
function filePart(
  part: Loose,
  param: string,
): Pick<Extract<UserPart, { type: 'file' }>, 'mediaType' | 'data'> {
  if (part.type === 'input_image') {
    if (typeof part.image_url === 'string') return fileDataFromUrl(part.image_url, 'image/*');
    throw storedFile(param);
  }
  const pdf = part.filename?.toLowerCase().endsWith('.pdf') === true;
  const fallback = pdf ? 'application/pdf' : 'application/octet-stream';
  if (part.file_data !== undefined) return fileDataFromUrl(part.file_data, fallback);
  if (part.file_url !== undefined) return fileDataFromUrl(part.file_url, fallback);
  throw storedFile(param);
}

function userParts(content: string | Loose[], param: string, warnings: CanonicalWarning[]): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: UserPart[] = [];
  content.forEach((part, index) => {
    if (part.type === 'input_text' || part.type === 'output_text') {
      parts.push({ type: 'text', text: part.text ?? '' });
    } else if (part.type === 'input_image' || part.type === 'input_file') {
      const file = filePart(part, `${param}.content[${index}]`);
      parts.push(
        part.filename === undefined
          ? { type: 'file', ...file }
          : { type: 'file', ...file, filename: part.filename },
      );
    } else {
      warnings.push({ type: 'unsupported', feature: `content part ${part.type}` });
    }
  });
  return parts;
}

function textOf(content: string | Loose[] | null | undefined, warnings: CanonicalWarning[]): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content ?? []) {
    if (typeof part.text === 'string' && part.type !== 'refusal') text += part.text;
    else warnings.push({ type: 'unsupported', feature: `content part ${part.type}` });
  }
  return text;
}

function toolOutput(
  output: string | Loose[],
  param: string,
  warnings: CanonicalWarning[],
): CanonicalToolResultOutput {
  if (typeof output === 'string') return { type: 'text', value: output };
  const value: ContentValue[] = [];
  for (const part of userParts(output, param, warnings)) {
    if (part.type === 'text') value.push({ type: 'text', text: part.text });
    else if (part.type === 'file') value.push({ type: 'file', data: part.data, mediaType: part.mediaType });
  }
  return { type: 'content', value };
}

function parseArguments(text: string, param: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new GatewayError('invalid_request', `${param}.arguments: not valid JSON.`, { param });
  }
}

/**
 * Collects the prompt, appending to the last message when it has the same role: the Responses
 * API lists a turn's reasoning, text and calls as separate items (and their outputs one by one),
 * while providers want one assistant message and one message of tool results per turn.
 */
class PromptBuilder {
  readonly messages: CanonicalMessage[] = [];

  assistant(part: AssistantPart): void {
    const last = this.messages.at(-1);
    if (last?.role === 'assistant') last.content.push(part);
    else this.messages.push({ role: 'assistant', content: [part] });
  }

  tool(part: ToolPart): void {
    const last = this.messages.at(-1);
    if (last?.role === 'tool') last.content.push(part);
    else this.messages.push({ role: 'tool', content: [part] });
  }
}

/**
 * Responses `input` (a string, or message / function call / function call output / reasoning
 * items) → the canonical prompt. Items of other types (hosted tool calls and their outputs) cannot
 * be replayed to another provider and become warnings.
 * @see https://platform.openai.com/docs/api-reference/responses/create#responses-create-input
 */
export function responsesInputToPrompt(
  input: string | readonly OpenAIResponsesInputItem[] | undefined,
  warnings: CanonicalWarning[],
): CanonicalMessage[] {
  if (input === undefined) return [];
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: input }] }];
  const prompt = new PromptBuilder();
  const toolNames = new Map<string, string>();
  input.forEach((entry, index) => {
    const item = entry as Loose;
    const param = `input[${index}]`;
    switch (item.type ?? 'message') {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') {
          prompt.messages.push({ role: 'system', content: textOf(item.content, warnings) });
        } else if (item.role === 'assistant') {
          const text = textOf(item.content, warnings);
          if (text !== '') prompt.assistant({ type: 'text', text });
        } else {
          prompt.messages.push({
            role: 'user',
            content: userParts(item.content as string | Loose[], param, warnings),
          });
        }
        break;
      case 'function_call':
        toolNames.set(item.call_id as string, item.name as string);
        prompt.assistant({
          type: 'tool-call',
          toolCallId: item.call_id as string,
          toolName: item.name as string,
          input: parseArguments(item.arguments as string, param),
        });
        break;
      case 'function_call_output':
        prompt.tool({
          type: 'tool-result',
          toolCallId: item.call_id as string,
          toolName: toolNames.get(item.call_id as string) ?? 'unknown',
          output: toolOutput(item.output as string | Loose[], param, warnings),
        });
        break;
      case 'reasoning': {
        // Raw reasoning text (open-weight models) when there is some, else the summary.
        const parts = Array.isArray(item.content) && item.content.length > 0 ? item.content : item.summary;
        const text = (parts ?? []).map((part) => part.text ?? '').join('\n\n');
        const providerOptions = reasoningProviderOptions(item.encrypted_content, item.id);
        // Nothing to show and nothing to sign (OpenAI's reasoning without its summary): dropped.
        if (text === '' && providerOptions === undefined) break;
        prompt.assistant(
          providerOptions === undefined
            ? { type: 'reasoning', text }
            : { type: 'reasoning', text, providerOptions },
        );
        break;
      }
      default:
        warnings.push({ type: 'unsupported', feature: `input item ${item.type}` });
    }
  });
  return prompt.messages;
}
