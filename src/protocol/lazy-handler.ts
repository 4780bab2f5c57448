import type { CallContext } from '../core/call-context.ts';

/** A route handler. */
export type Handler = (ctx: CallContext) => Response | Promise<Response>;

/**
 * A handler whose module is loaded on its first request. The APIs most deployments never call
 * (Responses, Embeddings, Images, the Vercel gateway protocol) stay out of the process until they
 * are used: loading their ~100 modules at start cost every chat call ~9% more instructions
 * (measured with `perf stat`: more live code and objects for the collector on each scavenge).
 * The first call pays the load once (tens of milliseconds); a load failure is a 500 on that route.
 */
export function lazyHandler(load: () => Promise<Handler>): Handler {
  let loaded: Promise<Handler> | undefined;
  return async (ctx) => {
    loaded ??= load();
    return (await loaded)(ctx);
  };
}
