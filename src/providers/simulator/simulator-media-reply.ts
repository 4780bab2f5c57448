import { applySimulatorHeaders, type SimulatorHeaders } from './simulator-behaviour.ts';
import { type SimulatorConfig, simulatorModelBehaviour } from './simulator-config.ts';
import {
  planSimulatorJsonReply,
  planSimulatorRefusal,
  type SimulatorErrorReplies,
} from './simulator-format-replies.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

/** What an embeddings or image call renders once no fault stands in its way. */
export interface SimulatorMediaAnswer {
  /** The JSON body, built only when the answer goes ahead. */
  body(): string;
  contentType: string;
  headers?: Readonly<Record<string, string>>;
}

/** What one media call brings to the shared fault handling. */
export interface SimulatorMediaCall {
  /** The model as the request or path named it (its behaviour is looked up by it). */
  model: string;
  /** Characters of the input, for the context-window check. */
  promptCharacters: number;
  /** The API's errors for staged faults. */
  errors: SimulatorErrorReplies;
  /** The API's bytes for a `malformed` fault: a body cut off mid-JSON. */
  malformed: Buffer;
}

/**
 * The reply to an embeddings or image request: the model's behaviour (config, then
 * `x-simulator-*` headers) may stage a fault or a context-length refusal first, exactly as for
 * chat; otherwise the answer is sent whole once "generated" (after `ttftMs`), and the `cut` fault
 * sends half of it. These calls never stream, so in-stream faults become the plain HTTP error.
 */
export function planSimulatorMediaReply(
  call: SimulatorMediaCall,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  answer: SimulatorMediaAnswer,
): SimulatorReplyPlan {
  const behaviour = applySimulatorHeaders(simulatorModelBehaviour(config, call.model), headers);
  const refusal = planSimulatorRefusal(
    behaviour,
    false,
    { promptCharacters: call.promptCharacters },
    call.errors,
  );
  if (refusal !== undefined) return refusal;
  const bytes = behaviour.fault === 'malformed' ? call.malformed : Buffer.from(answer.body());
  return planSimulatorJsonReply(bytes, answer.contentType, answer.headers ?? {}, behaviour, 1);
}

/** The characters of several inputs, for `SimulatorMediaCall.promptCharacters`. */
export function totalCharacters(texts: readonly string[]): number {
  let characters = 0;
  for (const text of texts) characters += text.length;
  return characters;
}
