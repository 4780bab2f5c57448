import type {
  UpstreamRequest,
  UpstreamResponse,
  UpstreamTransport,
} from '../../upstream/upstream-transport.ts';
import type { SimulatorOptions } from './simulator-config.ts';
import { playSimulatorReplyInProcess } from './simulator-readable-player.ts';
import { createSimulatorRouter } from './simulator-router.ts';

/**
 * The simulator as an in-process `UpstreamTransport`: the gateway's built-in `simulator` provider
 * sends through it exactly as through the network transport, with no socket in between. Replies,
 * timing and faults are those of the standalone server (`simulator-http-server.ts`).
 */
export function createSimulatorTransport(options: SimulatorOptions = {}): UpstreamTransport {
  const route = createSimulatorRouter(options);
  return {
    send(request: UpstreamRequest): Promise<UpstreamResponse> {
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
