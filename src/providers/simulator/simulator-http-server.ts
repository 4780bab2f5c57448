import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorOptions } from './simulator-config.ts';
import { playSimulatorReplyOverHttp } from './simulator-http-player.ts';
import { createSimulatorRouter, type SimulatorRouter } from './simulator-router.ts';

/** Where the standalone simulator listens, on top of what it simulates. */
export interface SimulatorServerOptions extends SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to `127.0.0.1`. */
  host?: string;
}

/** A running standalone simulator. */
export interface SimulatorServer {
  /**
   * `http://host:port`, without a trailing slash. Clients' base URLs: OpenAI `${url}/v1`; Azure
   * OpenAI `${url}/openai`; Anthropic `${url}` (its SDK) or `${url}/v1` (the AI SDK); Gemini
   * `${url}/v1beta`; Vertex AI `${url}/v1/projects/{p}/locations/{l}/publishers/{google|anthropic}`;
   * Bedrock `${url}`; Cohere `${url}/v2`.
   */
  url: string;
  port: number;
  /** Stops listening and closes every connection, including hanging ones. */
  close(): Promise<void>;
}

/**
 * Idle keep-alive connections live longer than the usual client pool timeouts, as behind a real
 * provider's load balancer, so clients never race a server-side close.
 */
export const SIMULATOR_KEEP_ALIVE_TIMEOUT_MS = 65_000;

function handleRequest(route: SimulatorRouter, request: IncomingMessage, response: ServerResponse): void {
  const method = request.method ?? 'GET';
  if (method === 'GET') {
    const exchange = { method, path: request.url ?? '/', headers: request.headers, body: null };
    playSimulatorReplyOverHttp(route(exchange), response);
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const exchange = { method, path: request.url ?? '/', headers: request.headers, body };
    playSimulatorReplyOverHttp(route(exchange), response);
  });
}

/**
 * Starts the simulator as a plain `node:http` server, for tests and benchmarks that need a real
 * HTTP hop (it is the "direct call" baseline of the gateway benchmark, so its happy path does one
 * `writeHead` and one `end` and nothing per request that could be done at start).
 */
export function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const route = createSimulatorRouter(options);
  const server = createServer(
    {
      keepAlive: true,
      keepAliveTimeout: SIMULATOR_KEEP_ALIVE_TIMEOUT_MS,
      headersTimeout: SIMULATOR_KEEP_ALIVE_TIMEOUT_MS + 1000,
    },
    (request, response) => handleRequest(route, request, response),
  );
  server.keepAliveTimeout = SIMULATOR_KEEP_ALIVE_TIMEOUT_MS;
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host, backlog: 8192 }, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((resolveClose, rejectClose) => {
            server.close((error) => (error ? rejectClose(error) : resolveClose()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
