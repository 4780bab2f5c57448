import {
  applySimulatorHeaders,
  type SimulatorBehaviour,
  type SimulatorHeaders,
} from './simulator-behaviour.ts';
import { generateSimulatorCompletion, type SimulatorCompletion } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import { simulatorCompletionId, simulatorToolCallId } from './simulator-ids.ts';
import { simulatorModelKind } from './simulator-models.ts';
import {
  formatOpenAiChatCompletion,
  type OpenAiChatReplyIdentity,
} from './simulator-openai-chat-json-format.ts';
import { parseOpenAiChatRequest } from './simulator-openai-chat-request.ts';
import { OPENAI_CHAT_STREAM_DONE, OpenAiChatChunkEncoder } from './simulator-openai-chat-stream-format.ts';
import { openAiChatUsage } from './simulator-openai-chat-usage.ts';
import {
  openAiErrorReply,
  openAiModelNotFoundReply,
  openAiSimulatedErrorReply,
} from './simulator-openai-errors.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { planSimulatorStream, simulatorGenerationMs } from './simulator-stream-timeline.ts';

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
  const opening = isText ? encoder.role() : encoder.toolCallStart(identity.toolCallId, completion.toolName);
  const pieces = isText ? completion.tokens : completion.argumentFragments;
  const tokens = pieces.map(
    isText ? (piece) => encoder.content(piece) : (piece) => encoder.toolCallArguments(piece),
  );
  let closing = encoder.finish(completion.finishReason);
  if (includeUsage) closing += encoder.usage(openAiChatUsage(completion));
  closing += OPENAI_CHAT_STREAM_DONE;
  const broken = behaviour.fault === 'malformed' ? garbage(identity.id) : NO_GARBAGE;
  const steps = planSimulatorStream({ opening, tokens, closing, garbage: broken }, behaviour);
  const headers = {
    'content-type': 'text/event-stream; charset=utf-8',
    'x-request-id': `req_${identity.id.slice(9)}`,
  };
  return { kind: 'respond', status: 200, headers, delayMs: 0, steps };
}

function planJson(
  identity: OpenAiChatReplyIdentity,
  completion: SimulatorCompletion,
  behaviour: SimulatorBehaviour,
): SimulatorReplyPlan {
  const tokenCount =
    completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  const delayMs = simulatorGenerationMs(behaviour, tokenCount);
  const bytes =
    behaviour.fault === 'malformed'
      ? garbage(identity.id).subarray('data: '.length)
      : Buffer.from(formatOpenAiChatCompletion(identity, completion));
  const headers = {
    'content-type': 'application/json',
    'content-length': String(bytes.length),
    'x-request-id': `req_${identity.id.slice(9)}`,
  };
  if (behaviour.fault !== 'cut') {
    return { kind: 'respond', status: 200, headers, delayMs, steps: [{ type: 'write', delayMs: 0, bytes }] };
  }
  // The announced length stays the full one: the client sees a body that stops half way.
  const half = bytes.subarray(0, bytes.length >> 1);
  const steps = [
    { type: 'write', delayMs: 0, bytes: half },
    { type: 'drop', delayMs: 0 },
  ] as const;
  return { kind: 'respond', status: 200, headers, delayMs, steps };
}

/**
 * Plans the reply to `POST /v1/chat/completions`: validation and unknown models as OpenAI answers
 * them, then the behaviour (model settings, `x-simulator-*` headers) decides faults and timing.
 */
export function planOpenAiChatReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
): SimulatorReplyPlan {
  const parsed = parseOpenAiChatRequest(body);
  if (!parsed.ok) return openAiErrorReply(400, { ...parsed.problem, type: 'invalid_request_error' });
  const { prompt, stream, includeUsage } = parsed.request;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) return openAiModelNotFoundReply(prompt.model);
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const fault = behaviour.fault;
  if (typeof fault === 'number') return openAiSimulatedErrorReply(fault, behaviour.retryAfterSeconds);
  if (fault === 'hang') return { kind: 'hang' };
  if (fault === 'reset' && !stream) return { kind: 'reset', delayMs: behaviour.ttftMs };
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const identity: OpenAiChatReplyIdentity = {
    id: simulatorCompletionId(),
    created: Math.floor(Date.now() / 1000),
    model: prompt.model,
    systemFingerprint: config.systemFingerprint,
    toolCallId: completion.kind === 'tool_call' ? simulatorToolCallId() : '',
  };
  return stream
    ? planStream(identity, completion, includeUsage, behaviour)
    : planJson(identity, completion, behaviour);
}
