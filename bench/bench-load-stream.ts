// Streaming load: a fixed number of `stream: true` calls open at once (closed loop). Per stream:
// time to first token (first `data:` event whose delta carries content) and total time, both from
// the moment the request was sent.
import { type HttpLoad, loadPool } from './bench-load-closed.ts';
import { type LatencySummary, round, Samples } from './bench-stats.ts';

export interface StreamResult {
  seconds: number;
  /** Streams that ended with `data: [DONE]`. */
  completed: number;
  streamsPerSecond: number;
  /** Transport errors and streams cut before `[DONE]` or without a content event. */
  errors: number;
  non2xx: number;
  ttft: LatencySummary;
  total: LatencySummary;
}

/** True when one SSE event is a `data:` line whose first choice's delta has non-empty content. */
function carriesContent(event: string): boolean {
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]' || !data.includes('"content"')) continue;
    try {
      const chunk = JSON.parse(data) as { choices?: { delta?: { content?: unknown } }[] };
      const content = chunk.choices?.[0]?.delta?.content;
      if (typeof content === 'string' && content.length > 0) return true;
    } catch {
      // not JSON: not a content event
    }
  }
  return false;
}

export async function runStreams(
  load: HttpLoad,
  concurrency: number,
  seconds: number,
): Promise<StreamResult> {
  const { pool, options } = loadPool(load, concurrency);
  const ttft = new Samples();
  const total = new Samples();
  let errors = 0;
  let non2xx = 0;

  const oneStream = async (): Promise<void> => {
    const sent = performance.now();
    try {
      const response = await pool.request(options);
      if (response.statusCode !== 200) {
        await response.body.dump();
        non2xx++;
        return;
      }
      response.body.setEncoding('utf8');
      let firstToken = -1;
      let pending = '';
      let tail = '';
      for await (const chunk of response.body as AsyncIterable<string>) {
        if (firstToken < 0) {
          pending += chunk;
          let end = pending.indexOf('\n\n');
          while (firstToken < 0 && end >= 0) {
            if (carriesContent(pending.slice(0, end))) firstToken = performance.now();
            pending = pending.slice(end + 2);
            end = pending.indexOf('\n\n');
          }
        }
        tail = (tail + chunk).slice(-64);
      }
      const done = performance.now();
      if (firstToken < 0 || !tail.includes('data: [DONE]')) {
        errors++;
        return;
      }
      ttft.add(firstToken - sent);
      total.add(done - sent);
    } catch {
      errors++;
    }
  };

  const start = performance.now();
  const deadline = start + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) await oneStream();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  await pool.close();
  return {
    seconds: round(elapsed) ?? elapsed,
    completed: total.count,
    streamsPerSecond: Math.round(total.count / elapsed),
    errors,
    non2xx,
    ttft: ttft.summary(),
    total: total.summary(),
  };
}
