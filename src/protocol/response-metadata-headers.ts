import type { CallRecord } from '../core/call-record.ts';
import { formatUsd } from '../core/pricing.ts';
import { attemptsHeader } from './attempts-header.ts';

/**
 * The `x-tollgate-*` headers that say what happened to a call, on every protocol: which provider
 * and upstream model served it, how long the gateway took, and — when the answer is complete
 * before the headers go out — its tokens and cost (`unknown` when the model has no price).
 */
export function responseMetadataHeaders(record: CallRecord, contentType: string): Record<string, string> {
  const usage = record.usage;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-request-id': record.requestId,
    'x-tollgate-generation-id': record.generationId,
    'x-tollgate-provider': record.provider ?? '',
    'x-tollgate-model': record.upstreamModel ?? '',
    'x-tollgate-latency-ms': String(record.latencyMs ?? 0),
    'x-tollgate-input-tokens': usage === undefined ? 'unknown' : String(usage.inputTokens),
    'x-tollgate-output-tokens': usage === undefined ? 'unknown' : String(usage.outputTokens),
    'x-tollgate-cached-tokens': usage === undefined ? 'unknown' : String(usage.cacheReadTokens),
    'x-tollgate-reasoning-tokens': usage === undefined ? 'unknown' : String(usage.reasoningTokens),
    'x-tollgate-cost-usd': formatUsd(record.costNanoUsd),
  };
  if (record.attempts.length > 0) headers['x-tollgate-attempts'] = attemptsHeader(record.attempts);
  return headers;
}

/**
 * Headers of a streamed answer, sent before any token: usage and cost are not known yet (they are
 * in the request log and, when the client asks, in the stream's usage chunk). The latency is the
 * time until the upstream answered.
 */
export function streamMetadataHeaders(record: CallRecord, latencyMs: number): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    'x-request-id': record.requestId,
    'x-tollgate-generation-id': record.generationId,
    'x-tollgate-provider': record.provider ?? '',
    'x-tollgate-model': record.upstreamModel ?? '',
    'x-tollgate-latency-ms': String(latencyMs),
  };
  if (record.attempts.length > 0) headers['x-tollgate-attempts'] = attemptsHeader(record.attempts);
  return headers;
}
