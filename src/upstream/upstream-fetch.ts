import { AsyncLocalStorage } from 'node:async_hooks';
import { classifyTransportError } from './upstream-network-error.ts';
import type { UpstreamBodySink, UpstreamExchange, UpstreamTransport } from './upstream-transport.ts';

/** Watches one exchange (see `UpstreamDeadline`). */
export interface ExchangeWatcher {
  headersReceived(): void;
  chunkReceived(): void;
  finish(): void;
}

/**
 * What the gateway attaches to the upstream calls an adapter library makes on its behalf: the
 * fetch below hands each exchange it starts to `onExchange`, which arms the call's deadlines and
 * client-abort propagation and returns the watcher to feed.
 */
export interface UpstreamCallScope {
  provider: string;
  onExchange(exchange: UpstreamExchange): ExchangeWatcher;
}

/** The scope of the translated call in progress, across the adapter's awaits. */
export const upstreamCallScope = new AsyncLocalStorage<UpstreamCallScope>();

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers instanceof Headers ? headers.entries() : headers) {
      record[name.toLowerCase()] = value;
    }
    return record;
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name.toLowerCase()] = String(value);
  }
  return record;
}

async function bodyBytes(body: RequestInit['body']): Promise<string | Uint8Array | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** Pulls an exchange's body into a `ReadableStream`, pausing the upstream when the reader lags. */
function bodyStream(
  exchange: UpstreamExchange,
  provider: string,
  watcher: ExchangeWatcher | undefined,
): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let paused = false;
  const sink: UpstreamBodySink = {
    onData(chunk) {
      watcher?.chunkReceived();
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 1) <= 0 && !paused) {
        paused = true;
        exchange.pause();
      }
    },
    onEnd() {
      watcher?.finish();
      controller.close();
    },
    onError(error) {
      watcher?.finish();
      controller.error(classifyTransportError(error, provider));
    },
  };
  return new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
        exchange.consume(sink);
      },
      pull() {
        if (paused) {
          paused = false;
          exchange.resume();
        }
      },
      cancel(reason) {
        exchange.abort(reason instanceof Error ? reason : new Error('cancelled'));
      },
    },
    { highWaterMark: 16 },
  );
}

/**
 * A WHATWG `fetch` for adapter libraries (the AI SDK provider packages take one), built on the
 * gateway's own transport: pooled undici connections, deadlines and client-abort propagation apply
 * to translated calls exactly as to passthrough ones. Only what those libraries use is supported:
 * absolute URLs, string/bytes bodies, `signal`.
 */
export function createUpstreamFetch(transport: UpstreamTransport, provider: string): typeof fetch {
  return async function upstreamFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request?.url ?? String(input));
    const headers = headerRecord(init?.headers ?? request?.headers);
    const body = await bodyBytes(init?.body ?? (request === undefined ? null : await request.arrayBuffer()));
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const exchange = transport.start({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method === 'GET' ? 'GET' : 'POST',
      headers,
      body,
    });
    const signal = init?.signal ?? request?.signal;
    if (signal !== undefined && signal !== null) {
      if (signal.aborted) exchange.abort(signal.reason as Error);
      else signal.addEventListener('abort', () => exchange.abort(signal.reason as Error), { once: true });
    }
    const scope = upstreamCallScope.getStore();
    const watcher = scope?.onExchange(exchange);
    let head: Awaited<UpstreamExchange['head']>;
    try {
      head = await exchange.head;
    } catch (error) {
      watcher?.finish();
      throw classifyTransportError(error, scope?.provider ?? provider);
    }
    watcher?.headersReceived();
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(head.headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) responseHeaders.append(name, item);
      else responseHeaders.set(name, value);
    }
    const empty = head.status === 204 || head.status === 304 || method === 'HEAD';
    if (empty) watcher?.finish();
    return new Response(empty ? null : bodyStream(exchange, provider, watcher), {
      status: head.status,
      headers: responseHeaders,
    });
  };
}
