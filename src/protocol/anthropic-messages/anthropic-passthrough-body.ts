import { applyEdits, findTopLevelSpans } from '../json-body/json-top-level-spans.ts';
import {
  type RewrittenResponse,
  rewriteModelAndReadUsage,
} from '../passthrough/passthrough-response-body.ts';
import { type AnthropicUsageWire, usageFromAnthropic } from './anthropic-usage-wire.ts';

const MODEL_KEYS = ['model'] as const;

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

/** Response side of a non-streamed Anthropic passthrough: the model swapped, Anthropic usage read. */
export function rewriteAnthropicResponseBody(
  text: string,
  publicModel: string,
  provider: string,
): RewrittenResponse {
  return rewriteModelAndReadUsage(text, publicModel, provider, (wire) =>
    usageFromAnthropic(wire as AnthropicUsageWire),
  );
}
