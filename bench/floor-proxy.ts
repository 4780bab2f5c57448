// The physical floor of a Node proxy: `node:http` in, one keep-alive `undici` Pool out, method,
// path, headers and body bytes piped both ways and nothing parsed. Tollgate is measured against it.
// Usage: node bench/floor-proxy.ts --port N --upstream http://127.0.0.1:M
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({ options: { port: { type: 'string' }, upstream: { type: 'string' } } });
const upstream = new URL(values.upstream ?? 'http://127.0.0.1:4748');
const pool = new Pool(upstream.origin, { keepAliveTimeout: 60_000, headersTimeout: 0, bodyTimeout: 0 });
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function endToEnd(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>) {
  const kept: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined && !HOP.has(name)) kept[name] = value;
  }
  return kept;
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? null : req;
  const options = { method, path: req.url ?? '/', headers: endToEnd(req.headers), body };
  pool.stream(
    options,
    ({ statusCode, headers }) => res.writeHead(statusCode, endToEnd(headers)),
    (error) => {
      if (error && res.headersSent) res.destroy();
      else if (error) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway');
    },
  );
});
server.listen({ host: '127.0.0.1', port: Number(values.port ?? 0), backlog: 8192 }, () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'floor proxy listening', address, upstream: upstream.origin }));
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  pool.destroy().finally(() => process.exit(0));
});
