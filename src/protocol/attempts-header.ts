import type { AttemptRecord } from '../core/call-record.ts';

/**
 * `x-tollgate-attempts`: every target a call tried, in order, so a client sees a failover without
 * reading logs. One entry per attempt, comma-separated:
 * `<provider>:<upstream model>;status=<status>;ms=<duration>[;error=<gateway code>]`, e.g.
 * `a:gpt-4o;status=503;ms=12;error=upstream_overloaded, b:gpt-4o;status=200;ms=41`.
 */
export function attemptsHeader(attempts: readonly AttemptRecord[]): string {
  let header = '';
  for (const attempt of attempts) {
    if (header !== '') header += ', ';
    // Status 0: the attempt now answering (its headers are being built): it succeeded.
    const status = attempt.status === 0 ? 200 : attempt.status;
    const ms = attempt.status === 0 ? Date.now() - attempt.startedAt : Math.round(attempt.durationMs);
    header += `${attempt.provider}:${attempt.upstreamModel};status=${status};ms=${ms}`;
    if (attempt.error !== undefined) header += `;error=${attempt.error}`;
  }
  return header;
}

/** The attempts as listed in an error body (a failed call's answer says what was tried). */
export function attemptsForBody(
  attempts: readonly AttemptRecord[],
): { provider: string; model: string; status: number; error: string | undefined; duration_ms: number }[] {
  return attempts.map((attempt) => ({
    provider: attempt.provider,
    model: attempt.upstreamModel,
    status: attempt.status,
    error: attempt.error,
    duration_ms: Math.round(attempt.durationMs),
  }));
}
