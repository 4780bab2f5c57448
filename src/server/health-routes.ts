import type { CallContext } from '../core/call-context.ts';
import { GatewayError } from '../core/gateway-error.ts';
import { respond } from '../protocol/http-response.ts';

/** Whether the process should receive new traffic. */
export interface Readiness {
  /** Set once shutdown began: load balancers must stop sending. */
  draining: boolean;
}

const JSON_TYPE = 'application/json';

/** `GET /health`: the process is alive (it answered). Never depends on upstreams. */
export function healthHandler(ctx: CallContext): Response {
  return respond('{"status":"ok"}', 200, { 'content-type': JSON_TYPE, 'x-request-id': ctx.requestId });
}

/**
 * `GET /ready`: the gateway accepts traffic — config loaded, providers built, not draining. A load
 * balancer takes the instance out of rotation on 503.
 */
export function createReadyHandler(
  readiness: Readiness,
  modelCount: () => number,
): (ctx: CallContext) => Response {
  return function ready(ctx) {
    if (readiness.draining) {
      throw new GatewayError('unavailable', 'The gateway is shutting down.', { clientCode: 'draining' });
    }
    return respond(JSON.stringify({ status: 'ready', models: modelCount() }), 200, {
      'content-type': JSON_TYPE,
      'x-request-id': ctx.requestId,
    });
  };
}
