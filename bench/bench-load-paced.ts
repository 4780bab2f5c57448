// Open-loop load at a fixed rate: request i is due at start + i / rate, whatever happened to the
// earlier ones, and its latency runs from that due time (not from when it actually left), so a
// stall of the target counts for every request it held up (no coordinated omission). autocannon's
// rate limiter sends each second's quota in a burst, hence this generator.
import { type HttpLoad, type LoadResult, loadPool } from './bench-load-closed.ts';
import { type LatencySummary, round, Samples } from './bench-stats.ts';

export interface PacedResult extends LoadResult {
  /** Requests per second asked for. */
  rate: number;
  /** How late the generator itself sent (timer granularity), ms; part of `latency`. */
  sendLag: LatencySummary;
  /** Latency from the actual send, ms (what a closed-loop tool would report). */
  serviceLatency: LatencySummary;
}

export async function runPaced(load: HttpLoad, rate: number, seconds: number): Promise<PacedResult> {
  const { pool, options } = loadPool(load, 256);
  const latency = new Samples();
  const service = new Samples();
  const lag = new Samples();
  let errors = 0;
  let non2xx = 0;

  const send = async (scheduled: number): Promise<void> => {
    const sent = performance.now();
    try {
      const response = await pool.request(options);
      await response.body.text();
      const end = performance.now();
      if (scheduled < 0) return;
      if (response.statusCode < 200 || response.statusCode >= 300) {
        non2xx++;
        return;
      }
      lag.add(sent - scheduled);
      latency.add(end - scheduled);
      service.add(end - sent);
    } catch {
      if (scheduled >= 0) errors++;
    }
  };

  // A few connections opened before the clock starts, so the first due requests do not pay them.
  await Promise.all(Array.from({ length: 8 }, () => send(-1)));

  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const start = performance.now() + 2;
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        pending.push(send(start + next * interval));
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
      else resolve();
    };
    setTimeout(tick, 2);
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  return {
    rate,
    seconds: round(elapsed) ?? elapsed,
    completed: latency.count,
    requestsPerSecond: Math.round(latency.count / elapsed),
    errors,
    non2xx,
    latency: latency.summary(),
    sendLag: lag.summary(),
    serviceLatency: service.summary(),
  };
}
