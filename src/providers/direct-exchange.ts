import type { ProviderTimeouts } from '../config/config-types.ts';
import type { CanonicalStreamPart } from '../core/canonical.ts';
import { GatewayError } from '../core/gateway-error.ts';
import { readUpstreamText } from '../upstream/upstream-body.ts';
import { UpstreamDeadline } from '../upstream/upstream-deadline.ts';
import { classifyTransportError } from '../upstream/upstream-network-error.ts';
import type {
  UpstreamExchange,
  UpstreamHeaders,
  UpstreamRequest,
  UpstreamTransport,
} from '../upstream/upstream-transport.ts';
import type { CanonicalPartSink, CanonicalPartSource, DirectCallContext } from './direct-model.ts';

/** What a direct model needs of its provider to make one call. */
export interface DirectEndpoint {
  provider: string;
  timeouts: ProviderTimeouts;
  transport: UpstreamTransport;
  classifyError(status: number, headers: UpstreamHeaders, bodyText: string): GatewayError;
}

/** Decodes one wire format's stream events into canonical parts. */
export interface StreamDecoder {
  /** One SSE event: its `event:` name ('' when none) and its `data:` text. */
  event(name: string, data: string, emit: (part: CanonicalStreamPart) => void): void;
  /** The upstream ended; emit what completes the stream (e.g. a `finish`), if anything. */
  end(emit: (part: CanonicalStreamPart) => void): void;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_ERROR_BYTES = 256 * 1024;

async function open(
  endpoint: DirectEndpoint,
  request: UpstreamRequest,
  context: DirectCallContext,
): Promise<{ exchange: UpstreamExchange; deadline: UpstreamDeadline }> {
  const exchange = endpoint.transport.start(request);
  const deadline = new UpstreamDeadline(
    exchange,
    context.timeouts ?? endpoint.timeouts,
    endpoint.provider,
    context.clientSignal,
  );
  context.deadline = deadline;
  let status: number;
  let headers: UpstreamHeaders;
  try {
    ({ status, headers } = await exchange.head);
  } catch (error) {
    deadline.finish();
    throw classifyTransportError(deadline.reason ?? error, endpoint.provider);
  }
  deadline.headersReceived();
  if (status >= 300) {
    const text = await readUpstreamText(exchange, deadline, endpoint.provider, MAX_ERROR_BYTES);
    deadline.finish();
    throw endpoint.classifyError(status, headers, text);
  }
  return { exchange, deadline };
}

/** A non-streamed direct call: the upstream's JSON answer, parsed (failures classified). */
export async function directJsonCall(
  endpoint: DirectEndpoint,
  request: UpstreamRequest,
  context: DirectCallContext,
): Promise<unknown> {
  const { exchange, deadline } = await open(endpoint, request, context);
  const text = await readUpstreamText(exchange, deadline, endpoint.provider, MAX_BODY_BYTES);
  deadline.finish();
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(endpoint.provider, 'a body that is not JSON');
  }
}

/**
 * A streamed direct call: resolves with the part source once the first output part is decoded,
 * so an upstream that opens a stream only to report an error fails the call before anything
 * reaches the client (and can still fail over).
 */
export async function directStreamCall(
  endpoint: DirectEndpoint,
  request: UpstreamRequest,
  context: DirectCallContext,
  decoder: StreamDecoder,
): Promise<CanonicalPartSource> {
  const { exchange, deadline } = await open(endpoint, request, context);
  const source = new SsePartSource(exchange, deadline, decoder, endpoint.provider);
  await source.firstPart;
  return source;
}

export function malformed(provider: string, what: string): GatewayError {
  return new GatewayError('upstream_malformed', `Provider "${provider}" answered with ${what}.`, {
    provider,
  });
}

const LF_LF = '\n\n';

/**
 * Decodes an SSE body into canonical parts as chunks arrive: events split on blank lines (LF or
 * CRLF framing), one `JSON.parse` per event in the decoder. Parts decoded before a sink is
 * attached wait in a queue; the first output part (or an error before it) settles `firstPart`.
 */
