import { GatewayError } from '../../core/gateway-error.ts';
import { type Usage, usageFromOpenAI } from '../../core/usage.ts';
import { applyEdits, findTopLevelSpans, type JsonEdit } from '../json-body/json-top-level-spans.ts';
import type { OpenAIChatRequest } from './openai-chat-request-schema.ts';

const REQUEST_KEYS = ['model', 'stream_options'] as const;
const RESPONSE_KEYS = ['model'] as const;

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
  if (request.model === upstreamModel && !injectUsage) return text;
  const { spans, closeBrace } = findTopLevelSpans(text, REQUEST_KEYS);
  const edits: JsonEdit[] = [];
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
 * Response side of a non-streamed passthrough: validates that the upstream sent JSON, reads its
 * usage, and swaps the upstream's model id for the public slug the client asked for.
 */
export function rewritePassthroughResponseBody(
  text: string,
  publicModel: string,
  provider: string,
): { body: string; usage: Usage | undefined; upstreamModel: string | undefined } {
  let parsed: { model?: unknown; usage?: unknown };
  try {
    parsed = JSON.parse(text) as { model?: unknown; usage?: unknown };
  } catch {
    throw new GatewayError(
      'upstream_malformed',
      `Provider "${provider}" answered with a body that is not JSON.`,
      {
        provider,
      },
    );
  }
  if (parsed === null || typeof parsed !== 'object') {
    throw new GatewayError('upstream_malformed', `Provider "${provider}" answered with a non-object body.`, {
      provider,
    });
  }
  const upstreamModel = typeof parsed.model === 'string' ? parsed.model : undefined;
  const usage = usageFromOpenAI(parsed.usage);
  if (upstreamModel === undefined || upstreamModel === publicModel)
    return { body: text, usage, upstreamModel };
  const modelSpan = findTopLevelSpans(text, RESPONSE_KEYS, true).spans.get('model');
  const body =
    modelSpan === undefined
      ? text
      : applyEdits(text, [{ span: modelSpan, text: JSON.stringify(publicModel) }]);
  return { body, usage, upstreamModel };
}
