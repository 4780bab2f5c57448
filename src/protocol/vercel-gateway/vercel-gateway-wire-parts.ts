import type { SharedV4FileDataData, SharedV4FileDataUrl } from '@ai-sdk/provider';
import type { CanonicalFinishReason, CanonicalUsage } from '../../core/canonical.ts';
import type { GatewaySpecVersion } from './vercel-gateway-spec-version.ts';

function base64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** File data of an answer on the wire: 4.x keeps the tagged shape (bytes as base64), 2.x/3.x a plain string. */
function fileData(data: SharedV4FileDataData | SharedV4FileDataUrl, version: GatewaySpecVersion): unknown {
  if (data.type === 'url')
    return version === 4 ? { type: 'url', url: data.url.toString() } : data.url.toString();
  return version === 4 ? { type: 'data', data: base64(data.data) } : base64(data.data);
}

/** Part types the 2.x/3.x clients do not know (they would fail on them): left out for those lines. */
const V4_ONLY = new Set(['reasoning-file', 'custom']);

/**
 * One content part (of a result's `content` or a stream) in a client line's wire shape, or
 * `undefined` when that line has no such part. Only file data differs; JSON does the rest (a
 * stream's `timestamp` `Date` becomes the ISO string the client parses back).
 */
export function wirePart<Part extends { type: string }>(part: Part, version: GatewaySpecVersion): unknown {
  if (version !== 4 && V4_ONLY.has(part.type)) return undefined;
  if (part.type === 'file' || part.type === 'reasoning-file') {
    const file = part as unknown as { data: SharedV4FileDataData | SharedV4FileDataUrl };
    return { ...part, data: fileData(file.data, version) };
  }
  return part;
}

/**
 * The finish reason: `{unified, raw}` for 3.x/4.x (`interrupted` is 4.x only), the unified string
 * for 2.x.
 */
export function wireFinishReason(reason: CanonicalFinishReason, version: GatewaySpecVersion): unknown {
  if (version === 4) return reason;
  const unified = reason.unified === ('interrupted' as string) ? 'other' : reason.unified;
  return version === 3 ? { unified, raw: reason.raw } : unified;
}

/** Usage: nested token details for 3.x/4.x, the flat 2.x shape otherwise. */
export function wireUsage(usage: CanonicalUsage, version: GatewaySpecVersion): unknown {
  if (version !== 2) return usage;
  const input = usage.inputTokens.total;
  const output = usage.outputTokens.total;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: input === undefined && output === undefined ? undefined : (input ?? 0) + (output ?? 0),
    reasoningTokens: usage.outputTokens.reasoning,
    cachedInputTokens: usage.inputTokens.cacheRead,
  };
}
