import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from '@ai-sdk/provider';
import { parse } from 'yaml';
import { parseConfigText } from '../../src/config/config-load.ts';
import type { ProviderConfig } from '../../src/config/config-types.ts';
import type { GatewayError } from '../../src/core/gateway-error.ts';
import { classifyCanonicalError } from '../../src/protocol/canonical/canonical-error.ts';
import type { Provider } from '../../src/providers/provider-types.ts';
import type {
  UpstreamBodySink,
  UpstreamExchange,
  UpstreamHead,
  UpstreamHeaders,
  UpstreamRequest,
  UpstreamTransport,
} from '../../src/upstream/upstream-transport.ts';

/**
 * What the provider adapter tests (`test/providers/adapter-*.test.ts`) stand on, in three parts:
 * the replay transport, the readers that turn the copied recordings (SOURCES.md) into answers for
 * it, and small readers of the canonical results. One file because the tests share all three.
 *
 * An in-process `UpstreamTransport` for provider adapter tests: every `start()` is answered with
 * a scripted response (status, headers, body bytes cut into chunks) and the request is recorded.
 * It keeps the push contract of `upstream-transport.ts` the way the undici transport does: the
 * head resolves on a later turn of the event loop, `consume()` then pushes one chunk per turn
 * (so framing is exercised across reads), honours `pause()`/`resume()`, and ends with exactly one
 * `onEnd` or `onError`; `abort()` rejects the head or errors the body with its reason.
 */

/** One scripted upstream answer. */
export interface ReplayAnswer {
  status: number;
  /** Lower-case names. */
  headers?: UpstreamHeaders;
  body?: string | Uint8Array;
  /** Cut the body into chunks of this many bytes (default: one chunk). */
  chunkSize?: number;
  /** Explicit chunks instead of `body` + `chunkSize`. */
  chunks?: readonly Uint8Array[];
  /** The upstream cannot be reached: `head` rejects with this error. */
  failBeforeHead?: Error;
  /** The connection breaks with this error after the chunks were delivered, instead of ending. */
  failAfterBody?: Error;
}

/** What the adapter sent, as the transport received it. */
export interface ReplayRequest extends UpstreamRequest {
  /** The body decoded as UTF-8 (`''` when there was none). */
  bodyText: string;
}

/** Splits bytes into pieces of `size` bytes (the last one shorter). */
export function splitBytes(bytes: Uint8Array, size: number): Buffer[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`chunk size must be a positive integer: ${size}`);
  const out: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) {
    out.push(Buffer.from(bytes.subarray(start, Math.min(bytes.length, start + size))));
  }
  return out;
}

function answerChunks(answer: ReplayAnswer): Buffer[] {
  if (answer.chunks !== undefined) return answer.chunks.map((chunk) => Buffer.from(chunk));
  const body = answer.body ?? '';
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  if (bytes.length === 0) return [];
  return answer.chunkSize === undefined ? [bytes] : splitBytes(bytes, answer.chunkSize);
}

type ExchangeState = 'connecting' | 'head' | 'body' | 'ended' | 'failed';

/** One replayed exchange; its state is visible to tests (`state`, `abortReason`, `pauses`). */
export class ReplayExchange implements UpstreamExchange {
  readonly head: Promise<UpstreamHead>;
  state: ExchangeState = 'connecting';
  abortReason: Error | undefined;
  /** How many times the reader asked for backpressure. */
  pauses = 0;
  /** Chunks handed to the sink so far. */
  delivered = 0;
  readonly #answer: ReplayAnswer;
  readonly #chunks: Buffer[];
  #rejectHead!: (error: Error) => void;
  #sink: UpstreamBodySink | undefined;
  #paused = false;
  #scheduled = false;
  #pendingError: Error | undefined;

  constructor(answer: ReplayAnswer) {
    this.#answer = answer;
    this.#chunks = answerChunks(answer);
    this.head = new Promise<UpstreamHead>((resolve, reject) => {
      this.#rejectHead = reject;
      setImmediate(() => {
        if (this.state !== 'connecting') return;
        if (answer.failBeforeHead !== undefined) {
          this.state = 'failed';
          reject(answer.failBeforeHead);
          return;
        }
        this.state = 'head';
        resolve({ status: answer.status, headers: { ...answer.headers } });
      });
    });
    // A head nobody awaits (aborted early) must not become an unhandled rejection.
    this.head.catch(() => {});
  }