class SsePartSource implements CanonicalPartSource {
  readonly #exchange: UpstreamExchange;
  readonly #deadline: UpstreamDeadline;
  readonly #decoder: StreamDecoder;
  readonly #provider: string;
  readonly firstPart: Promise<void>;
  #settleFirst!: (error?: unknown) => void;
  #first = true;
  #pending = '';
  #sink: CanonicalPartSink | undefined;
  #queue: CanonicalStreamPart[] | undefined = [];
  #ended = false;
  #failure: unknown;
  #done = false;
  readonly #emit = (part: CanonicalStreamPart): void => {
    if (this.#first) {
      if (part.type === 'error') {
        this.#first = false;
        this.#stop(part.error);
        return;
      }
      // Metadata is not output: an error right after it still fails the call as a whole.
      if (part.type !== 'response-metadata') {
        this.#first = false;
        this.#settleFirst();
      }
    }
    if (this.#sink !== undefined) this.#sink.onPart(part);
    else this.#queue?.push(part);
  };

  constructor(
    exchange: UpstreamExchange,
    deadline: UpstreamDeadline,
    decoder: StreamDecoder,
    provider: string,
  ) {
    this.#exchange = exchange;
    this.#deadline = deadline;
    this.#decoder = decoder;
    this.#provider = provider;
    this.firstPart = new Promise((resolve, reject) => {
      this.#settleFirst = (error) => (error === undefined ? resolve() : reject(error));
    });
    exchange.consume({
      onData: (chunk) => this.#onData(chunk),
      onEnd: () => this.#onEnd(),
      onError: (error) => this.#fail(classifyTransportError(this.#deadline.reason ?? error, this.#provider)),
    });
  }

  consume(sink: CanonicalPartSink): void {
    this.#sink = sink;
    const queue = this.#queue ?? [];
    this.#queue = undefined;
    for (const part of queue) sink.onPart(part);
    if (this.#failure !== undefined) sink.onError(this.#failure);
    else if (this.#ended) sink.onEnd();
  }

  #onData(chunk: Buffer): void {
    if (this.#done) return;
    this.#deadline.chunkReceived();
    let text = this.#pending + chunk.toString('utf8');
    if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
    let start = 0;
    try {
      for (;;) {
        const end = text.indexOf(LF_LF, start);
        if (end === -1) break;
        this.#event(text.slice(start, end));
        if (this.#done) return;
        start = end + 2;
      }
    } catch (error) {
      // Fail first: the abort below reports back through onError, which is then a no-op, so the
      // call is classified as a malformed answer rather than as a broken connection.
      this.#fail(
        error instanceof GatewayError ? error : malformed(this.#provider, 'a malformed stream event'),
      );
      this.#exchange.abort(error as Error);
      return;
    }
    this.#pending = text.slice(start);
  }

  #event(block: string): void {
    let name = '';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data += line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
      else if (line.startsWith('event:')) name = line.slice(line.charCodeAt(6) === 32 ? 7 : 6).trim();
    }
    if (data === '' && name === '') return;
    this.#decoder.event(name, data, this.#emit);
  }

  #onEnd(): void {
    if (this.#done) return;
    try {
      if (this.#pending.trim() !== '') this.#event(this.#pending);
      this.#decoder.end(this.#emit);
    } catch (error) {
      this.#fail(
        error instanceof GatewayError ? error : malformed(this.#provider, 'a malformed stream event'),
      );
      return;
    }
    if (this.#done) return;
    this.#done = true;
    this.#deadline.finish();
    if (this.#first) {
      this.#first = false;
      this.#settleFirst(malformed(this.#provider, 'a stream that ended before any output'));
      return;
    }
    this.#ended = true;
    this.#sink?.onEnd();
  }

  /** An error part came before any output: the call fails as a whole. */
  #stop(error: unknown): void {
    this.#done = true;
    this.#deadline.finish();
    this.#exchange.abort(new Error('stream error before output'));
    this.#settleFirst(error);
  }

  #fail(error: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#deadline.finish();
    if (this.#first) {
      this.#first = false;
      this.#settleFirst(error);
      return;
    }
    this.#failure = error;
    this.#sink?.onError(error);
  }

  pause(): void {
    this.#exchange.pause();
  }

  resume(): void {
    this.#exchange.resume();
  }

  abort(reason: Error): void {
    if (this.#done) return;
    this.#done = true;
    this.#deadline.abort(
      reason instanceof GatewayError ? reason : new GatewayError('internal', reason.message),
    );
  }
}
