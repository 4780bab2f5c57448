// One tiny handler (POST, parse the JSON body, answer JSON with 3 headers) served four ways, to
// price the server adapter: node bench/adapters/adapter-server.ts --kind raw|srvx|hono|naive --port N
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { FastResponse, toNodeHandler } from 'srvx/node';

interface ChatLike {
  model?: unknown;
  messages?: unknown[];
}

const HEADERS = {
  'content-type': 'application/json',
  'x-request-id': 'req_bench',
  'cache-control': 'no-store',
};

function answer(body: ChatLike): string {
  return JSON.stringify({ ok: true, model: body.model, messages: body.messages?.length ?? 0 });
}

/** (1) raw `node:http`: chunks in, `JSON.parse`, `writeHead` + `end`. */
const raw: RequestListener = (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatLike;
    const text = answer(body);
    res.writeHead(200, { ...HEADERS, 'content-length': Buffer.byteLength(text) }).end(text);
  });
};

/** The same handler as a fetch handler, for the adapters. */
async function fetchHandler(request: Request, ResponseClass: typeof Response): Promise<Response> {
  const body = (await request.json()) as ChatLike;
  return new ResponseClass(answer(body), { status: 200, headers: HEADERS });
}

/** (2) srvx: lazy `Request` over the IncomingMessage, `FastResponse` written without WHATWG objects. */
const srvx = (): RequestListener =>
  toNodeHandler((request) =>
    fetchHandler(request, FastResponse as unknown as typeof Response),
  ) as unknown as RequestListener;

/** (3) @hono/node-server: its own lightweight Request/Response (it replaces the globals, so it is
 * only created when chosen). */
const hono = (): RequestListener =>
  getRequestListener((request) => fetchHandler(request, Response)) as unknown as RequestListener;

/** (4) naive: a full WHATWG `Request` built from the IncomingMessage, the `Response` read back. */
const naive: RequestListener = (req: IncomingMessage, res: ServerResponse) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  fetchHandler(request, Response)
    .then(async (response) => {
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        outHeaders[name] = value;
      });
      res.writeHead(response.status, outHeaders).end(Buffer.from(await response.arrayBuffer()));
    })
    .catch(() => res.writeHead(500).end());
};

const KINDS: Record<string, () => RequestListener> = { raw: () => raw, srvx, hono, naive: () => naive };
const { values } = parseArgs({ options: { kind: { type: 'string' }, port: { type: 'string' } } });
const makeListener = KINDS[values.kind ?? ''];
if (makeListener === undefined) throw new Error(`--kind must be one of ${Object.keys(KINDS).join(', ')}`);
const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000 }, makeListener());
server.listen({ host: '127.0.0.1', port: Number(values.port ?? 0), backlog: 8192 }, () => {
  console.log(
    JSON.stringify({ msg: 'adapter server listening', kind: values.kind, address: server.address() }),
  );
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
