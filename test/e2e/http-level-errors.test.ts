import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/** Writes raw bytes to the gateway and collects everything it answers until it closes. */
function rawExchange(url: string, send: (write: (text: string) => void) => void): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.on('connect', () => send((text) => socket.write(text)));
  });
}

function jsonBodyOf(answer: string): { error: { code: string; type: string; message: string } } {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('errors below the API: slow and broken HTTP get JSON errors too', () => {
  let gateway: GatewayHarness;
  before(async () => {
    gateway = await startGateway('server:\n  request_timeout_ms: 400\n');
  });
  after(() => gateway.close());

  test('a client that stops sending its body → 408 JSON', async () => {
    const started = performance.now();
    const answer = await rawExchange(gateway.url, (write) =>
      write(
        'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mo',
      ),
    );
    assert.match(answer, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.equal(jsonBodyOf(answer).error.code, 'request_timeout');
    assert.ok(performance.now() - started < 3000);
  });

  test('bytes that are not HTTP → 400 JSON, and the server keeps serving', async () => {
    const answer = await rawExchange(gateway.url, (write) => write('GARBAGE \u0000\u0001 NOT HTTP\r\n\r\n'));
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.equal(jsonBodyOf(answer).error.code, 'bad_http');
    const health = await fetch(`${gateway.url}/health`);
    assert.equal(health.status, 200);
  });

  test('oversized headers → 431 JSON', async () => {
    const answer = await rawExchange(gateway.url, (write) =>
      write(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    assert.match(answer, /^HTTP\/1\.1 431 /);
    assert.equal(jsonBodyOf(answer).error.code, 'headers_too_large');
  });
});
