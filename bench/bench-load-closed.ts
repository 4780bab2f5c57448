// Closed-loop load with autocannon: N connections, each sends its next request when the previous
// answer arrived. Used for maximum throughput (many connections) and fixed concurrency (a few).
// Latencies are taken from autocannon's per-response event (sub-millisecond), not its histogram,
// which rounds to whole milliseconds.
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { type LatencySummary, round, Samples } from './bench-stats.ts';

export interface LoadResult {
  /** Measured wall time in seconds. */
  seconds: number;
  /** 2xx answers completed. */
  completed: number;
  requestsPerSecond: number;
  /** Transport errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Latency of the 2xx answers, ms. */
  latency: LatencySummary;
}

export interface HttpLoad {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/** An undici pool for a hand-written load generator, and the request options it sends. */
export function loadPool(load: HttpLoad, connections: number) {
  const url = new URL(load.url);
  const pool = new Pool(url.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const options = { path: url.pathname, method: 'POST' as const, headers: load.headers, body: load.body };
  return { pool, options };
}

export function runClosedLoop(load: HttpLoad, connections: number, seconds: number): Promise<LoadResult> {
  const samples = new Samples();
  let non2xx = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: load.url,
        method: 'POST',
        headers: { ...load.headers },
        body: load.body,
        connections,
        pipelining: 1,
        duration: seconds,
        timeout: 10,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const elapsed = (performance.now() - started) / 1000;
        resolve({
          seconds: round(elapsed) ?? elapsed,
          completed: samples.count,
          requestsPerSecond: Math.round(samples.count / elapsed),
          errors: result.errors,
          non2xx,
          latency: samples.summary(),
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) samples.add(responseTime);
      else non2xx++;
    });
  });
}
