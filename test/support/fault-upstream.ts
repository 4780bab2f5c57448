import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorOptions } from '../../src/providers/simulator/simulator-config.ts';
import { playSimulatorReplyOverHttp } from '../../src/providers/simulator/simulator-http-player.ts';
import { SIMULATOR_KEEP_ALIVE_TIMEOUT_MS } from '../../src/providers/simulator/simulator-http-server.ts';
import {
  createSimulatorRouter,
  type SimulatorExchange,
  type SimulatorRouter,
} from '../../src/providers/simulator/simulator-router.ts';
import { matchSimulatorPost } from '../../src/providers/simulator/simulator-routes.ts';

/**
 * How a fault upstream answers from now on. Every field but `latencyMs` is sent to the simulator
 * as its `x-simulator-*` header (see `simulator-behaviour.ts`), over whatever the client sent, so
 * the upstream's own setting wins; a field left out leaves the simulator's options (or a header the
 * client sent) in charge.
 */
export interface FaultUpstreamBehaviour {
  /** `x-simulator-fail`: a status (`503`), `hang`, `reset`, `cut`, `malformed`, `content-policy`, `error-<status>`. */
  fail?: string | number;
  /** `x-simulator-fail-after`: tokens streamed before a mid-stream fault. */
  failAfter?: number;
  /** `x-simulator-retry-after`: seconds in a simulated 429's `retry-after`. */
  retryAfter?: number;
  /** `x-simulator-ttft-ms`. */
  ttftMs?: number;
  /** `x-simulator-tokens-per-second`. */
  tokensPerSecond?: number;
  /** `x-simulator-output-tokens`: length of a `lorem` answer. */
  outputTokens?: number;
  /** `x-simulator-context-window`: longer prompts get the API's context-length 400. */
  contextWindow?: number;
  /** Delay before the reply starts (before the headers, or before a fault strikes), in ms. */
  latencyMs?: number;
}

/** One request a fault upstream received. Times are `performance.now()` readings. */
export interface FaultUpstreamRequest {
  /** Path and query, as sent. */
  readonly path: string;
  /** The body's `model`, else the model the path names (Gemini, Vertex, Bedrock, an Azure deployment). */
  model: string | undefined;
  /** The credential it was sent (`authorization`, `x-api-key` or `api-key` header). */
  readonly credential: string | undefined;
  /** When the request's headers arrived. */
  readonly startedAt: number;
  /** When the whole reply was handed to the socket. */
  finishedAt?: number;
  /** When the client went away before the reply was complete (not set by a staged reset or cut). */
  clientClosedAt?: number;
}

/** A simulator on its own port whose behaviour a test switches while it runs. */
export interface FaultUpstream {
  /** `http://127.0.0.1:port`, no trailing slash (append `/v1`, `/v1beta`, … as for the simulator). */
  url: string;
  port: number;
  /** Applies `behaviour` to every following request, replacing the previous setting. */
  set(behaviour: FaultUpstreamBehaviour): void;
  /** Back to the simulator's own behaviour: `set({})`. */
  clear(): void;
  /** Every request seen since the last `resetCounts()`, in arrival order. */
  readonly requests: ReadonlyArray<FaultUpstreamRequest>;
  /** `requests.length`. */
  count(): number;
  /** Empties `requests` (the same array, so a reference held to it sees the reset). */
  resetCounts(): void;
  /** Stops listening and closes every connection, hanging ones included. */
  close(): Promise<void>;
}

export interface FaultUpstreamOptions {
  /** The simulator's own setup (per-model behaviour, an API key, …). */
  simulator?: SimulatorOptions;
  /** Sent back in an `x-fault-upstream` header, to tell upstreams apart in a test. */
  name?: string;
}

const HEADER_OF = {
  fail: 'x-simulator-fail',
  failAfter: 'x-simulator-fail-after',
  retryAfter: 'x-simulator-retry-after',
  ttftMs: 'x-simulator-ttft-ms',
  tokensPerSecond: 'x-simulator-tokens-per-second',
  outputTokens: 'x-simulator-output-tokens',
  contextWindow: 'x-simulator-context-window',
} as const satisfies Record<Exclude<keyof FaultUpstreamBehaviour, 'latencyMs'>, string>;

