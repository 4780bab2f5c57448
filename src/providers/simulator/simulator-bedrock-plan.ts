import {
  BEDROCK_ERROR_REPLIES,
  bedrockErrorReply,
  bedrockInvalidModelReply,
  bedrockMissingTokenReply,
  bedrockSimulatedStreamException,
} from './simulator-bedrock-errors.ts';
import { bedrockEventHeaders, encodeEventStreamMessage } from './simulator-bedrock-eventstream.ts';
import { formatBedrockConverse } from './simulator-bedrock-json-format.ts';
import { parseBedrockConverseRequest } from './simulator-bedrock-request.ts';
import { bedrockStreamScript } from './simulator-bedrock-stream-format.ts';
import {
  applySimulatorHeaders,
  type SimulatorHeaders,
  simulatorHeader,
  simulatorStreamErrorStatus,
} from './simulator-behaviour.ts';
import { generateSimulatorCompletion } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorJsonReply,
  planSimulatorRefusal,
  planSimulatorStreamReply,
} from './simulator-format-replies.ts';
import { simulatorBedrockToolUseId, simulatorUuid } from './simulator-ids.ts';
import { simulatorModelKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { simulatorGenerationMs } from './simulator-stream-timeline.ts';

/** Which model call a `/model/{modelId}/converse[-stream]` path asks for. */
export interface BedrockCall {
  /** The model id, URL-decoded (`anthropic.claude-3-5-sonnet-20240620-v1:0`, `sim.echo`). */
  modelId: string;
  stream: boolean;
}

// A valid frame whose payload was damaged in transit: its message CRC no longer matches, which
// is what a broken proxy looks like to an event stream decoder.
function garbageFrame(): Buffer {
  const frame = encodeEventStreamMessage(
    bedrockEventHeaders('contentBlockDelta'),
    '{"contentBlockIndex":0,"delta":{"text":"garbled"}}',
  );
  const at = frame.length - 10;
  frame.writeUInt8(frame.readUInt8(at) ^ 0xff, at);
  return frame;
}
const NO_GARBAGE = Buffer.alloc(0);

/**
 * The simulated model of an id: its last segment after any `.` or `/` (`sim.echo`,
 * `us.anthropic.tools-v1:0`, `arn:…/lorem`) must start with a model kind.
 */
export function bedrockModelName(modelId: string): string {
  return modelId.slice(Math.max(modelId.lastIndexOf('.'), modelId.lastIndexOf('/')) + 1);
}

/**
 * Plans the reply to Bedrock's `Converse` and `ConverseStream`. Clients sign requests with SigV4:
 * the simulator requires the signature's `authorization` header but does not verify it. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html.
 */
export function planBedrockReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  call: BedrockCall,
): SimulatorReplyPlan {
  if (!simulatorHeader(headers, 'authorization')?.startsWith('AWS4-HMAC-SHA256'))
    return bedrockMissingTokenReply();
  const parsed = parseBedrockConverseRequest(body, call.modelId);
  if (!parsed.ok) return bedrockErrorReply(400, parsed.message);
  const name = bedrockModelName(call.modelId);
  const kind = simulatorModelKind(name);
  if (kind === undefined) return bedrockInvalidModelReply();
  const configured = simulatorModelBehaviour(config, config.models.has(call.modelId) ? call.modelId : name);
  const behaviour = applySimulatorHeaders(configured, headers);
  const refusal = planSimulatorRefusal(behaviour, call.stream, parsed.prompt, BEDROCK_ERROR_REPLIES);
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(parsed.prompt, kind, behaviour);
  const toolUseId = completion.kind === 'tool_call' ? simulatorBedrockToolUseId() : '';
  const tokens = completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  const latencyMs = Math.round(simulatorGenerationMs(behaviour, completion.reasoning.length + tokens));
  const requestId = { 'x-amzn-requestid': simulatorUuid() };
  if (call.stream) {
    const garbage = behaviour.fault === 'malformed' ? garbageFrame() : NO_GARBAGE;
    const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
    const failure = errorStatus === undefined ? undefined : bedrockSimulatedStreamException(errorStatus);
    const script = bedrockStreamScript(completion, toolUseId, latencyMs, garbage, failure);
    return planSimulatorStreamReply(
      script,
      { 'content-type': 'application/vnd.amazon.eventstream', ...requestId },
      behaviour,
    );
  }
  const bytes =
    behaviour.fault === 'malformed'
      ? Buffer.from('{"metrics":{"latencyMs":0},"output":{"mess')
      : Buffer.from(formatBedrockConverse(completion, toolUseId, latencyMs));
  return planSimulatorJsonReply(
    bytes,
    'application/json',
    requestId,
    behaviour,
    completion.reasoning.length + tokens,
  );
}
