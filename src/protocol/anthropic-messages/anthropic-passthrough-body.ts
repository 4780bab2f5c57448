import { GatewayError } from '../../core/gateway-error.ts';
import type { Usage } from '../../core/usage.ts';
import { applyEdits, findTopLevelSpanFast, findTopLevelSpans } from '../json-body/json-top-level-spans.ts';
import { type AnthropicUsageWire, usageFromAnthropic } from './anthropic-usage-wire.ts';

const MODEL_KEYS = ['model'] as const;
const RESPONSE_KEYS = ['model', 'usage'] as const;

/** Anthropic client → Anthropic upstream, request side: the client's bytes, only `model` replaced. */
export function buildAnthropicPassthroughBody(
  text: string,
  clientModel: string,
  upstreamModel: string,
): string {
  if (clientModel === upstreamModel) return text;
  const span = findTopLevelSpans(text, MODEL_KEYS).spans.get('model');
  return span === undefined ? text : applyEdits(text, [{ span, text: JSON.stringify(upstreamModel) }]);
}

/**
 * Response side of a non-streamed Anthropic passthrough: checks the body is a JSON object, reads
 * `usage`, swaps `model` for the public slug; only those two values are parsed.
 */
export function rewriteAnthropicResponseBody(
  text: string,
  publicModel: string,
  provider: string,
): { body: string; usage: Usage | undefined; upstreamModel: string | undefined } {
  const malformed = (): GatewayError =>
    new GatewayError('upstream_malformed', `Provider "${provider}" answered with a body that is not JSON.`, {
      provider,
    });
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) throw malformed();
  let modelSpan = findTopLevelSpanFast(text, 'model', false);
  let usageSpan = findTopLevelSpanFast(text, 'usage', true);
  if (modelSpan === undefined || usageSpan === undefined) {
    const { spans, closeBrace } = findTopLevelSpans(text, RESPONSE_KEYS);
    if (closeBrace === -1) throw malformed();
    modelSpan = spans.get('model');
    usageSpan = spans.get('usage');
  }
  let usage: Usage | undefined;
  let upstreamModel: string | undefined;
  try {
    if (usageSpan !== undefined)
      usage = usageFromAnthropic(
        JSON.parse(text.slice(usageSpan.start, usageSpan.end)) as AnthropicUsageWire,
      );
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
