// Closed-loop load with autocannon: N connections, each sends its next request when the previous
// answer arrived. Used for maximum throughput (many connections) and fixed concurrency (a few).
// Latencies are taken from autocannon's per-response event (sub-millisecond), not its histogram,
// which rounds to whole milliseconds.
import autocannon from 'autocannon';
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
