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
import { simulatorModelKind } from './simulator-models.ts';
import {
  AZURE_ERROR_REPLIES,
  OPENAI_ERROR_REPLIES,
  openAiErrorReply,
  openAiModelNotFoundReply,
  openAiSimulatedErrorFields,
} from './simulator-openai-errors.ts';
import {
  openAiPreviousResponseNotFoundReply,
  openAiResponsesStreamError,
} from './simulator-openai-responses-errors.ts';
import {
  formatOpenAiResponse,
  type OpenAiResponsesReplyIdentity,
} from './simulator-openai-responses-json-format.ts';
import { parseOpenAiResponsesRequest } from './simulator-openai-responses-request.ts';
import type { SimulatorResponseStore } from './simulator-openai-responses-store.ts';
import { OpenAiResponsesStreamWriter } from './simulator-openai-responses-stream-format.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

// An event cut off mid-JSON followed by bytes that are not UTF-8, as a broken proxy would send.
const GARBAGE = Buffer.concat([
  Buffer.from('event: response.output_text.delta\ndata: {"type":"response.output_text.del'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0a]),
]);
const NO_GARBAGE = Buffer.alloc(0);

function hex(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += ((Math.random() * 16) | 0).toString(16);
  return text;
}

/** Ids shaped like OpenAI's: 50 hex characters, the first 25 shared by a response and its items. */
function replyIdentity(
  model: string,
  azure: boolean,
  encryptedReasoning: boolean,
  body: Record<string, unknown>,
): OpenAiResponsesReplyIdentity {
  const shared = hex(25);
  return {
    id: `resp_${shared}${hex(25)}`,
    messageId: `msg_${shared}${hex(25)}`,
    functionCallId: `fc_${shared}${hex(25)}`,
    reasoningId: `rs_${shared}${hex(25)}`,
    callId: `call_${hex(24)}`,
    createdAt: Math.floor(Date.now() / 1000),
    model,
    azure,
    encryptedReasoning,
    body,
  };
}

function planStream(
  identity: OpenAiResponsesReplyIdentity,
  completion: SimulatorCompletion,
  behaviour: SimulatorBehaviour,
): SimulatorReplyPlan {
  const writer = new OpenAiResponsesStreamWriter(identity);
  writer.write(completion);
  const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
  const failure =
    errorStatus === undefined
      ? undefined
      : openAiResponsesStreamError(
          writer,
          openAiSimulatedErrorFields(errorStatus),
          writer.sequenceAfter(behaviour.faultAfterTokens),
        );
  const script = writer.builder.build(behaviour.fault === 'malformed' ? GARBAGE : NO_GARBAGE, failure);
  const headers = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': `req_${hex(32)}` };
  return planSimulatorStreamReply(script, headers, behaviour);
}

/**
 * Plans the reply to `POST /v1/responses` (and Azure OpenAI's `/openai/v1/responses`): validation,
 * unknown models and unknown `previous_response_id`s as OpenAI answers them, then the behaviour
 * (model settings, `x-simulator-*` headers) decides faults and timing. A stored reply (`store`
 * not false) is remembered, so a follow-up can continue it.
 * See https://platform.openai.com/docs/api-reference/responses/create.
 */
export function planOpenAiResponsesReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  store: SimulatorResponseStore,
  azure = false,
): SimulatorReplyPlan {
  const parsed = parseOpenAiResponsesRequest(body);
  if (!parsed.ok) return openAiErrorReply(400, parsed.problem);
  const request = parsed.request;
  const prompt = request.prompt;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) return openAiModelNotFoundReply(prompt.model);
  if (request.previousResponseId !== undefined) {
    const previous = store.get(request.previousResponseId);
    if (previous === undefined) return openAiPreviousResponseNotFoundReply(request.previousResponseId);
    prompt.promptCharacters += previous.characters;
    if (prompt.lastUserText === '') prompt.lastUserText = previous.lastUserText;
  }
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const refusal = planSimulatorRefusal(
    behaviour,
    request.stream,
    prompt,
    azure ? AZURE_ERROR_REPLIES : OPENAI_ERROR_REPLIES,
  );
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const identity = replyIdentity(prompt.model, azure, request.encryptedReasoning, request.body);
  if (request.store) {
    const answer = completion.kind === 'text' ? completion.tokens.join('') : completion.arguments;
    store.set(identity.id, {
      characters: prompt.promptCharacters + answer.length,
      lastUserText: prompt.lastUserText,
    });
  }
  if (request.stream) return planStream(identity, completion, behaviour);
  const bytes =
    behaviour.fault === 'malformed'
      ? GARBAGE.subarray(GARBAGE.indexOf('{'))
      : Buffer.from(formatOpenAiResponse(identity, completion));
  const tokens = completion.kind === 'text' ? completion.tokens.length : completion.argumentFragments.length;
  const replyHeaders = { 'x-request-id': `req_${hex(32)}` };
  return planSimulatorJsonReply(
    bytes,
    'application/json',
    replyHeaders,
    behaviour,
    completion.reasoning.length + tokens,
  );
}
