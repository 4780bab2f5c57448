import type {
  CanonicalCallOptions,
  CanonicalFunctionTool,
  CanonicalMessage,
  CanonicalToolChoice,
  CanonicalWarning,
} from '../../core/canonical.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { fileDataFromUrl } from '../canonical/canonical-file-data.ts';
import type { OpenAIChatRequest } from './openai-chat-request-schema.ts';

/** OpenAI content parts the canonical prompt carries (others become warnings). */
interface OpenAIPart {
  type: string;
  text?: string;
  image_url?: { url: string };
  input_audio?: { data: string; format: string };
  file?: { file_data?: string; filename?: string };
}

interface OpenAIToolCall {
  id: string;
  type: string;
  function?: { name: string; arguments: string };
}

type UserPart = Extract<CanonicalMessage, { role: 'user' }>['content'][number];

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as OpenAIPart[])
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('');
}

function userParts(content: string | OpenAIPart[], warnings: CanonicalWarning[]): UserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts: UserPart[] = [];
  for (const part of content) {
    if (part.type === 'text') parts.push({ type: 'text', text: part.text ?? '' });
    else if (part.type === 'image_url' && part.image_url !== undefined) {
      parts.push({ type: 'file', ...fileDataFromUrl(part.image_url.url, 'image/*') });
    } else if (part.type === 'input_audio' && part.input_audio !== undefined) {
      parts.push({
        type: 'file',
        mediaType: `audio/${part.input_audio.format}`,
        data: { type: 'data', data: part.input_audio.data },
      });
    } else if (part.type === 'file' && part.file?.file_data !== undefined) {
      parts.push({
        type: 'file',
        ...fileDataFromUrl(part.file.file_data, 'application/octet-stream'),
        filename: part.file.filename,
      });
    } else {
      warnings.push({ type: 'unsupported', feature: `content part ${part.type}` });
    }
  }
  return parts;
}

function parseArguments(text: string, id: string): unknown {
  try {
    return JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new GatewayError('invalid_request', `The arguments of tool call ${id} are not valid JSON.`, {
      param: 'messages',
    });
  }
}

/** OpenAI `messages` → canonical prompt; tool names of results come from the calls before them. */
function prompt(messages: OpenAIChatRequest['messages'], warnings: CanonicalWarning[]): CanonicalMessage[] {
  const toolNames = new Map<string, string>();
  const out: CanonicalMessage[] = [];
  for (const message of messages as {
    role: string;
    content?: unknown;
    tool_calls?: OpenAIToolCall[];
    tool_call_id?: string;
    name?: string;
  }[]) {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: textOf(message.content) });
        break;
      case 'user':
        out.push({ role: 'user', content: userParts(message.content as string | OpenAIPart[], warnings) });
        break;
      case 'assistant': {
        const content: Extract<CanonicalMessage, { role: 'assistant' }>['content'] = [];
        const text = textOf(message.content);
        if (text !== '') content.push({ type: 'text', text });
        for (const call of message.tool_calls ?? []) {
          if (call.function === undefined) continue;
          toolNames.set(call.id, call.function.name);
          content.push({
            type: 'tool-call',
            toolCallId: call.id,
            toolName: call.function.name,
            input: parseArguments(call.function.arguments, call.id),
          });
        }
        out.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const id = message.tool_call_id ?? '';
        out.push({
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: id,
              toolName: toolNames.get(id) ?? 'unknown',
              output: { type: 'text', value: textOf(message.content) },
            },
          ],
        });
        break;
      }
      case 'function':
        warnings.push({ type: 'deprecated', setting: 'function role', message: 'use tool messages' });
        break;
    }
  }
  return out;
}

function tools(
  request: OpenAIChatRequest,
  warnings: CanonicalWarning[],
): CanonicalFunctionTool[] | undefined {
  if (request.tools === undefined) return undefined;
  const out: CanonicalFunctionTool[] = [];
  for (const tool of request.tools as {
    type: string;
    function?: {
      name: string;
      description?: string;
      parameters?: Record<string, unknown>;
      strict?: boolean | null;
    };
  }[]) {
    if (tool.type !== 'function' || tool.function === undefined) {
      warnings.push({ type: 'unsupported', feature: `tool type ${tool.type}` });
      continue;
    }
    out.push({
      type: 'function',
      name: tool.function.name,
      description: tool.function.description,
      inputSchema: (tool.function.parameters ?? {
        type: 'object',
        properties: {},
      }) as CanonicalFunctionTool['inputSchema'],
      strict: tool.function.strict ?? undefined,
    });
  }
  return out;
}

function toolChoice(choice: OpenAIChatRequest['tool_choice']): CanonicalToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  const named = choice as { type: string; function?: { name: string } };
  return named.function === undefined ? undefined : { type: 'tool', toolName: named.function.name };
}

const REASONING_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

/** Request fields the canonical call cannot carry: the call goes ahead and the client is told. */
const UNSUPPORTED: readonly (keyof OpenAIChatRequest | string)[] = [
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'n',
  'audio',
  'modalities',
  'prediction',
];

/**
 * OpenAI Chat Completions request → canonical call options, for any provider that does not speak
 * OpenAI natively. What cannot be carried becomes a warning, not a failure.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export function openAIChatToCanonical(request: OpenAIChatRequest): {
  options: CanonicalCallOptions;
  warnings: CanonicalWarning[];
} {
  const warnings: CanonicalWarning[] = [];
  const raw = request as Record<string, unknown>;
  for (const field of UNSUPPORTED) {
    if (raw[field] !== undefined && raw[field] !== null && !(field === 'n' && raw[field] === 1)) {
      warnings.push({ type: 'unsupported', feature: field });
    }
  }
  const format = request.response_format;
  const stop = request.stop;
  const effort = raw.reasoning_effort;
  const options: CanonicalCallOptions = {
    prompt: prompt(request.messages, warnings),
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    seed: request.seed ?? undefined,
    stopSequences: stop === undefined || stop === null ? undefined : typeof stop === 'string' ? [stop] : stop,
    tools: tools(request, warnings),
    toolChoice: toolChoice(request.tool_choice),
    reasoning:
      typeof effort === 'string' && REASONING_EFFORTS.has(effort)
        ? (effort as CanonicalCallOptions['reasoning'])
        : undefined,
    responseFormat:
      format === undefined || format.type === 'text'
        ? undefined
        : format.type === 'json_object'
          ? { type: 'json' }
          : {
              type: 'json',
              name: (format as { json_schema: { name: string } }).json_schema.name,
              schema: (format as { json_schema: { schema?: Record<string, unknown> } }).json_schema
                .schema as never,
            },
  };
  // `providerOptions` other than the gateway's own go to the upstream provider (Vercel's extension).
  const { gateway: _gateway, ...upstream } = request.providerOptions ?? {};
  if (Object.keys(upstream).length > 0) {
    options.providerOptions = upstream as NonNullable<CanonicalCallOptions['providerOptions']>;
  }
  return { options, warnings };
}
