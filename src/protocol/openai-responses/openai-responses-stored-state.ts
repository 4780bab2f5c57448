import { GatewayError } from '../../core/gateway-error.ts';
import type { PlannedAttempt } from '../../routing/route-plan.ts';
import type { OpenAIResponsesRequest } from './openai-responses-request-schema.ts';

/** A request field that names state kept by the upstream, and what that state is. */
interface StoredState {
  field: 'previous_response_id' | 'conversation' | 'prompt' | 'item_reference';
  what: string;
}

/**
 * The first field of a request that refers to state an OpenAI-format upstream keeps — a stored
 * response, a conversation, a stored prompt, an item of an earlier response — or `undefined`.
 * The gateway keeps no such state, so only that upstream can serve the call.
 */
export function storedStateOf(request: OpenAIResponsesRequest): StoredState | undefined {
  if (typeof request.previous_response_id === 'string') {
    return { field: 'previous_response_id', what: 'stored responses' };
  }
  if (request.conversation !== undefined && request.conversation !== null) {
    return { field: 'conversation', what: 'stored conversations' };
  }
  const prompt = (request as Record<string, unknown>).prompt;
  if (prompt !== undefined && prompt !== null) return { field: 'prompt', what: 'stored prompts' };
  if (Array.isArray(request.input) && request.input.some((item) => item.type === 'item_reference')) {
    return { field: 'item_reference', what: 'stored response items' };
  }
  return undefined;
}

/**
 * The attempts of a plan whose provider speaks the Responses API natively (OpenAI, Azure, the
 * simulator); a 400 naming the providers when there is none.
 */
export function nativeResponsesAttempts(
  plan: readonly PlannedAttempt[],
  state: StoredState,
): PlannedAttempt[] {
  const native = plan.filter((attempt) => attempt.target.provider.nativeEndpoints.has('openai-responses'));
  if (native.length > 0) return native;
  const providers = [...new Set(plan.map((attempt) => attempt.target.provider.name))].join(', ');
  throw new GatewayError(
    'invalid_request',
    `${state.what} (${state.field}) need an OpenAI-format upstream (OpenAI or Azure); this model is served by ${providers}.`,
    { param: state.field === 'item_reference' ? 'input' : state.field },
  );
}
