import { GatewayError } from '../../core/gateway-error.ts';
import { type Usage, usageFromOpenAI } from '../../core/usage.ts';
import {
  applyEdits,
  findTopLevelSpanFast,
  findTopLevelSpans,
  type JsonEdit,
} from '../json-body/json-top-level-spans.ts';
import type { OpenAIChatRequest } from './openai-chat-request-schema.ts';

const REQUEST_KEYS = ['model', 'stream_options', 'providerOptions', 'models'] as const;
/** Gateway-only fields of the OpenAI route (Vercel AI Gateway style); no upstream would accept them. */
const GATEWAY_KEYS = ['providerOptions', 'models'] as const;
const RESPONSE_KEYS = ['model', 'usage'] as const;

/**
 * OpenAI client → OpenAI-speaking upstream, request side: the client's bytes with only the model
 * id replaced — and, on streams, `stream_options.include_usage` switched on so a streamed call is
 * never priced at zero (the relay hides the extra usage chunk from clients that did not ask).
 */
export function buildPassthroughRequestBody(
  text: string,
  request: OpenAIChatRequest,
  upstreamModel: string,
): string {
  const injectUsage = request.stream === true && request.stream_options?.include_usage !== true;
  const gatewayFields = request.providerOptions !== undefined || request.models !== undefined;
  if (request.model === upstreamModel && !injectUsage && !gatewayFields) return text;
  const { spans, closeBrace } = findTopLevelSpans(text, REQUEST_KEYS);
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
  if (injectUsage) {
    const optionsSpan = spans.get('stream_options');
    if (optionsSpan !== undefined) {
      edits.push({
        span: optionsSpan,
        text: JSON.stringify({ ...request.stream_options, include_usage: true }),
      });
    } else {
      edits.push({
        span: { start: closeBrace, end: closeBrace },
        text: ',"stream_options":{"include_usage":true}',
      });
    }
  }
  return applyEdits(text, edits);
}

/**
 * Response side of a non-streamed passthrough: checks that the upstream sent a JSON object, reads
 * its usage, and swaps the upstream's model id for the public slug the client asked for. Only the
 * small `model` and `usage` values are parsed, found from the document's two ends (walking or
 * parsing the whole answer was the largest single cost of a passthrough call under load).
 */
export function rewritePassthroughResponseBody(
  text: string,
  publicModel: string,
  provider: string,
): { body: string; usage: Usage | undefined; upstreamModel: string | undefined } {
  const malformed = (): GatewayError =>
    new GatewayError('upstream_malformed', `Provider "${provider}" answered with a body that is not JSON.`, {
      provider,
    });
  const first = text.charCodeAt(0) === 123 ? 0 : text.indexOf('{');
  const last = text.trimEnd().length - 1;
  if (first !== 0 && text.slice(0, first).trim() !== '') throw malformed();
  if (first === -1 || text.charCodeAt(last) !== 125) throw malformed();
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
      usage = usageFromOpenAI(JSON.parse(text.slice(usageSpan.start, usageSpan.end)));
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
