import { randomUUID } from 'node:crypto';
import { type CallRecord, newCallRecord } from '../core/call-record.ts';
import { GatewayError, toGatewayError } from '../core/gateway-error.ts';
import { incomingPath } from '../core/incoming-request.ts';
import type { Logger } from '../observability/logger.ts';
import type { AdminAuth } from '../policy/admin-auth.ts';
import type { ApiKeyAuth } from '../policy/api-key-auth.ts';
import { errorResponse } from './error-response.ts';
import type { ClientProtocol, RouteTable } from './route-table.ts';
import { ServerCallContext } from './server-call-context.ts';

/** A Web-standard fetch handler: the gateway's whole HTTP surface, runtime-independent. */
export type FetchHandler = (request: Request) => Promise<Response>;

export interface GatewayHandlerDeps {
  routes: RouteTable;
  auth: ApiKeyAuth;
  adminAuth: AdminAuth;
  logger: Logger;
  /** Receives every finished call (the log line now; the request log later). */
  onCallFinished(record: CallRecord): void;
}

const REQUEST_ID = /^[\w.:@/+=-]{1,200}$/;

/**
 * The core of the server: request id, routing, authentication, the route's handler, and one error
 * path that renders every failure in the route's protocol. It never throws: an unexpected error is
 * logged with its stack and answered as a 500 in the client's protocol.
 */
export function createGatewayHandler(deps: GatewayHandlerDeps): FetchHandler {
  const { routes, auth, adminAuth, logger, onCallFinished } = deps;

  return async function tollgate(request: Request): Promise<Response> {
    const startMark = performance.now();
    const incomingId = request.headers.get('x-request-id');
    const requestId = incomingId !== null && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
    const path = incomingPath(request);
    const ctx = new ServerCallContext(
      request,
      newCallRecord(requestId, request.method, path),
      startMark,
      onCallFinished,
    );
    let protocol: ClientProtocol = 'openai';
    try {
      const { route, rest } = routes.match(request.method, path);
      protocol = route.protocol;
      ctx.pathRest = rest;
      if (route.admin === true) ctx.record.apiKey = adminAuth.authenticate(request.headers).keyName;
      else if (route.public !== true) ctx.record.apiKey = auth.authenticate(request.headers).keyName;
      const response = await route.handle(ctx);
      ctx.record.status = response.status;
      if (!ctx.deferred) ctx.finish();
      return response;
    } catch (thrown) {
      const error = toGatewayError(thrown);
      if (error.code === 'internal' && !(thrown instanceof GatewayError)) {
        logger.error({ reqId: requestId, err: thrown }, 'unexpected error');
      }
      ctx.record.status = error.status;
      ctx.record.errorCode = error.code;
      ctx.record.errorMessage = error.message;
      ctx.finish();
      return errorResponse(protocol, error, ctx.record);
    }
  };
}