/** A behaviour digested once per `set()`, so a request only spreads one object. */
interface Setting {
  headers: Readonly<Record<string, string>> | undefined;
  latencyMs: number;
}

const NO_SETTING: Setting = Object.freeze({ headers: undefined, latencyMs: 0 });

function digest(behaviour: FaultUpstreamBehaviour): Setting {
  const headers: Record<string, string> = {};
  for (const [field, header] of Object.entries(HEADER_OF)) {
    const value = behaviour[field as keyof typeof HEADER_OF];
    if (value !== undefined) headers[header] = String(value);
  }
  return {
    headers: Object.keys(headers).length === 0 ? undefined : Object.freeze(headers),
    latencyMs: behaviour.latencyMs ?? 0,
  };
}

/** The model a request names: the JSON body's `model`, else the model in the path. */
function requestModel(path: string, body: Buffer): string | undefined {
  if (body.length > 0) {
    try {
      const model = (JSON.parse(body.toString('utf8')) as { model?: unknown } | null)?.model;
      if (typeof model === 'string') return model;
    } catch {
      // Not JSON: the path may still say.
    }
  }
  const query = path.indexOf('?');
  const route = matchSimulatorPost(query === -1 ? path : path.slice(0, query));
  if (route === undefined) return undefined;
  if ('model' in route) return route.model;
  if ('modelId' in route) return route.modelId;
  return 'deployment' in route ? route.deployment : undefined;
}

/**
 * Starts a simulator as a separate upstream server whose faults a test switches at run time, and
 * which records every request it sees (and whether the client went away early). It is the real
 * simulator: the same router and player as `startSimulatorServer`, with the current behaviour
 * injected as `x-simulator-*` headers into each exchange.
 */
export function startFaultUpstream(options: FaultUpstreamOptions = {}): Promise<FaultUpstream> {
  const route: SimulatorRouter = createSimulatorRouter(options.simulator);
  const name = options.name;
  const requests: FaultUpstreamRequest[] = [];
  let setting = NO_SETTING;

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const record: FaultUpstreamRequest = {
      path: request.url ?? '/',
      model: undefined,
      credential: [request.headers.authorization, request.headers['x-api-key'], request.headers['api-key']]
        .flat()
        .find((value): value is string => typeof value === 'string'),
      startedAt: performance.now(),
    };
    requests.push(record);
    // The behaviour is the one in force when the request arrived, whatever a test sets meanwhile.
    const { headers, latencyMs } = setting;
    let timer: NodeJS.Timeout | undefined;
    response.once('finish', () => {
      record.finishedAt = performance.now();
    });
    response.once('close', () => {
      if (timer !== undefined) clearTimeout(timer);
      if (response.writableFinished) return;
      // A staged reset or cut closes the socket from this side; only a socket that the client
      // ended (or reset) means the client went away.
      const socket = request.socket;
      if (socket.readableEnded || socket.errored !== null) record.clientClosedAt = performance.now();
    });
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const method = request.method ?? 'GET';
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      record.model = requestModel(record.path, body);
      const exchange: SimulatorExchange = {
        method,
        path: record.path,
        headers: headers === undefined ? request.headers : { ...request.headers, ...headers },
        body: method === 'GET' ? null : body,
      };
      const play = (): void => {
        timer = undefined;
        if (response.destroyed) return;
        if (name !== undefined) response.setHeader('x-fault-upstream', name);
        playSimulatorReplyOverHttp(route(exchange), response);
      };
      if (latencyMs > 0) timer = setTimeout(play, latencyMs);
      else play();
    });
  }

  const server = createServer(
    {
      keepAlive: true,
      keepAliveTimeout: SIMULATOR_KEEP_ALIVE_TIMEOUT_MS,
      headersTimeout: SIMULATOR_KEEP_ALIVE_TIMEOUT_MS + 1000,
    },
    handle,
  );
  server.keepAliveTimeout = SIMULATOR_KEEP_ALIVE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        set(behaviour) {
          setting = digest(behaviour);
        },
        clear() {
          setting = NO_SETTING;
        },
        requests,
        count: () => requests.length,
        resetCounts() {
          requests.length = 0;
        },
        close: () =>
          new Promise<void>((resolveClose, rejectClose) => {
            server.close((error) => (error ? rejectClose(error) : resolveClose()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
