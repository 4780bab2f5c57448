import {
  applySimulatorHeaders,
  type SimulatorHeaders,
  simulatorStreamErrorStatus,
} from './simulator-behaviour.ts';
import {
  COHERE_ERROR_REPLIES,
  cohereErrorReply,
  cohereModelNotFoundReply,
} from './simulator-cohere-errors.ts';
import { cohereStreamError, cohereStreamScript, formatCohereChat } from './simulator-cohere-format.ts';
import { parseCohereChatRequest } from './simulator-cohere-request.ts';
import { generateSimulatorCompletion } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorJsonReply,
  planSimulatorRefusal,
  planSimulatorStreamReply,
  simulatedFailureMessage,
} from './simulator-format-replies.ts';
import { simulatorCohereToolCallId, simulatorUuid } from './simulator-ids.ts';
import { simulatorModelKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

// An event cut off mid-JSON followed by bytes that are not UTF-8, as a broken proxy would send.
const GARBAGE = Buffer.concat([
  Buffer.from('event: content-delta\ndata: {"type":"content-delta","ind'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a]),
]);
const NO_GARBAGE = Buffer.alloc(0);

/** Plans the reply to Cohere's `POST /v2/chat`. See https://docs.cohere.com/reference/chat. */
export function planCohereChatReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
): SimulatorReplyPlan {
  const parsed = parseCohereChatRequest(body);
  if (!parsed.ok) return cohereErrorReply(400, parsed.message);
  const { prompt, stream } = parsed.request;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) return cohereModelNotFoundReply(prompt.model);
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const refusal = planSimulatorRefusal(behaviour, stream, prompt, COHERE_ERROR_REPLIES);
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const identity = {
    id: simulatorUuid(),
    toolCallId: completion.kind === 'tool_call' ? simulatorCohereToolCallId(completion.toolName) : '',
  };
  if (stream) {
    const garbage = behaviour.fault === 'malformed' ? GARBAGE : NO_GARBAGE;
    const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
    const failure =
      errorStatus === undefined ? undefined : cohereStreamError(simulatedFailureMessage(errorStatus));
    const script = cohereStreamScript(identity, completion, garbage, failure);
    return planSimulatorStreamReply(script, { 'content-type': 'text/event-stream' }, behaviour);
  }
  const bytes =
    behaviour.fault === 'malformed'
      ? GARBAGE.subarray(GARBAGE.indexOf('{'))
      : Buffer.from(formatCohereChat(identity, completion));
  const tokens = completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  return planSimulatorJsonReply(
    bytes,
    'application/json',
    {},
    behaviour,
    completion.reasoning.length + tokens,
  );
}