  consume(sink: UpstreamBodySink): void {
    if (this.#sink !== undefined) throw new Error('ReplayExchange: consume() called twice');
    if (this.state === 'connecting') throw new Error('ReplayExchange: consume() called before the head');
    this.#sink = sink;
    if (this.#pendingError !== undefined) {
      this.#fail(this.#pendingError);
      return;
    }
    if (this.state === 'failed') return;
    this.state = 'body';
    this.#schedule();
  }

  pause(): void {
    this.pauses++;
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.#schedule();
  }

  abort(reason: Error): void {
    if (this.state === 'ended' || this.state === 'failed') return;
    this.abortReason = reason;
    if (this.state === 'connecting') {
      this.state = 'failed';
      this.#rejectHead(reason);
    } else if (this.#sink === undefined) {
      this.#pendingError = reason;
    } else {
      this.#fail(reason);
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#paused || this.state !== 'body') return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#deliver();
    });
  }

  #deliver(): void {
    if (this.state !== 'body' || this.#paused) return;
    const sink = this.#sink as UpstreamBodySink;
    const chunk = this.#chunks[this.delivered];
    if (chunk !== undefined) {
      this.delivered++;
      sink.onData(chunk);
      this.#schedule();
      return;
    }
    if (this.#answer.failAfterBody !== undefined) {
      this.#fail(this.#answer.failAfterBody);
      return;
    }
    this.state = 'ended';
    sink.onEnd();
  }

  #fail(error: Error): void {
    this.state = 'failed';
    this.#sink?.onError(error);
  }
}

/**
 * Answers each `start()` with the next scripted answer (the last one repeats) and records every
 * request in `requests`.
 */
export class ReplayTransport implements UpstreamTransport {
  readonly requests: ReplayRequest[] = [];
  readonly exchanges: ReplayExchange[] = [];
  closed = false;
  readonly #answers: ReplayAnswer[];

  constructor(...answers: ReplayAnswer[]) {
    if (answers.length === 0) throw new Error('ReplayTransport needs at least one answer');
    this.#answers = answers;
  }

  start(request: UpstreamRequest): UpstreamExchange {
    const body = request.body;
    this.requests.push({
      ...request,
      headers: { ...request.headers },
      bodyText: body === null ? '' : typeof body === 'string' ? body : Buffer.from(body).toString('utf8'),
    });
    const answer = this.#answers.length > 1 ? this.#answers.shift() : this.#answers[0];
    const exchange = new ReplayExchange(answer as ReplayAnswer);
    this.exchanges.push(exchange);
    return exchange;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** The one request the test expects; fails when there were none or several. */
  onlyRequest(): ReplayRequest {
    if (this.requests.length !== 1)
      throw new Error(`expected one upstream request, got ${this.requests.length}`);
    return this.requests[0] as ReplayRequest;
  }
}

// ---------------------------------------------------------------------------------------------
// Recordings (test/fixtures/providers, see SOURCES.md) turned into replay answers.

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);

/** Bytes of a copied recording. */
function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

export function fixtureText(path: string): string {
  return fixtureBytes(path).toString('utf8');
}

/** A recorded HTTP answer: status, lower-case headers, body bytes. */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Headers that describe the recorded transfer, not the body we replay (re-serialized, decoded). */
const TRANSFER_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection']);

function headerText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function recordedHeaders(raw: Record<string, unknown> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw ?? {})) {
    const lower = name.toLowerCase();
    if (TRANSFER_HEADERS.has(lower)) continue;
    headers[lower] = Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);
  }
  return headers;
}

function bodyBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

interface CassetteResponse {
  /** go-vcr v2 */
  code?: number;
  /** vcrpy */
  status?: { code: number };
  headers?: Record<string, unknown>;
  /** go-vcr: the body text; vcrpy: `{ string }` (text or `!!binary`). */
  body?: string | { string?: string | Uint8Array };
  /** pydantic-ai's serializer: the JSON body as YAML. */
  parsed_body?: unknown;
}

interface CassetteRequest {
  body?: unknown;
  parsed_body?: unknown;
  uri?: string;
  url?: string;
}

