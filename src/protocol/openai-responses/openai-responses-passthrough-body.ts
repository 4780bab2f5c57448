import { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import {
  applyEdits,
  findTopLevelSpanFast,
  findTopLevelSpans,
  type JsonEdit,
} from '../json-body/json-top-level-spans.ts';
import type { OpenAIResponsesRequest } from './openai-responses-request-schema.ts';
import { usageFromOpenAIResponses } from './openai-responses-usage-wire.ts';

const REQUEST_KEYS = ['model', 'providerOptions', 'models'] as const;
/** Gateway-only fields (Vercel AI Gateway style); no upstream would accept them. */
const GATEWAY_KEYS = ['providerOptions', 'models'] as const;
const RESPONSE_KEYS = ['model', 'usage'] as const;

/**
 * Responses client → provider that speaks Responses (OpenAI, Azure), request side: the client's
 * bytes with the model id replaced and the gateway's own routing fields removed. Nothing is
 * injected: a Responses stream always ends with its usage (`response.completed`).
 */
export function buildResponsesPassthroughBody(
  text: string,
  request: OpenAIResponsesRequest,
  upstreamModel: string,
): string {
  const gatewayFields = request.providerOptions !== undefined || request.models !== undefined;
  if (request.model === upstreamModel && !gatewayFields) return text;
  const { spans } = findTopLevelSpans(text, REQUEST_KEYS);
  const edits: JsonEdit[] = [];
  if (gatewayFields) {
    for (const key of GATEWAY_KEYS) {
      const member = spans.get(key)?.member;
      if (member !== undefined) edits.push({ span: member, text: '' });
    }
  }
  const modelSpan = spans.get('model');
  if (modelSpan !== undefined && request.model !== upstreamModel) {
    edits.push({ span: modelSpan, text: JSON.stringify(upstreamModel) });
  }
  return applyEdits(text, edits);
}

/**
 * Response side of a non-streamed passthrough: checks that the upstream sent a JSON object, reads
 * its `usage` and swaps its `model` for the public slug. Both are top-level keys of the response
 * object; they are found from the document's ends (`model` near the start, `usage` near the end)
 * so a long answer is not walked, with a full top-level scan when that fails.
 */
export function rewriteResponsesPassthroughBody(
  text: string,
  publicModel: string,
  provider: string,
): { body: string; usage: Usage | undefined; upstreamModel: string | undefined } {
  const malformed = (): GatewayError =>
    new GatewayError('upstream_malformed', `Provider "${provider}" answered with a body that is not JSON.`, {
      provider,
    });
  const first = text.indexOf('{');
  const last = text.trimEnd().length - 1;
  if (first === -1 || text.slice(0, first).trim() !== '' || text.charCodeAt(last) !== 125) throw malformed();
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
    if (usageSpan !== undefined)
      usage = usageFromOpenAIResponses(JSON.parse(text.slice(usageSpan.start, usageSpan.end)));
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
