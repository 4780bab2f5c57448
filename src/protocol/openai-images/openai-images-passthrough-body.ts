import { GatewayError } from '../../core/gateway-error.ts';
import { type Usage, usageFromInputOutputTokens } from '../../core/usage.ts';
import { findTopLevelSpanFast, findTopLevelSpans } from '../json-body/json-top-level-spans.ts';

/** Reads an images `usage` object (gpt-image models); `undefined` when it holds none (dall-e). */
export const usageFromOpenAIImages = usageFromInputOutputTokens;

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
