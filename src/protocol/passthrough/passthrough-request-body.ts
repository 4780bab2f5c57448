import { applyEdits, findTopLevelSpans, type JsonEdit } from '../json-body/json-top-level-spans.ts';

const KEYS = ['model', 'providerOptions', 'models'] as const;

/** What the splice needs to know of the parsed request. */
export interface PassthroughRequestFields {
  model: string;
  /** Gateway-only (Vercel AI Gateway style): no upstream would accept it. */
  providerOptions?: unknown;
  /** The fallback list, gateway-only too. */
  models?: unknown;
}

/**
 * Client → upstream speaking the same protocol (Responses, embeddings, image generation,
 * Anthropic Messages): the client's bytes with only the model id replaced and the gateway-only
 * fields (`providerOptions`, `models`) removed — an untouched body when there is nothing to change.
 */
export function splicePassthroughRequestBody(
  text: string,
  request: PassthroughRequestFields,
  upstreamModel: string,
): string {
  const gatewayFields = request.providerOptions !== undefined || request.models !== undefined;
  if (request.model === upstreamModel && !gatewayFields) return text;
  const { spans } = findTopLevelSpans(text, KEYS);
  const edits: JsonEdit[] = [];
  const model = spans.get('model');
  if (model !== undefined && request.model !== upstreamModel) {
    edits.push({ span: model, text: JSON.stringify(upstreamModel) });
  }
  for (const key of ['providerOptions', 'models'] as const) {
    const member = spans.get(key)?.member;
    if (member !== undefined) edits.push({ span: member, text: '' });
  }
  return applyEdits(text, edits);
}
