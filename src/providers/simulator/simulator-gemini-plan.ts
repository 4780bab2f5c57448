import {
  applySimulatorHeaders,
  type SimulatorHeaders,
  simulatorStreamErrorStatus,
} from './simulator-behaviour.ts';
import { generateSimulatorCompletion } from './simulator-completion.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorJsonReply,
  planSimulatorRefusal,
  planSimulatorStreamReply,
  simulatedFailureMessage,
} from './simulator-format-replies.ts';
import {
  GOOGLE_ERROR_REPLIES,
  geminiModelNotFoundReply,
  googleError,
  googleErrorReply,
} from './simulator-gemini-errors.ts';
import { formatGeminiResponse, type GeminiReplyIdentity } from './simulator-gemini-format.ts';
import { planGeminiImageContentReply } from './simulator-gemini-image-plan.ts';
import { parseGeminiRequest } from './simulator-gemini-request.ts';
import {
  type GeminiStreamFraming,
  geminiParts,
  geminiStreamEvent,
  geminiStreamScript,
} from './simulator-gemini-stream-format.ts';
import { simulatorGeminiResponseId } from './simulator-ids.ts';
import { simulatorMediaKind, simulatorModelKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

/** Which model call a Gemini or Vertex AI path asks for. */
export interface GeminiCall {
  /** The model as the path names it (`gemini-2.5-flash`, `echo`). */
  model: string;
  /** `streamGenerateContent` rather than `generateContent`. */
  stream: boolean;
  /** `alt=sse` in the query: SSE framing; without it a stream is one JSON array. */
  sse: boolean;
  /** The `projects/…/models/…` resource on Vertex AI, `undefined` on the Gemini API. */
  vertexResource: string | undefined;
}

// A chunk cut off mid-JSON followed by bytes that are not UTF-8, as a broken proxy would send.
const GARBAGE = Buffer.concat([
  Buffer.from('data: {"candidates": [{"content": {"par'),
  Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a]),
]);
const NO_GARBAGE = Buffer.alloc(0);

function failureEvent(status: number, framing: GeminiStreamFraming, first: boolean): string {
  return geminiStreamEvent(googleError(status, simulatedFailureMessage(status)), framing, first);
}

/**
 * Plans the reply to `POST …/models/{model}:generateContent` and `:streamGenerateContent` on the
 * Gemini API and on Vertex AI (same body, Vertex flavour of the reply). See
 * https://ai.google.dev/api/generate-content.
 */
export function planGeminiReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  call: GeminiCall,
): SimulatorReplyPlan {
  const parsed = parseGeminiRequest(body, call.model);
  if (!parsed.ok) return googleErrorReply(400, parsed.message);
  const prompt = parsed.prompt;
  const kind = simulatorModelKind(prompt.model);
  if (kind === undefined) {
    // Gemini image models (`gemini-2.5-flash-image`) answer `generateContent` with an image.
    if (simulatorMediaKind(prompt.model) === 'image' && !call.stream) {
      return planGeminiImageContentReply(prompt, headers, config, call.vertexResource);
    }
    return geminiModelNotFoundReply(prompt.model, call.vertexResource);
  }
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, prompt.model), headers);
  const refusal = planSimulatorRefusal(behaviour, call.stream, prompt, GOOGLE_ERROR_REPLIES);
  if (refusal !== undefined) return refusal;
  const completion = generateSimulatorCompletion(prompt, kind, behaviour);
  const vertex = call.vertexResource !== undefined;
  const identity: GeminiReplyIdentity = {
    model: prompt.model,
    responseId: simulatorGeminiResponseId(),
    vertex,
    createTime: vertex ? new Date().toISOString().replace('Z', '000Z') : '',
  };
  if (call.stream) {
    const framing: GeminiStreamFraming = call.sse ? 'sse' : 'json-array';
    const garbage = behaviour.fault === 'malformed' ? GARBAGE : NO_GARBAGE;
    const errorStatus = simulatorStreamErrorStatus(behaviour.fault);
    const failure =
      errorStatus === undefined
        ? undefined
        : failureEvent(errorStatus, framing, behaviour.faultAfterTokens === 0);
    const script = geminiStreamScript(identity, completion, framing, garbage, failure);
    const contentType = call.sse ? 'text/event-stream' : 'application/json; charset=UTF-8';
    return planSimulatorStreamReply(script, { 'content-type': contentType }, behaviour);
  }
  const bytes =
    behaviour.fault === 'malformed'
      ? GARBAGE.subarray('data: '.length)
      : Buffer.from(formatGeminiResponse(identity, completion, geminiParts(completion)));
  const tokens = completion.kind === 'text' ? completion.tokens.length : 1;
  return planSimulatorJsonReply(
    bytes,
    'application/json; charset=UTF-8',
    {},
    behaviour,
    completion.reasoning.length + tokens,
  );
}
