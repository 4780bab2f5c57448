import type { Usage } from './usage.ts';

/**
 * What the gateway knows about one call once it is over: the source of the per-request log line
 * now, and of the request log, metrics and traces later. Filled in as the call proceeds.
 */
export interface CallRecord {
  requestId: string;
  method: string;
  path: string;
  /** Wall-clock start, epoch milliseconds. */
  startedAt: number;
  status: number;
  /** Name of the gateway API key that authenticated the call. */
  apiKey: string | undefined;
  /** Model the client asked for. */
  model: string | undefined;
  provider: string | undefined;
  /** Model id the upstream reported (or was sent). */
  upstreamModel: string | undefined;
  stream: boolean;
  usage: Usage | undefined;
  /** Nano-dollars; `undefined` = unknown (no price), never silently 0. */
  costNanoUsd: number | undefined;
  latencyMs: number | undefined;
  /** Time to the first streamed byte sent to the client. */
  ttftMs: number | undefined;
  /** A stream that ended before its upstream completed it. */
  truncated: boolean;
  /** What the target could not honour (translated calls), as sent in `x-tollgate-warnings`. */
  warnings: string | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
}

export function newCallRecord(requestId: string, method: string, path: string): CallRecord {
  return {
    requestId,
    method,
    path,
    startedAt: Date.now(),
    status: 0,
    apiKey: undefined,
    model: undefined,
    provider: undefined,
    upstreamModel: undefined,
    stream: false,
    usage: undefined,
    costNanoUsd: undefined,
    latencyMs: undefined,
    ttftMs: undefined,
    truncated: false,
    warnings: undefined,
    errorCode: undefined,
    errorMessage: undefined,
  };
}
