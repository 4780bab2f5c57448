import { newGenerationId } from './generation-id.ts';
import type { Usage } from './usage.ts';

/** One try of one target during a call, as the routing layer saw it. */
export interface AttemptRecord {
  /** Provider instance. */
  provider: string;
  /** Public model slug this attempt served (differs from the requested one after a model fallback). */
  model: string;
  /** Model id sent to the provider. */
  upstreamModel: string;
  /** 200, the upstream's error status, or the gateway's status for a failure without one (504 timeout, 502 network). */
  status: number;
  /** Gateway error code of a failed attempt. */
  error?: string;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Until the first byte of the answer (success) or the failure. */
  durationMs: number;
}

/**
 * What the gateway knows about one call once it is over: the source of the per-request log line
 * now, and of the request log, metrics and traces later. Filled in as the call proceeds.
 */
export interface CallRecord {
  requestId: string;
  /** `gen_` + ULID: the id clients see in `providerMetadata.gateway` and look calls up by. */
  generationId: string;
  method: string;
  path: string;
  /** Wall-clock start, epoch milliseconds. */
  startedAt: number;
  status: number;
  /** Name of the gateway API key that authenticated the call. */
  apiKey: string | undefined;
  /** End user the call is attributed to (`user` field, `providerOptions.gateway.user`). */
  user: string | undefined;
  /** Cost-attribution tags (`providerOptions.gateway.tags`). */
  tags: readonly string[] | undefined;
  /** The caller asked that no content of this call be kept (`zeroDataRetention`). */
  zeroDataRetention: boolean;
  /** Served with credentials the request brought (`providerOptions.gateway.byok`). */
  byok: boolean;
  /** What kind of call: a language model, embeddings or images. */
  operation: 'language' | 'embedding' | 'image';
  /** Model the client asked for. */
  model: string | undefined;
  provider: string | undefined;
  /** Model id the upstream reported (or was sent). */
  upstreamModel: string | undefined;
  stream: boolean;
  usage: Usage | undefined;
  /** Unified finish reason of a completed answer (`stop`, `length`, `tool-calls`, …), when known. */
  finishReason: string | undefined;
  /** Nano-dollars; `undefined` = unknown (no price), never silently 0. */
  costNanoUsd: number | undefined;
  latencyMs: number | undefined;
  /** Time to the first streamed byte sent to the client. */
  ttftMs: number | undefined;
  /** A stream that ended before its upstream completed it. */
  truncated: boolean;
  /** What the target could not honour (translated calls), as sent in `x-tollgate-warnings`. */
  warnings: string | undefined;
  /** Every target tried, in order; the last successful one served the answer. */
  attempts: AttemptRecord[];
  /** Usage was estimated by the gateway (a stream cut before the upstream reported it). */
  usageEstimated: boolean;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

export function newCallRecord(requestId: string, method: string, path: string): CallRecord {
  return {
    requestId,
    generationId: newGenerationId(),
    method,
    path,
    startedAt: Date.now(),
    status: 0,
    apiKey: undefined,
    user: undefined,
    tags: undefined,
    zeroDataRetention: false,
    byok: false,
    operation: 'language',
    model: undefined,
    provider: undefined,
    upstreamModel: undefined,
    stream: false,
    usage: undefined,
    finishReason: undefined,
    costNanoUsd: undefined,
    latencyMs: undefined,
    ttftMs: undefined,
    truncated: false,
    warnings: undefined,
    attempts: [],
    usageEstimated: false,
    errorCode: undefined,
    errorMessage: undefined,
  };
}
