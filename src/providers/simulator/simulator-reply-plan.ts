/**
 * One timed action of a reply body. `delayMs` counts from the previous step (the first step from
 * the moment the headers went out), so a plan is a pure description of the timing that the players
 * (`simulator-http-player.ts`, `simulator-readable-player.ts`) follow against one deadline clock.
 */
export type SimulatorReplyStep =
  /** Send these bytes. */
  | { readonly type: 'write'; readonly delayMs: number; readonly bytes: Buffer }
  /** Reset the connection (TCP RST over HTTP; an `ECONNRESET` error in process). */
  | { readonly type: 'reset'; readonly delayMs: number }
  /** Close the connection although the body is incomplete (over HTTP a plain close, not a reset). */
  | { readonly type: 'drop'; readonly delayMs: number };

/**
 * Everything the simulator will do for one request, decided up front from the request and the
 * behaviour settings. Pure data: the core that builds it does no I/O and arms no timer, so it is
 * unit-testable, and both players stay small.
 */
export type SimulatorReplyPlan =
  | {
      readonly kind: 'respond';
      readonly status: number;
      /** Lower-case names; `content-length` only when the body is known up front. */
      readonly headers: Readonly<Record<string, string>>;
      /** Wait before the headers go out (a non-stream reply is only sent when fully generated). */
      readonly delayMs: number;
      /** After the last step the body ends cleanly unless that step is a `reset` or `drop`. */
      readonly steps: readonly SimulatorReplyStep[];
    }
  /** Reset the connection before any header. */
  | { readonly kind: 'reset'; readonly delayMs: number }
  /** Never answer; only the client going away (or the abort signal) ends it. */
  | { readonly kind: 'hang' };

/** A plan that sends a whole body at once: the shape of every error and non-stream reply. */
export function simulatorImmediateReply(
  status: number,
  headers: Readonly<Record<string, string>>,
  bytes: Buffer,
  delayMs = 0,
): SimulatorReplyPlan {
  return { kind: 'respond', status, headers, delayMs, steps: [{ type: 'write', delayMs: 0, bytes }] };
}
