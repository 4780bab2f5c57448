import {
  type PassthroughRequestFields,
  splicePassthroughRequestBody,
} from '../passthrough/passthrough-request-body.ts';
import {
  type RewrittenResponse,
  rewriteModelAndReadUsage,
} from '../passthrough/passthrough-response-body.ts';
import { type AnthropicUsageWire, usageFromAnthropic } from './anthropic-usage-wire.ts';

/**
 * Anthropic client → Anthropic upstream, request side: the client's bytes, only `model` replaced
 * (and the gateway's own `providerOptions` removed, which Anthropic would refuse).
 */
export function buildAnthropicPassthroughBody(
  text: string,
  request: PassthroughRequestFields,
  upstreamModel: string,
): string {
  return splicePassthroughRequestBody(text, request, upstreamModel);
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
