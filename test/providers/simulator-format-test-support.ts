import { readFileSync } from 'node:fs';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { parse as parseYaml } from 'yaml';

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

export function readBinaryFixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** One server-sent event: its `event:` name (when it has one) and its `data:`. */
export interface SseEvent {
  event: string | undefined;
  data: string;
}

/** Splits an SSE body into events; `\n\n` and `\r\n\r\n` separators (Gemini) both work. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (event !== undefined || data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return events;
}

/** The parsed JSON `data:` of each event (`[DONE]` left out). */
export function sseJson(text: string): Record<string, unknown>[] {
  return parseSse(text)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

/** A sequence with runs of the same entry collapsed (`delta` ×30 → `delta`). */
export function collapseRuns<T>(values: readonly T[]): T[] {
  const collapsed: T[] = [];
  for (const value of values) if (collapsed.at(-1) !== value) collapsed.push(value);
  return collapsed;
}

/** One recorded exchange, whichever recorder wrote the cassette. */
export interface RecordedExchange {
  url: string;
  requestBody: unknown;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type Cassette = {
  interactions: {
    request: { url?: string; uri?: string; body?: unknown; parsed_body?: unknown };
    response: {
      code?: number;
      status?: { code: number } | string;
      headers?: Record<string, string[]>;
      body?: unknown;
      parsed_body?: unknown;
    };
  }[];
};

function parseBody(body: unknown): unknown {
  const text = typeof body === 'object' && body !== null && 'string' in body ? body.string : body;
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The exchanges of a go-vcr (`fantasy`, `envoy`: `body` strings) or vcrpy (`pydantic-ai`:
 * `parsed_body`) cassette, with JSON bodies parsed and header names lower-cased.
 */
export function readCassette(path: string): RecordedExchange[] {
  const cassette = parseYaml(readFileSync(new URL(path, FIXTURES), 'utf8')) as Cassette;
  return cassette.interactions.map(({ request, response }) => {
    const status = response.code ?? (typeof response.status === 'object' ? response.status.code : 0);
    const headers = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, values]) => [name.toLowerCase(), values[0] ?? '']),
    );
    return {
      url: request.url ?? request.uri ?? '',
      requestBody: request.parsed_body ?? parseBody(request.body),
      status,
      headers,
      body: response.parsed_body ?? parseBody(response.body),
    };
  });
}

/** One AWS event stream message: its headers and its JSON payload. */
export interface EventStreamFrame {
  headers: Record<string, string>;
  payload: Record<string, unknown>;
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** Decodes an AWS event stream with the AWS SDK's own codec (which checks both CRCs). */
export function decodeEventStream(bytes: Uint8Array): EventStreamFrame[] {
  const frames: EventStreamFrame[] = [];
  let offset = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    frames.push({ headers, payload: JSON.parse(toUtf8(message.body)) as Record<string, unknown> });
    offset += length;
  }
  return frames;
}

/** A finished HTTP exchange with the simulator. */
export interface PostResult {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/** POSTs a JSON body (or raw text) and reads the whole answer. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

/** A SigV4-looking `authorization` header: the simulator checks its form, not its signature. */
export const SIGV4_HEADERS = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/bedrock/aws4_request, ' +
    'SignedHeaders=host;x-amz-date, Signature=0000',
};
