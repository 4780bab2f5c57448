import type {
  CanonicalCallOptions,
  CanonicalFunctionTool,
  CanonicalMessage,
  CanonicalProviderOptions,
  CanonicalToolChoice,
  CanonicalToolResultOutput,
  CanonicalWarning,
} from '../../core/canonical.ts';
import { fileDataFromUrl } from '../canonical/canonical-file-data.ts';
import type { AnthropicBlock, AnthropicMessagesRequest } from './anthropic-request-schema.ts';

type UserPart = Extract<CanonicalMessage, { role: 'user' }>['content'][number];
type AssistantPart = Extract<CanonicalMessage, { role: 'assistant' }>['content'][number];
type ToolPart = Extract<CanonicalMessage, { role: 'tool' }>['content'][number];

interface AnthropicSource {
  type: string;
  media_type?: string;
  data?: string;
  url?: string;
}

/** `cache_control` rides along for Anthropic-served targets (others ignore it). */
function cacheOptions(block: { cache_control?: unknown }): CanonicalProviderOptions | undefined {
  const cache = block.cache_control as { type: string; ttl?: string } | null | undefined;
  return cache === undefined || cache === null ? undefined : { anthropic: { cacheControl: cache } };
}

function filePart(source: AnthropicSource | undefined, fallback: string): UserPart | undefined {
  if (source === undefined) return undefined;
  if (source.type === 'base64' && source.data !== undefined) {
    return {
      type: 'file',
      mediaType: source.media_type ?? fallback,
      data: { type: 'data', data: source.data },
    };
  }
  if (source.type === 'url' && source.url !== undefined)
    return { type: 'file', ...fileDataFromUrl(source.url, fallback) };
  if (source.type === 'text' && source.data !== undefined) {
    return {
      type: 'file',
      mediaType: source.media_type ?? 'text/plain',
      data: { type: 'text', text: source.data },
    };
  }
  return undefined;
}

function toolResultOutput(block: AnthropicBlock): CanonicalToolResultOutput {
  const content = block.content as string | AnthropicBlock[] | undefined;
  const isError = block.is_error === true;
  if (content === undefined || typeof content === 'string') {
    return { type: isError ? 'error-text' : 'text', value: content ?? '' };
  }
  const parts: Extract<CanonicalToolResultOutput, { type: 'content' }>['value'] = [];
  for (const item of content) {
    if (item.type === 'text') parts.push({ type: 'text', text: String(item.text ?? '') });
    else if (item.type === 'image') {
      const file = filePart(item.source as AnthropicSource | undefined, 'image/*');
      if (file?.type === 'file') parts.push({ type: 'file', data: file.data, mediaType: file.mediaType });
    }
  }
  if (isError)
    return {
      type: 'error-text',
      value: parts.map((part) => (part.type === 'text' ? part.text : '')).join(''),
    };
  return { type: 'content', value: parts };
}

/** One Anthropic message → canonical messages (a user turn with tool results becomes tool + user). */
function convertMessage(
  role: 'user' | 'assistant' | 'system',
  content: string | AnthropicBlock[],
  toolNames: Map<string, string>,
  warnings: CanonicalWarning[],
): CanonicalMessage[] {
  const blocks: AnthropicBlock[] = typeof content === 'string' ? [{ type: 'text', text: content }] : content;
  if (role === 'system') {
    return blocks
      .filter((block) => block.type === 'text')
      .map((block) => ({
        role: 'system' as const,
        content: String(block.text ?? ''),
        providerOptions: cacheOptions(block),
      }));
  }
  if (role === 'assistant') {
    const parts: AssistantPart[] = [];
    for (const block of blocks) {
      if (block.type === 'text')
        parts.push({ type: 'text', text: String(block.text ?? ''), providerOptions: cacheOptions(block) });
      else if (block.type === 'thinking') {
        parts.push({
          type: 'reasoning',
          text: String(block.thinking ?? ''),
          providerOptions: { anthropic: { signature: String(block.signature ?? '') } },
        });
      } else if (block.type === 'redacted_thinking') {
        parts.push({
          type: 'reasoning',
          text: '',
          providerOptions: { anthropic: { redactedData: String(block.data ?? '') } },
        });
      } else if (block.type === 'tool_use') {
        const id = String(block.id ?? '');
        toolNames.set(id, String(block.name ?? ''));
        parts.push({
          type: 'tool-call',
          toolCallId: id,
          toolName: String(block.name ?? ''),
          input: block.input ?? {},
          providerOptions: cacheOptions(block),
        });
      } else {
        warnings.push({ type: 'unsupported', feature: `assistant content block ${block.type}` });
      }
    }
    return [{ role: 'assistant', content: parts }];
  }
  const results: ToolPart[] = [];
  const parts: UserPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      const id = String(block.tool_use_id ?? '');
      results.push({
        type: 'tool-result',
        toolCallId: id,
        toolName: toolNames.get(id) ?? 'unknown',
        output: toolResultOutput(block),
        providerOptions: cacheOptions(block),
      });
    } else if (block.type === 'text') {
      parts.push({ type: 'text', text: String(block.text ?? ''), providerOptions: cacheOptions(block) });
    } else if (block.type === 'image' || block.type === 'document') {
      const file = filePart(
        block.source as AnthropicSource | undefined,
        block.type === 'image' ? 'image/*' : 'application/pdf',
      );
      if (file === undefined) warnings.push({ type: 'unsupported', feature: `${block.type} source` });
      else parts.push({ ...file, providerOptions: cacheOptions(block) } as UserPart);
    } else {
      warnings.push({ type: 'unsupported', feature: `user content block ${block.type}` });
    }
  }
  const out: CanonicalMessage[] = [];
  if (results.length > 0) out.push({ role: 'tool', content: results });
  if (parts.length > 0) out.push({ role: 'user', content: parts });
  return out;
}

