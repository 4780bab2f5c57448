import type { Readable } from 'node:stream';
import type { ReadableTransport } from '../../upstream/readable-transport-adapter.ts';
import type { UpstreamHeaders, UpstreamRequest } from '../../upstream/upstream-transport.ts';
import type { SimulatorOptions } from './simulator-config.ts';
import { playSimulatorReplyInProcess } from './simulator-readable-player.ts';
import { createSimulatorRouter } from './simulator-router.ts';

/** A request to the in-process simulator: an upstream request plus the signal that cancels it. */
export type SimulatorRequest = UpstreamRequest & { signal: AbortSignal };

/** The in-process simulator's answer: status, headers and a body played on the clock. */
export interface SimulatorResponse {
  status: number;
  headers: UpstreamHeaders;
  body: Readable;
}

/**
 * The simulator in process: the gateway's built-in `simulator` provider sends through it (via
 * `adaptReadableTransport`) exactly as through the network transport, with no socket in between.
 * Replies, timing and faults are those of the standalone server (`simulator-http-server.ts`).
 */
export function createSimulatorTransport(options: SimulatorOptions = {}): ReadableTransport {
  const route = createSimulatorRouter(options);
  return {
    send(request: SimulatorRequest): Promise<SimulatorResponse> {
      if (request.signal.aborted) return Promise.reject(request.signal.reason);
      const plan = route({
        method: request.method,
        path: request.path,
        headers: request.headers,
        body: request.body,
      });
      return playSimulatorReplyInProcess(plan, request.signal);
    },
    // Nothing is pooled; bodies in flight end with their request's signal.
    close: () => Promise.resolve(),
  };
}
