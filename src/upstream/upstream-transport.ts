import type { Readable } from 'node:stream';

/**
 * One HTTP exchange with an upstream provider, independent of how it travels: over the network
 * (`undici-transport.ts`, pooled keep-alive connections) or in process (the simulator). Providers
 * build the request; interceptors (timeouts, and later retry, circuit breaking, metering) wrap the
 * transport.
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
  /** Aborted when the client goes away or a timeout fires; the transport must stop at once. */
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case header names, as Node and undici hand them over. */
  headers: Record<string, string | string[] | undefined>;
  /** The body as it arrives, chunk by chunk. It errors (never ends cleanly) when the connection breaks. */
  body: Readable;
}

export interface UpstreamTransport {
  /**
   * Sends the request and resolves once the response status and headers arrived. Rejects with an
   * `Error` carrying a Node/undici `code` (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`, …) when
   * the upstream cannot be reached, or with the signal's reason when aborted.
   */
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes pooled connections (graceful shutdown). */
  close(): Promise<void>;
}
