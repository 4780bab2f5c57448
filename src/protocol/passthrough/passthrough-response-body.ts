import { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import { applyEdits, findTopLevelSpanFast, findTopLevelSpans } from '../json-body/json-top-level-spans.ts';

const RESPONSE_KEYS = ['model', 'usage'] as const;

/** A non-streamed passthrough answer after the rewrite. */
export interface RewrittenResponse {
  body: string;
  usage: Usage | undefined;
  upstreamModel: string | undefined;
}

/**
 * Response side of a non-streamed passthrough, for every protocol whose answer is a JSON object
 * with top-level `model` and `usage` (OpenAI Chat Completions, Responses and Embeddings, Anthropic
 * Messages): checks that the upstream sent a JSON object, reads its usage with the protocol's
 * reader, and swaps the upstream's model id for the public slug the client asked for. Only the
 * small `model` and `usage` values are parsed, found from the document's two ends (walking or
 * parsing the whole answer was the largest single cost of a passthrough call under load), with a
 * full top-level scan when that fails.
 */
export function rewriteModelAndReadUsage(
  text: string,
  publicModel: string,
  provider: string,
  readUsage: (wire: unknown) => Usage | undefined,
): RewrittenResponse {
  const malformed = (): GatewayError =>
    new GatewayError('upstream_malformed', `Provider "${provider}" answered with a body that is not JSON.`, {
      provider,
    });
  const first = text.charCodeAt(0) === 123 ? 0 : text.indexOf('{');
  const last = text.trimEnd().length - 1;
  if (first !== 0 && text.slice(0, first).trim() !== '') throw malformed();
  if (first === -1 || text.charCodeAt(last) !== 125) throw malformed();
  // A first match that is not at the top level (a nested `"model":` before the real one) makes
  // the fast search give up, and the full top-level scan decides.
  let modelSpan = findTopLevelSpanFast(text, 'model', false);
  let usageSpan = findTopLevelSpanFast(text, 'usage', true);
  if (modelSpan === undefined || usageSpan === undefined) {
    const { spans, closeBrace } = findTopLevelSpans(text, RESPONSE_KEYS);
    if (closeBrace === -1 || closeBrace !== last) throw malformed();
    modelSpan = spans.get('model');
    usageSpan = spans.get('usage');
  }
  let usage: Usage | undefined;
  let upstreamModel: string | undefined;
  try {
    if (usageSpan !== undefined) usage = readUsage(JSON.parse(text.slice(usageSpan.start, usageSpan.end)));
    const model: unknown =
      modelSpan === undefined ? undefined : JSON.parse(text.slice(modelSpan.start, modelSpan.end));
    upstreamModel = typeof model === 'string' ? model : undefined;
  } catch {
    throw malformed();
  }
  if (modelSpan === undefined || upstreamModel === publicModel) return { body: text, usage, upstreamModel };
  return {
    body: applyEdits(text, [{ span: modelSpan, text: JSON.stringify(publicModel) }]),
    usage,
    upstreamModel,
  };
}
