import { usageFromOpenAI } from '../../core/usage.ts';
import { applyEdits, findTopLevelSpans, type JsonEdit } from '../json-body/json-top-level-spans.ts';
import {
  type RewrittenResponse,
  rewriteModelAndReadUsage,
} from '../passthrough/passthrough-response-body.ts';
import type { OpenAIChatRequest } from './openai-chat-request-schema.ts';

const REQUEST_KEYS = ['model', 'stream_options', 'providerOptions', 'models'] as const;
/** Gateway-only fields of the OpenAI route (Vercel AI Gateway style); no upstream would accept them. */
const GATEWAY_KEYS = ['providerOptions', 'models'] as const;

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

/** Response side of a non-streamed passthrough: the model swapped, OpenAI usage read. */
export function rewritePassthroughResponseBody(
  text: string,
  publicModel: string,
  provider: string,
): RewrittenResponse {
  return rewriteModelAndReadUsage(text, publicModel, provider, usageFromOpenAI);
}
