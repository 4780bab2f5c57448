import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';

/** One scripted upstream answer: status, headers, and body pieces written with pauses between. */
export interface ReplayAnswer {
  status: number;
  headers: Record<string, string>;
  chunks: { bytes: Buffer; delayMs?: number }[];
  /** Destroy the socket after the chunks instead of ending the response. */
  destroyAfter?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when the gateway closed the connection before the answer was complete. */
  closedEarly: boolean;
}

export interface ReplayUpstream {
  url: string;
  received: ReceivedRequest[];
  /** The answer to give to the next requests. */
  answer: ReplayAnswer;
  close(): Promise<void>;
}

/**
 * A fake upstream that replays recorded provider bytes exactly as scripted, and records what the
 * gateway sent it — so a test can compare bytes in and bytes out of the gateway.
 */
export async function startReplayUpstream(answer: ReplayAnswer): Promise<ReplayUpstream> {
  const received: ReceivedRequest[] = [];
  const state = { answer };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const entry: ReceivedRequest = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        closedEarly: false,
      };
      received.push(entry);
      response.once('close', () => {
        if (!response.writableFinished) entry.closedEarly = true;
      });
      const current = state.answer;
      response.writeHead(current.status, current.headers);
      response.flushHeaders();
      for (const chunk of current.chunks) {
        if (chunk.delayMs) await new Promise((resolve) => setTimeout(resolve, chunk.delayMs));
        if (response.destroyed) return;
        response.write(chunk.bytes);
      }
      if (current.destroyAfter) response.socket?.destroy();
      else response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get answer() {
      return state.answer;
    },
    set answer(next: ReplayAnswer) {
      state.answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

/** Bytes of a copied recording (see test/fixtures/providers/SOURCES.md). */
export function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** The response body of interaction `index` of a go-vcr cassette. */
export function cassetteResponseBody(path: string, index = 0): string {
  const cassette = parse(fixtureBytes(path).toString('utf8')) as {
    interactions: { response: { body: string } }[];
  };
  const interaction = cassette.interactions[index];
  if (interaction === undefined) throw new Error(`${path} has no interaction ${index}`);
  return interaction.response.body;
}

/** Splits an SSE body into its events, each with its terminating blank line. */
export function sseEvents(body: Buffer): Buffer[] {
  const text = body.toString('utf8');
  return text
    .split(/(?<=\n\n)/)
    .filter((event) => event.trim() !== '')
    .map((event) => Buffer.from(event));
}