interface Cassette {
  interactions: { request: CassetteRequest; response: CassetteResponse }[];
}

const cassettes = new Map<string, Cassette>();

function readCassette(path: string): Cassette {
  let cassette = cassettes.get(path);
  if (cassette === undefined) {
    cassette = parse(fixtureText(path), { customTags: ['binary'] }) as Cassette;
    cassettes.set(path, cassette);
  }
  return cassette;
}

/**
 * The response of interaction `index` of a go-vcr (`version: 2`) or vcrpy cassette. A
 * `parsed_body` (pydantic-ai) is serialized back to JSON: structurally the recorded body.
 */
export function cassetteAnswer(path: string, index = 0): RecordedAnswer {
  const interaction = readCassette(path).interactions[index];
  if (interaction === undefined) throw new Error(`${path} has no interaction ${index}`);
  const response = interaction.response;
  const status = response.code ?? response.status?.code;
  if (status === undefined) throw new Error(`${path} interaction ${index} has no status`);
  const body =
    response.parsed_body !== undefined
      ? response.parsed_body
      : typeof response.body === 'object'
        ? response.body.string
        : response.body;
  return {
    status,
    headers: recordedHeaders(response.headers),
    body: decoded(response.headers, bodyBuffer(body)),
  };
}

/** Undoes a recorded `content-encoding` (the replayed answer does not carry the header). */
function decoded(headers: Record<string, unknown> | undefined, body: Buffer): Buffer {
  const name = Object.keys(headers ?? {}).find((key) => key.toLowerCase() === 'content-encoding');
  const raw = name === undefined ? undefined : (headers as Record<string, unknown>)[name];
  const encoding = headerText(Array.isArray(raw) ? raw[0] : (raw ?? '')).toLowerCase();
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  return body;
}

/**
 * Interaction `index` of an anthropic-sdk-python inline snapshot
 * (`[{request, response: {status_code, headers, body}}]`).
 */
export function snapshotAnswer(path: string, index = 0): RecordedAnswer {
  const snapshot = JSON.parse(fixtureText(path)) as {
    response: { status_code: number; headers: Record<string, string>; body: unknown };
  }[];
  const entry = snapshot[index];
  if (entry === undefined) throw new Error(`${path} has no interaction ${index}`);
  const { status_code, headers, body } = entry.response;
  return { status: status_code, headers: recordedHeaders(headers), body: bodyBuffer(body) };
}

/** A raw body file (`extracted/`, `.sse`, `.json`, `.eventstream`) as a 200 answer. */
export function fileAnswer(path: string, contentType: string, status = 200): RecordedAnswer {
  return { status, headers: { 'content-type': contentType }, body: fixtureBytes(path) };
}

/**
 * A vercel/ai `.chunks.txt` (one decoded JSON event per line) framed back into SSE:
 * `data: <line>\n\n`, with `event: <type>` first when `eventField` names the JSON field that
 * carries the event type (Anthropic: `type`), and `data: [DONE]` last when `done` (OpenAI style).
 */
export function chunksAsSse(
  path: string,
  options: { eventField?: string; done?: boolean } = {},
): RecordedAnswer {
  const lines = fixtureText(path)
    .split('\n')
    .filter((line) => line.trim() !== '');
  let body = '';
  for (const line of lines) {
    if (options.eventField !== undefined) {
      const event = (JSON.parse(line) as Record<string, unknown>)[options.eventField];
      if (typeof event === 'string') body += `event: ${event}\n`;
    }
    body += `data: ${line}\n\n`;
  }
  if (options.done === true) body += 'data: [DONE]\n\n';
  return { status: 200, headers: { 'content-type': 'text/event-stream' }, body: Buffer.from(body, 'utf8') };
}

/** A recorded answer as a replay answer, its body cut into `chunkSize`-byte chunks. */
export function replayOf(recorded: RecordedAnswer, chunkSize?: number): ReplayAnswer {
  return { status: recorded.status, headers: recorded.headers, body: recorded.body, chunkSize };
}

// ---------------------------------------------------------------------------------------------
// Building providers and reading what they produce.

/** The one provider of a YAML config (`providers: { <name>: {...} }`), parsed as the gateway does. */
export function providerConfigFromYaml(yaml: string): ProviderConfig {
  const config = parseConfigText(yaml, 'adapter-test.yaml', {});
  const provider = config.providers[0];
  if (provider === undefined || config.providers.length !== 1)
    throw new Error('expected exactly one provider');
  return provider;
}

