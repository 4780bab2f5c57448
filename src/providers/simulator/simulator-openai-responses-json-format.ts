import type { SimulatorCompletion } from './simulator-completion.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';
import { isJsonObject as isObject, type JsonObject, objectList } from './simulator-request-fields.ts';

/** Identity of one Responses reply: its ids (sharing a random prefix, as OpenAI's do) and echo. */
export interface OpenAiResponsesReplyIdentity {
  /** `resp_…` */
  id: string;
  /** `msg_…`, `fc_…`, `rs_…`: the ids of the output items. */
  messageId: string;
  functionCallId: string;
  reasoningId: string;
  /** `call_…`: what the client answers a function call with. */
  callId: string;
  /** Unix seconds. */
  createdAt: number;
  /** The model as the request named it. */
  model: string;
  /** Served on an Azure OpenAI path (adds Azure's `content_filters`). */
  azure: boolean;
  /** `include: ["reasoning.encrypted_content"]`: reasoning items carry it. */
  encryptedReasoning: boolean;
  /** The request body, for the fields the response echoes. */
  body: JsonObject;
}

/** What changes between the snapshots of a response (created, completed, failed, …). */
export interface OpenAiResponsesSnapshot {
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: readonly unknown[];
  usage: OpenAiResponsesUsage | null;
  error?: { code: string; message: string } | null;
  /** `auto` while streaming, `default` once served (as recorded). */
  serviceTier?: 'auto' | 'default';
  /** Non-stream bodies say who pays (`billing`); stream events do not. */
  billing?: boolean;
}

/** The Responses `usage` object, in the API's key order. */
export interface OpenAiResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The usage of a completion: the thinking counts as output, as reasoning tokens. */
export function openAiResponsesUsage(completion: SimulatorCompletion): OpenAiResponsesUsage {
  const reasoning = completion.reasoning.length;
  const output = completion.completionTokens + reasoning;
  return {
    input_tokens: completion.promptTokens,
    input_tokens_details: { cached_tokens: completion.cachedPromptTokens },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: completion.promptTokens + output,
  };
}

/** The function tools as the API echoes them: every field present, `strict` defaulting to true. */
function echoTools(tools: unknown): unknown[] {
  return objectList(tools).map((tool) =>
    tool.type === 'function'
      ? {
          type: 'function',
          description: tool.description ?? null,
          name: tool.name,
          parameters: tool.parameters ?? null,
          strict: tool.strict ?? true,
        }
      : tool,
  );
}

/**
 * The response object at one moment, with the request's settings echoed, in the API's key order
 * (`openai/responses/fantasy`, 2026). See https://platform.openai.com/docs/api-reference/responses/object.
 */
export function openAiResponseObject(
  identity: OpenAiResponsesReplyIdentity,
  snapshot: OpenAiResponsesSnapshot,
): Record<string, unknown> {
  const body = identity.body;
  const reasoning = isObject(body.reasoning) ? body.reasoning : {};
  const text = isObject(body.text) ? body.text : {};
  const done = snapshot.status !== 'in_progress';
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: snapshot.status,
    background: false,
    ...(snapshot.billing === true ? { billing: { payer: 'developer' } } : undefined),
    completed_at: done && snapshot.status !== 'failed' ? Math.floor(Date.now() / 1000) : null,
    ...(identity.azure ? { content_filters: null } : undefined),
    error: snapshot.error ?? null,
    frequency_penalty: 0,
    incomplete_details: snapshot.status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    model: identity.model,
    moderation: null,
    output: snapshot.output,
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    presence_penalty: 0,
    previous_response_id: body.previous_response_id ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    prompt_cache_retention: 'in_memory',
    reasoning: { context: null, effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: body.safety_identifier ?? null,
    service_tier: snapshot.serviceTier ?? 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: text.format ?? { type: 'text' }, verbosity: text.verbosity ?? 'medium' },
    tool_choice: body.tool_choice ?? 'auto',
    tools: echoTools(body.tools),
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: snapshot.usage,
    user: body.user ?? null,
    metadata: body.metadata ?? {},
  };
}

/** The reasoning item: the simulated thinking as its summary (none yet while it streams). */
export function reasoningOutputItem(
  identity: OpenAiResponsesReplyIdentity,
  summary: string | undefined,
): Record<string, unknown> {
  return {
    id: identity.reasoningId,
    type: 'reasoning',
    content: [],
    ...(identity.encryptedReasoning ? { encrypted_content: SIMULATOR_THINKING_SIGNATURE } : undefined),
    summary: summary === undefined ? [] : [{ type: 'summary_text', text: summary }],
  };
}

/** The answer's own item: an assistant message, or a function call. */
export function answerOutputItem(
  identity: OpenAiResponsesReplyIdentity,
  completion: SimulatorCompletion,
  status: 'in_progress' | 'completed' | 'incomplete',
  done: boolean,
): Record<string, unknown> {
  if (completion.kind === 'tool_call') {
    return {
      id: identity.functionCallId,
      type: 'function_call',
      status,
      arguments: done ? completion.arguments : '',
      call_id: identity.callId,
      name: completion.toolName,
    };
  }
  const content = done ? [outputTextPart(completion.tokens.join(''))] : [];
  return { id: identity.messageId, type: 'message', status, content, role: 'assistant' };
}

export function outputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/** How a completion ends: `incomplete` when it hit `max_output_tokens`. */
export function completionStatus(completion: SimulatorCompletion): 'completed' | 'incomplete' {
  return completion.finishReason === 'length' ? 'incomplete' : 'completed';
}

/** Every output item of a finished reply. */
export function finishedOutput(
  identity: OpenAiResponsesReplyIdentity,
  completion: SimulatorCompletion,
): unknown[] {
  const answer = answerOutputItem(identity, completion, completionStatus(completion), true);
  if (completion.reasoning.length === 0) return [answer];
  return [reasoningOutputItem(identity, completion.reasoning.join('')), answer];
}

/**
 * The body of a non-stream reply, pretty-printed with two spaces as the API sends it
 * (`openai/responses/fantasy/*__simple.yaml`).
 */
export function formatOpenAiResponse(
  identity: OpenAiResponsesReplyIdentity,
  completion: SimulatorCompletion,
): string {
  const status = completionStatus(completion);
  const usage = openAiResponsesUsage(completion);
  return JSON.stringify(
    openAiResponseObject(identity, {
      status,
      output: finishedOutput(identity, completion),
      usage,
      billing: true,
    }),
    null,
    2,
  );
}
