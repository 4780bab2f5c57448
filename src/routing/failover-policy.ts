import type { GatewayError, GatewayErrorCode } from '../core/gateway-error.ts';

/**
 * What the executor does after an attempt failed:
 * - `retry`: the target may answer if asked again (after a backoff): try it again or the next one;
 * - `failover`: this target will not answer this request, another may: the next target;
 * - `larger-context`: the prompt does not fit: only a model with a larger context window may serve it;
 * - `disable-credential`: the gateway's own key was refused: take the target out of rotation, then fail over;
 * - `return`: the answer would be the same anywhere (or the client is gone): give it to the client.
 */
export type FailureAction = 'retry' | 'failover' | 'larger-context' | 'disable-credential' | 'return';

export interface FailureContext {
  /** The route opted in to trying another provider after a content-policy refusal. */
  failoverOnContentPolicy: boolean;
  /**
   * The attempt used a credential the request brought (`byok`): its refusal says nothing about the
   * gateway's key, so the next credential (the request's next one, or the gateway's) is tried.
   */
  byok: boolean;
}

/**
 * The decision table, one row per error class (exhaustive: a new code without a row fails the
 * build). Gateway-side codes (the client's own request, key or budget) never reach the executor
 * from an upstream, but have a row so the table is total.
 */
const TABLE: Record<GatewayErrorCode, FailureAction | ((context: FailureContext) => FailureAction)> = {
  upstream_unreachable: 'retry',
  upstream_timeout: 'retry',
  rate_limited: 'retry',
  upstream_error: 'retry',
  upstream_overloaded: 'retry',
  upstream_malformed: 'retry',
  context_length_exceeded: 'larger-context',
  upstream_not_found: 'failover',
  upstream_auth: (context) => (context.byok ? 'failover' : 'disable-credential'),
  content_policy: (context) => (context.failoverOnContentPolicy ? 'failover' : 'return'),
  upstream_invalid_request: 'return',
  invalid_request: 'return',
  payload_too_large: 'return',
  authentication: 'return',
  permission_denied: 'return',
  budget_exceeded: 'return',
  model_not_found: 'return',
  route_not_found: 'return',
  method_not_allowed: 'return',
  request_timeout: 'return',
  unavailable: 'return',
  internal: 'return',
};

export function failureAction(error: GatewayError, context: FailureContext): FailureAction {
  // The client went away: nobody is waiting for another attempt.
  if (error.clientCode === 'client_closed') return 'return';
  const row = TABLE[error.code];
  return typeof row === 'function' ? row(context) : row;
}

/** Failures that say the target itself is unwell (they feed its breaker). */
export function countsAgainstTarget(action: FailureAction): boolean {
  return action === 'retry';
}