/** Reads a canonical stream to its end. */
export async function readAllParts(
  stream: ReadableStream<LanguageModelV4StreamPart>,
): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The concatenated `text-delta` (or `reasoning-delta`) texts of a stream. */
export function joinedDeltas(
  parts: readonly LanguageModelV4StreamPart[],
  type: 'text-delta' | 'reasoning-delta',
): string {
  let text = '';
  for (const part of parts) if (part.type === type) text += part.delta;
  return text;
}

/** The stream's `finish` part. */
export function finishPart(
  parts: readonly LanguageModelV4StreamPart[],
): Extract<LanguageModelV4StreamPart, { type: 'finish' }> {
  const finish = parts.filter((part) => part.type === 'finish');
  if (finish.length !== 1) throw new Error(`expected one finish part, got ${finish.length}`);
  return finish[0] as Extract<LanguageModelV4StreamPart, { type: 'finish' }>;
}

/** The metadata a provider attached to a stream part, for the parts that carry any. */
export function partMetadata(
  part: LanguageModelV4StreamPart,
  provider: string,
): Record<string, unknown> | undefined {
  const metadata = 'providerMetadata' in part ? part.providerMetadata : undefined;
  return metadata?.[provider] as Record<string, unknown> | undefined;
}

/** A minimal user prompt in the canonical shape. */
export function userPrompt(text: string): { role: 'user'; content: { type: 'text'; text: string }[] }[] {
  return [{ role: 'user', content: [{ type: 'text', text }] }];
}

/** The token counts of a canonical usage, without the provider's raw record. */
export function tokenCounts(
  usage: LanguageModelV4Usage,
): Pick<LanguageModelV4Usage, 'inputTokens' | 'outputTokens'> {
  return { inputTokens: { ...usage.inputTokens }, outputTokens: { ...usage.outputTokens } };
}

/**
 * What the gateway makes of a translated call that failed: runs `call` (expected to reject) and
 * classifies the rejection the way the canonical call runner does.
 */
export async function canonicalRejection(
  provider: Provider,
  call: () => PromiseLike<unknown>,
): Promise<GatewayError> {
  try {
    await call();
  } catch (error) {
    return classifyCanonicalError(error, provider, false);
  }
  throw new Error('expected the call to reject');
}

/**
 * A count the recording does not report (no cached or reasoning detail in the provider's usage):
 * both 0 and "unknown" are faithful translations, and adapters differ on which they give.
 */
export const UNREPORTED = Symbol('unreported');
type ExpectedCount = number | undefined | typeof UNREPORTED;

export interface ExpectedTokenCounts {
  inputTokens: {
    total: ExpectedCount;
    noCache: ExpectedCount;
    cacheRead: ExpectedCount;
    cacheWrite: ExpectedCount;
  };
  outputTokens: { total: ExpectedCount; text: ExpectedCount; reasoning: ExpectedCount };
}

/** Compares every token count of a usage; `UNREPORTED` accepts 0 or undefined. */
export function assertTokenCounts(usage: LanguageModelV4Usage, expected: ExpectedTokenCounts): void {
  const actual = tokenCounts(usage);
  const resolve = (want: ExpectedCount, got: number | undefined): number | undefined =>
    want === UNREPORTED ? (got === 0 || got === undefined ? got : Number.NaN) : want;
  const wanted = {
    inputTokens: {
      total: resolve(expected.inputTokens.total, actual.inputTokens.total),
      noCache: resolve(expected.inputTokens.noCache, actual.inputTokens.noCache),
      cacheRead: resolve(expected.inputTokens.cacheRead, actual.inputTokens.cacheRead),
      cacheWrite: resolve(expected.inputTokens.cacheWrite, actual.inputTokens.cacheWrite),
    },
    outputTokens: {
      total: resolve(expected.outputTokens.total, actual.outputTokens.total),
      text: resolve(expected.outputTokens.text, actual.outputTokens.text),
      reasoning: resolve(expected.outputTokens.reasoning, actual.outputTokens.reasoning),
    },
  };
  assert.deepEqual(actual, wanted);
}