function tools(
  request: AnthropicMessagesRequest,
  warnings: CanonicalWarning[],
): CanonicalFunctionTool[] | undefined {
  if (request.tools === undefined) return undefined;
  const out: CanonicalFunctionTool[] = [];
  for (const tool of request.tools) {
    if (tool.input_schema === undefined || (tool.type !== undefined && tool.type !== 'custom')) {
      warnings.push({ type: 'unsupported', feature: `server tool ${tool.type ?? tool.name}` });
      continue;
    }
    out.push({
      type: 'function',
      name: tool.name,
      description: tool.description,
      inputSchema: tool.input_schema as CanonicalFunctionTool['inputSchema'],
      providerOptions: cacheOptions(tool),
    });
  }
  return out;
}

function toolChoice(choice: AnthropicMessagesRequest['tool_choice']): CanonicalToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice.type === 'any') return { type: 'required' };
  if (choice.type === 'tool')
    return choice.name === undefined ? undefined : { type: 'tool', toolName: choice.name };
  return { type: choice.type };
}

/** An Anthropic thinking budget as the effort level other providers take. */
function effortOf(thinking: AnthropicMessagesRequest['thinking']): CanonicalCallOptions['reasoning'] {
  if (thinking === undefined) return undefined;
  if (thinking.type === 'disabled') return 'none';
  const budget = thinking.budget_tokens ?? 8192;
  return budget <= 2048 ? 'low' : budget <= 16_384 ? 'medium' : 'high';
}

/**
 * Anthropic Messages request → canonical call options, for any provider that does not speak
 * Anthropic natively. Thinking and `cache_control` travel as Anthropic provider options (used when
 * the target is Anthropic via an adapter) and thinking also as a reasoning effort for the rest.
 * @see https://docs.anthropic.com/en/api/messages
 */
export function anthropicToCanonical(request: AnthropicMessagesRequest): {
  options: CanonicalCallOptions;
  warnings: CanonicalWarning[];
} {
  const warnings: CanonicalWarning[] = [];
  const toolNames = new Map<string, string>();
  const prompt: CanonicalMessage[] = [];
  if (request.system !== undefined)
    prompt.push(...convertMessage('system', request.system, toolNames, warnings));
  for (const message of request.messages) {
    prompt.push(...convertMessage(message.role, message.content, toolNames, warnings));
  }
  const thinking = request.thinking;
  const anthropic: Record<string, unknown> = {};
  if (thinking !== undefined) {
    anthropic.thinking =
      thinking.type === 'enabled'
        ? { type: 'enabled', budgetTokens: thinking.budget_tokens }
        : { type: thinking.type };
  }
  if (request.tool_choice?.disable_parallel_tool_use === true) anthropic.disableParallelToolUse = true;
  if (typeof request.metadata?.user_id === 'string')
    anthropic.metadata = { userId: request.metadata.user_id };
  return {
    options: {
      prompt,
      maxOutputTokens: request.max_tokens,
      temperature: request.temperature,
      topP: request.top_p,
      topK: request.top_k,
      stopSequences: request.stop_sequences,
      tools: tools(request, warnings),
      toolChoice: toolChoice(request.tool_choice),
      reasoning: effortOf(thinking),
      providerOptions: providerOptionsOf(request, anthropic),
    },
    warnings,
  };
}

/**
 * The request's own Anthropic options, over the upstream options it gave in `providerOptions`
 * (Vercel's extension; the gateway's own `gateway` key is not for the upstream).
 */
function providerOptionsOf(
  request: AnthropicMessagesRequest,
  anthropic: Record<string, unknown>,
): CanonicalProviderOptions | undefined {
  const { gateway: _gateway, ...upstream } = request.providerOptions ?? {};
  const options = upstream as CanonicalProviderOptions;
  if (Object.keys(anthropic).length > 0) {
    options.anthropic = { ...options.anthropic, ...(anthropic as CanonicalProviderOptions[string]) };
  }
  return Object.keys(options).length === 0 ? undefined : options;
}
