// Streaming load: a fixed number of `stream: true` calls open at once (closed loop). Per stream:
// time to first token and total time, both from the moment the request was sent. The first token is
// the first event that carries text: for OpenAI SSE a `data:` chunk whose delta has content, for
// Anthropic SSE a `content_block_delta` with non-empty text.
import { type HttpLoad, loadPool } from './bench-load-closed.ts';
import { type LatencySummary, round, Samples } from './bench-stats.ts';

/** The SSE dialect the client reads. */
export type StreamProtocol = 'openai' | 'anthropic';

export interface StreamLoad extends HttpLoad {
  protocol: StreamProtocol;
}

export interface StreamResult {
  seconds: number;
  /** Streams that ended properly (OpenAI: `data: [DONE]`; Anthropic: a `message_stop` event). */
  completed: number;
  streamsPerSecond: number;
  /** Transport errors and streams cut before their end or without a content event. */
  errors: number;
  non2xx: number;
  ttft: LatencySummary;
  total: LatencySummary;
}

/** True when one OpenAI SSE event is a `data:` line whose first choice's delta has non-empty content. */
function openaiCarriesContent(event: string): boolean {
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

/** True when one Anthropic SSE event is a `content_block_delta` whose delta has non-empty text. */
function anthropicCarriesContent(event: string): boolean {
  for (const line of event.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (!data.includes('"content_block_delta"')) continue;
    try {
      const chunk = JSON.parse(data) as { type?: unknown; delta?: { text?: unknown } };
      const text = chunk.delta?.text;
      if (chunk.type === 'content_block_delta' && typeof text === 'string' && text.length > 0) return true;
    } catch {
      // not JSON: not a content event
    }
  }
  return false;
}

const DIALECTS: Record<StreamProtocol, { carriesContent: (event: string) => boolean; endMarker: string }> = {
  openai: { carriesContent: openaiCarriesContent, endMarker: 'data: [DONE]' },
  anthropic: { carriesContent: anthropicCarriesContent, endMarker: '"type":"message_stop"' },
};

export async function runStreams(
  load: StreamLoad,
  concurrency: number,
  seconds: number,
): Promise<StreamResult> {
  const { pool, options } = loadPool(load, concurrency);
  const { carriesContent, endMarker } = DIALECTS[load.protocol];
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
      if (firstToken < 0 || !tail.includes(endMarker)) {
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
