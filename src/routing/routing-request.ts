import type { AffinityMode } from '../config/config-routing.ts';
import type { TargetSort } from './balance/sort-order.ts';

/** What one request asks of routing, on top of its model's configured routing. */
export interface RoutingRequest {
  /** Provider instances to try first, in this order. */
  order?: readonly string[] | undefined;
  /** Only these provider instances may serve the call. */
  only?: readonly string[] | undefined;
  /** Fallback models (replace the configured ones). */
  fallbacks?: readonly string[] | undefined;
  /** Rank the targets by price, time to first token or throughput instead of the route's balancing. */
  sort?: TargetSort | undefined;
  /** The affinity key under the route's mode; asked only when the route uses affinity. */
  affinityKey?: ((mode: AffinityMode) => string | undefined) | undefined;
}

/** Headers that carry a conversation id: ours, then what Claude Code and Codex send. */
const SESSION_HEADERS = ['x-tollgate-session', 'x-session-id', 'x-claude-code-session-id', 'session-id'];

function headerList(headers: Headers, name: string): string[] | undefined {
  const value = headers.get(name);
  if (value === null) return undefined;
  const list = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return list.length === 0 ? undefined : list;
}

export function sessionIdOf(headers: Headers): string | undefined {
  for (const name of SESSION_HEADERS) {
    const value = headers.get(name);
    if (value !== null && value !== '') return value;
  }
  return undefined;
}

/**
 * The routing options of a request: `x-tollgate-order`, `x-tollgate-only` and
 * `x-tollgate-fallbacks` headers (comma-separated; any protocol) win over the body's
 * `providerOptions.gateway` and `models` (OpenAI route). `user` and `prefix` feed affinity.
 */
export function routingRequestOf(
  headers: Headers,
  body: { order?: string[]; only?: string[]; models?: string[]; sort?: TargetSort } | undefined,
  user: string | undefined,
  prefix: () => string | undefined,
): RoutingRequest {
  return {
    order: headerList(headers, 'x-tollgate-order') ?? body?.order,
    only: headerList(headers, 'x-tollgate-only') ?? body?.only,
    fallbacks: headerList(headers, 'x-tollgate-fallbacks') ?? body?.models,
    sort: body?.sort,
    affinityKey(mode) {
      if (mode === 'session') return sessionIdOf(headers) ?? user;
      if (mode === 'user') return user ?? sessionIdOf(headers);
      if (mode === 'prefix') return prefix();
      return undefined;
    },
  };
}
