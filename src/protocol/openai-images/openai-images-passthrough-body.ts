import { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import { findTopLevelSpanFast, findTopLevelSpans } from '../json-body/json-top-level-spans.ts';

/** The `usage` of an image answer (gpt-image models): input and output tokens, text and image. */
interface ImagesUsageWire {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** Reads an images `usage` object; `undefined` when it holds no counts (dall-e answers none). */
export function usageFromOpenAIImages(wire: unknown): Usage | undefined {
  if (wire === null || typeof wire !== 'object') return undefined;
  const usage = wire as ImagesUsageWire;
  if (usage.input_tokens === undefined && usage.output_tokens === undefined) return undefined;
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(usage.input_tokens_details?.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  };
}

/**
 * Response side of an image generation passthrough: checks the upstream sent a JSON object and
 * reads its `usage`, found from the document's end so the base64 images before it are not
 * walked; the body goes to the client untouched (image answers name no model to swap).
 */
export function rewriteImagesResponseBody(
  text: string,
  _publicModel: string,
  provider: string,
): { body: string; usage: Usage | undefined; upstreamModel: string | undefined } {
  const malformed = () =>
    new GatewayError('upstream_malformed', `Provider "${provider}" answered with a body that is not JSON.`, {
      provider,
    });
  const trimmed = text.trimEnd();
  if (text.trimStart().charCodeAt(0) !== 123 || trimmed.charCodeAt(trimmed.length - 1) !== 125)
    throw malformed();
  const span =
    findTopLevelSpanFast(text, 'usage', true) ?? findTopLevelSpans(text, ['usage']).spans.get('usage');
  try {
    const usage =
      span === undefined ? undefined : usageFromOpenAIImages(JSON.parse(text.slice(span.start, span.end)));
    return { body: text, usage, upstreamModel: undefined };
  } catch {
    throw malformed();
  }
}
