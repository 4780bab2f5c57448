import {
  ANTHROPIC_ERROR_REPLIES,
  anthropicErrorReply,
  anthropicModelNotFoundReply,
  anthropicSimulatedStreamError,
} from './simulator-anthropic-errors.ts';
import { type AnthropicReplyIdentity, formatAnthropicMessage } from './simulator-anthropic-json-format.ts';
import { type AnthropicRequestSource, parseAnthropicMessagesRequest } from './simulator-anthropic-request.ts';
import { anthropicStreamScript } from './simulator-anthropic-stream-format.ts';
import {
  applySimulatorHeaders,
  type SimulatorHeaders,
  simulatorStreamErrorStatus,
} from './simulator-behaviour.ts';
import { generateSimulatorCompletion, simulatorPromptTokens } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorFault,
  planSimulatorJsonReply,
  planSimulatorRefusal,
  planSimulatorStreamReply,
} from './simulator-format-replies.ts';
import {
  simulatorAnthropicMessageId,
  simulatorAnthropicRequestId,
  simulatorAnthropicToolUseId,
} from './simulator-ids.ts';
import { simulatorModelKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

// An event cut off mid-JSON followed by bytes that are not UTF-8, as a broken proxy would send.
const GARBAGE = Buffer.concat([
  Buffer.from('event: content_block_delta\ndata: {"type":"content_block_delta","ind'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a]),
]);
const NO_GARBAGE = Buffer.alloc(0);

/**
 * Plans the reply to `POST /v1/messages` (and Claude on Vertex AI's `:rawPredict` /
 * `:streamRawPredict`, where `source` carries the model and stream flag of the path).
 * See https://docs.anthropic.com/en/api/messages.
 */
export function planAnthropicMessagesReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  source: AnthropicRequestSource = {},
): SimulatorReplyPlan {
  const parsed = parseAnthropicMessagesRequest(body, source);
  if (!parsed.ok) return anthropicErrorReply(400, parsed.message);
  const { prompt, stream } = parsed.request;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) return anthropicModelNotFoundReply(prompt.model);
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const refusal = planSimulatorRefusal(behaviour, stream, prompt, ANTHROPIC_ERROR_REPLIES);
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const identity: AnthropicReplyIdentity = {
    id: simulatorAnthropicMessageId(source.pathModel !== undefined),
    model: prompt.model,
    toolUseId: completion.kind === 'tool_call' ? simulatorAnthropicToolUseId() : '',
  };
  const requestId = simulatorAnthropicRequestId();
  if (stream) {
    const garbage = behaviour.fault === 'malformed' ? GARBAGE : NO_GARBAGE;
    const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
    const failure = errorStatus === undefined ? undefined : anthropicSimulatedStreamError(errorStatus);
    const script = anthropicStreamScript(identity, completion, garbage, failure);
    const streamHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'request-id': requestId };
    return planSimulatorStreamReply(script, streamHeaders, behaviour);
  }
  const bytes =
    behaviour.fault === 'malformed'
      ? GARBAGE.subarray(GARBAGE.indexOf('{'))
      : Buffer.from(formatAnthropicMessage(identity, completion));
  const tokens = completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  return planSimulatorJsonReply(
    bytes,
    'application/json',
    { 'request-id': requestId },
    behaviour,
    completion.reasoning.length + tokens,
  );
}

/**
 * Plans the reply to `POST /v1/messages/count_tokens`: `{"input_tokens": N}` with the estimate a
 * Messages call would report. See https://docs.anthropic.com/en/api/messages-count-tokens.
 */
export function planAnthropicCountTokensReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
): SimulatorReplyPlan {
  const parsed = parseAnthropicMessagesRequest(body, { countTokens: true });
  if (!parsed.ok) return anthropicErrorReply(400, parsed.message);
  const { prompt } = parsed.request;
  if (simulatorModelKind(prompt.model) === undefined) return anthropicModelNotFoundReply(prompt.model);
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  if (behaviour.fault !== undefined) {
    const staged = planSimulatorFault(behaviour, false, ANTHROPIC_ERROR_REPLIES);
    if (staged !== undefined) return staged;
  }
  // The count a Messages call would report as its input, a simulated cache read included.
  const inputTokens = simulatorPromptTokens(prompt, behaviour);
  const bytes =
    behaviour.fault === 'malformed'
      ? GARBAGE.subarray(GARBAGE.indexOf('{'))
      : Buffer.from(JSON.stringify({ input_tokens: inputTokens }));
  const replyHeaders = { 'request-id': simulatorAnthropicRequestId() };
  return planSimulatorJsonReply(bytes, 'application/json', replyHeaders, behaviour, 0);
}
