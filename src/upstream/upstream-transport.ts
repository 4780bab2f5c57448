/**
 * One HTTP exchange with an upstream provider, independent of how it travels: over the network
 * (`undici-transport.ts`, pooled keep-alive connections) or in process (the simulator). Providers
 * build the request; the caller reads the head, then has the body pushed into a sink chunk by
 * chunk. Push rather than a Node `Readable`: the stream object, its buffering and its events cost
 * more per call and per chunk than everything a passthrough does with the bytes (measured: 66 µs
 * CPU per call through `undici.request` against 50 µs through its `dispatch`).
 */
export interface UpstreamRequest {
  /** Scheme, host and port, e.g. `https://api.openai.com`. */
  origin: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  method: 'GET' | 'POST';
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string | Uint8Array | null;
}

/** Lower-case header names, as Node and undici hand them over. */
export type UpstreamHeaders = Record<string, string | string[] | undefined>;

export interface UpstreamHead {
  status: number;
  headers: UpstreamHeaders;
}

/** Receives an upstream body. Exactly one of `onEnd` / `onError` ends it. */
export interface UpstreamBodySink {
  onData(chunk: Buffer): void;
  onEnd(): void;
  /** The connection broke, a deadline passed, or the exchange was aborted (the reason is passed). */
  onError(error: Error): void;
}

export interface UpstreamExchange {
  /**
   * Resolves once status and headers arrived. Rejects with an `Error` carrying a Node/undici `code`
   * (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …) when the upstream cannot be reached, or with
   * the reason given to `abort()`.
   */
  readonly head: Promise<UpstreamHead>;
  /** Starts delivering the body (chunks that already arrived first). Call once, after `head`. */
  consume(sink: UpstreamBodySink): void;
  /** Backpressure: stop reading from the upstream until `resume()`. */
  pause(): void;
  resume(): void;
  /** Stops the exchange at once; `head` rejects or the sink gets `onError` with `reason`. */
  abort(reason: Error): void;
}

export interface UpstreamTransport {
  start(request: UpstreamRequest): UpstreamExchange;
  /** Closes pooled connections (graceful shutdown). */
  close(): Promise<void>;
}
