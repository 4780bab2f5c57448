import {
  applySimulatorHeaders,
  type SimulatorBehaviour,
  type SimulatorHeaders,
  simulatorStreamErrorStatus,
} from './simulator-behaviour.ts';
import { generateSimulatorCompletion, type SimulatorCompletion } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorJsonReply,
  planSimulatorRefusal,
  planSimulatorStreamReply,
} from './simulator-format-replies.ts';
import { simulatorCompletionId, simulatorToolCallId } from './simulator-ids.ts';
import { simulatorModelKind } from './simulator-models.ts';
import {
  formatOpenAiChatCompletion,
  type OpenAiChatReplyIdentity,
} from './simulator-openai-chat-json-format.ts';
import { parseOpenAiChatRequest } from './simulator-openai-chat-request.ts';
import {
  AZURE_PROMPT_FILTER_CHUNK,
  OPENAI_CHAT_STREAM_DONE,
  OpenAiChatChunkEncoder,
  openAiChatStreamError,
} from './simulator-openai-chat-stream-format.ts';
import { openAiChatUsage } from './simulator-openai-chat-usage.ts';
import {
  AZURE_ERROR_REPLIES,
  azureDeploymentNotFoundReply,
  OPENAI_ERROR_REPLIES,
  openAiErrorReply,
  openAiModelNotFoundReply,
  openAiSimulatedErrorFields,
} from './simulator-openai-errors.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

// A chunk that stops mid-JSON and continues with bytes that are not UTF-8: what a broken proxy or
// a truncated buffer looks like to the gateway's SSE parser.
const GARBAGE_TAIL = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a]);

const NO_GARBAGE = Buffer.alloc(0);

function garbage(id: string): Buffer {
  return Buffer.concat([Buffer.from(`data: {"id":"${id}","object":"chat.comp`), GARBAGE_TAIL]);
}

function planStream(
  identity: OpenAiChatReplyIdentity,
  completion: SimulatorCompletion,
  includeUsage: boolean,
  behaviour: SimulatorBehaviour,
): SimulatorReplyPlan {
  const encoder = new OpenAiChatChunkEncoder(identity, includeUsage);
  const isText = completion.kind === 'text';
  let opening = isText ? encoder.role() : encoder.toolCallStart(identity.toolCallId, completion.toolName);
  if (identity.azure) opening = AZURE_PROMPT_FILTER_CHUNK + opening;
  const pieces = isText ? completion.tokens : completion.argumentFragments;
  const tokens = pieces.map(
    isText ? (piece) => encoder.content(piece) : (piece) => encoder.toolCallArguments(piece),
  );
  let closing = encoder.finish(completion.finishReason);
  if (includeUsage) closing += encoder.usage(openAiChatUsage(completion));
  closing += OPENAI_CHAT_STREAM_DONE;
  const broken = behaviour.fault === 'malformed' ? garbage(identity.id) : NO_GARBAGE;
  const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
  const failure =
    errorStatus === undefined
      ? undefined
      : openAiChatStreamError({ ...openAiSimulatedErrorFields(errorStatus) });
  const headers = {
    'content-type': 'text/event-stream; charset=utf-8',
    'x-request-id': `req_${identity.id.slice(9)}`,
  };
  return planSimulatorStreamReply({ opening, tokens, closing, garbage: broken, failure }, headers, behaviour);
}

function planJson(
  identity: OpenAiChatReplyIdentity,
  completion: SimulatorCompletion,
  behaviour: SimulatorBehaviour,
): SimulatorReplyPlan {
  const tokenCount =
    completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  const bytes =
    behaviour.fault === 'malformed'
      ? garbage(identity.id).subarray('data: '.length)
      : Buffer.from(formatOpenAiChatCompletion(identity, completion));
  const headers = { 'x-request-id': `req_${identity.id.slice(9)}` };
  return planSimulatorJsonReply(bytes, 'application/json', headers, behaviour, tokenCount);
}

/**
 * Plans the reply to `POST /v1/chat/completions` (and Azure OpenAI's paths: `deployment` is the
 * deployment the path names, `azure` adds Azure's content filter results): validation and unknown
 * models as OpenAI answers them, then the behaviour (model settings, `x-simulator-*` headers)
 * decides faults and timing.
 */
export function planOpenAiChatReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  azure = false,
  deployment?: string,
): SimulatorReplyPlan {
  const parsed = parseOpenAiChatRequest(body, deployment);
  if (!parsed.ok) return openAiErrorReply(400, { ...parsed.problem, type: 'invalid_request_error' });
  const { prompt, stream, includeUsage } = parsed.request;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) {
    return deployment === undefined ? openAiModelNotFoundReply(prompt.model) : azureDeploymentNotFoundReply();
  }
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const refusal = planSimulatorRefusal(
    behaviour,
    stream,
    prompt,
    azure ? AZURE_ERROR_REPLIES : OPENAI_ERROR_REPLIES,
  );
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const identity: OpenAiChatReplyIdentity = {
    id: simulatorCompletionId(),
    created: Math.floor(Date.now() / 1000),
    model: prompt.model,
    systemFingerprint: config.systemFingerprint,
    toolCallId: completion.kind === 'tool_call' ? simulatorToolCallId() : '',
    azure,
  };
  return stream
    ? planStream(identity, completion, includeUsage, behaviour)
    : planJson(identity, completion, behaviour);
}
