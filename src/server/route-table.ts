import type { CallContext } from '../core/call-context.ts';
import { GatewayError } from '../core/gateway-error.ts';

/** The error shape a route's clients expect (`vercel`: the AI SDK's gateway provider). */
export type ClientProtocol = 'openai' | 'anthropic' | 'vercel';

export interface Route {
  method: 'GET' | 'POST' | 'HEAD';
  /** Exact path, or with `prefix` the path every matching request starts with. */
  path: string;
  prefix?: boolean;
  protocol: ClientProtocol;
  /** Public routes (health, readiness) need no API key. */
  public?: boolean;
  /** Admin routes need an admin key (see `AdminAuth`). */
  admin?: boolean;
  handle(ctx: CallContext): Response | Promise<Response>;
}

export interface RouteMatch {
  route: Route;
  /** For prefix routes, the decoded remainder of the path. */
  rest: string;
}

/**
 * Method + path → route in one `Map.get` for exact paths; the few prefix routes (ids that contain
 * slashes, like `/v1/models/openai/gpt-4o`) are tried after.
 */
export class RouteTable {
  /** method → path → route: two lookups, no key string built per request. */
  readonly #exact = new Map<string, Map<string, Route>>();
  readonly #methodsByPath = new Map<string, string[]>();
  readonly #prefixes: Route[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (route.prefix === true) this.#prefixes.push(route);
      else {
        const byPath = this.#exact.get(route.method) ?? new Map<string, Route>();
        byPath.set(route.path, route);
        this.#exact.set(route.method, byPath);
      }
      const methods = this.#methodsByPath.get(route.path) ?? [];
      methods.push(route.method);
      this.#methodsByPath.set(route.path, methods);
    }
  }

  match(method: string, path: string): RouteMatch {
    const exact = this.#exact.get(method)?.get(path);
    if (exact !== undefined) return { route: exact, rest: '' };
    for (const route of this.#prefixes) {
      if (route.method === method && path.startsWith(route.path) && path.length > route.path.length) {
        return { route, rest: safeDecode(path.slice(route.path.length)) };
      }
    }
    const allowed = this.#methodsByPath.get(path);
    if (allowed !== undefined) {
      throw new GatewayError(
        'method_not_allowed',
        `${method} is not supported on ${path}; use ${allowed.join(' or ')}.`,
      );
    }
    throw new GatewayError('route_not_found', `No route for ${method} ${path}.`, {
      clientCode: 'unknown_url',
    });
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
