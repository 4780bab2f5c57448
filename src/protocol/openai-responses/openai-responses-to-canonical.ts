import type {
  CanonicalCallOptions,
  CanonicalFunctionTool,
  CanonicalMessage,
  CanonicalProviderOptions,
  CanonicalToolChoice,
  CanonicalWarning,
} from '../../core/canonical.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { responsesInputToPrompt } from './openai-responses-input-to-canonical.ts';
import type { OpenAIResponsesRequest } from './openai-responses-request-schema.ts';

interface LooseTool {
  type: string;
  name?: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} } as CanonicalFunctionTool['inputSchema'];

function tools(
  request: OpenAIResponsesRequest,
  warnings: CanonicalWarning[],
): CanonicalFunctionTool[] | undefined {
  if (request.tools === undefined) return undefined;
  const out: CanonicalFunctionTool[] = [];
  for (const tool of request.tools as LooseTool[]) {
    if (tool.type !== 'function' || tool.name === undefined) {
      // Hosted tools (web_search, file_search, code_interpreter, …) run inside OpenAI.
      warnings.push({ type: 'unsupported', feature: `tool type ${tool.type}` });
      continue;
    }
    out.push({
      type: 'function',
      name: tool.name,
      description: tool.description ?? undefined,
      inputSchema: (tool.parameters ?? EMPTY_OBJECT_SCHEMA) as CanonicalFunctionTool['inputSchema'],
      strict: tool.strict ?? undefined,
    });
  }
  return out;
}

function toolChoice(
  choice: OpenAIResponsesRequest['tool_choice'],
  warnings: CanonicalWarning[],
): CanonicalToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  const named = choice as { type: string; name?: string; mode?: 'auto' | 'required' };
  if (named.type === 'function' && named.name !== undefined) return { type: 'tool', toolName: named.name };
  if (named.type === 'allowed_tools' && named.mode !== undefined) {
    // The subset cannot be expressed canonically: every tool stays allowed, the mode holds.
    warnings.push({ type: 'unsupported', feature: 'tool_choice.allowed_tools (all tools allowed)' });
    return { type: named.mode };
  }
  warnings.push({ type: 'unsupported', feature: `tool_choice ${named.type}` });
  return undefined;
}

function responseFormat(request: OpenAIResponsesRequest): CanonicalCallOptions['responseFormat'] {
  const format = request.text?.format as
    | { type: string; name?: string; schema?: Record<string, unknown>; description?: string }
    | undefined;
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json' };
  return {
    type: 'json',
    name: format.name,
    description: format.description,
    schema: format.schema as never,
  };
}

const REASONING_EFFORTS = new Set(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);

/** Request fields the canonical call cannot carry (set to something other than their default). */
const UNSUPPORTED: readonly [field: string, isDefault: (value: unknown) => boolean][] = [
  ['top_logprobs', (value) => value === 0],
  ['max_tool_calls', () => false],
  ['background', (value) => value === false],
  ['truncation', (value) => value === 'disabled'],
];

/**
 * The upstream provider options: the request's own `providerOptions` other than the gateway's
 * (the Vercel AI Gateway extension), and `parallel_tool_calls: false` in the option names of the
 * providers that can honour it.
 */
function providerOptions(request: OpenAIResponsesRequest): CanonicalProviderOptions | undefined {
  const { gateway: _gateway, ...upstream } = request.providerOptions ?? {};
  const options = upstream as CanonicalProviderOptions;
  if (request.parallel_tool_calls === false) {
    options.anthropic = { ...options.anthropic, disableParallelToolUse: true };
    options.openai = { ...options.openai, parallelToolCalls: false };
  }
  return Object.keys(options).length === 0 ? undefined : options;
}

/**
 * OpenAI Responses request → canonical call options, for any provider that does not speak the
 * Responses API: `instructions` become the first system message, `input` the prompt
 * (`openai-responses-input-to-canonical.ts`), `text.format` the response format and
 * `reasoning.effort` the reasoning effort. `store` and `metadata` have no meaning here and are
 * ignored; what cannot be carried becomes a warning, not a failure.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
export function openAIResponsesToCanonical(request: OpenAIResponsesRequest): {
  options: CanonicalCallOptions;
  warnings: CanonicalWarning[];
} {
  const warnings: CanonicalWarning[] = [];
  const raw = request as Record<string, unknown>;
  for (const [field, isDefault] of UNSUPPORTED) {
    const value = raw[field];
    if (value !== undefined && value !== null && !isDefault(value))
      warnings.push({ type: 'unsupported', feature: field });
  }
  const verbosity = request.text?.verbosity;
  if (typeof verbosity === 'string' && verbosity !== 'medium')
    warnings.push({ type: 'unsupported', feature: 'text.verbosity' });
  const prompt: CanonicalMessage[] = [];
  if (typeof request.instructions === 'string' && request.instructions !== '') {
    prompt.push({ role: 'system', content: request.instructions });
  }
  prompt.push(...responsesInputToPrompt(request.input, warnings));
  if (!prompt.some((message) => message.role !== 'system')) {
    throw new GatewayError('invalid_request', 'input: the request has no input to answer.', {
      param: 'input',
    });
  }
  const effort = request.reasoning?.effort;
  const options: CanonicalCallOptions = {
    prompt,
    maxOutputTokens: request.max_output_tokens ?? undefined,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    tools: tools(request, warnings),
    toolChoice: toolChoice(request.tool_choice, warnings),
    responseFormat: responseFormat(request),
    reasoning:
      typeof effort === 'string' && REASONING_EFFORTS.has(effort)
        ? (effort as CanonicalCallOptions['reasoning'])
        : undefined,
    providerOptions: providerOptions(request),
  };
  return { options, warnings };
}
