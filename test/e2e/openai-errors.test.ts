import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { request } from 'undici';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

async function post(url: string, body: string | Readable, headers: Record<string, string> = {}) {
  const response = await request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

function errorOf(text: string): OpenAIErrorBody['error'] {
  const parsed = JSON.parse(text) as OpenAIErrorBody;
  assert.ok(parsed.error, `an OpenAI error body: ${text}`);
  assert.equal(typeof parsed.error.message, 'string');
  assert.ok('param' in parsed.error && 'code' in parsed.error && 'type' in parsed.error);
  return parsed.error;
}

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }], ...extra });

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('errors: every failure is an OpenAI error with the right status', () => {
  let gateway: GatewayHarness;
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0, apiKey: 'the-right-upstream-key' });
    gateway = await startGateway(`
server:
  body_limit: 2kb
providers:
  simulator:
    type: simulator
    timeouts: { first_byte_ms: 300, idle_ms: 300 }
  dead:
    type: openai-compatible
    base_url: http://127.0.0.1:${await closedPort()}/v1
    models: [gpt-4o]
  wrongkey:
    type: openai-compatible
    base_url: ${simulator.url}/v1
    api_key: sk-wrong-upstream-key-0000
    models: [echo]
`);
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  test('malformed JSON → 400 saying so', async () => {
    const { status, headers, text } = await post(gateway.url, '{"model": "simulator/echo", "messages": [');
    assert.equal(status, 400);
    assert.match(headers['x-request-id'] as string, /\S/);
    const error = errorOf(text);
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(error.code, 'invalid_json');
    assert.match(error.message, /not valid JSON/);
  });

  test('schema violations → 400 naming the field', async () => {
    const cases: [string, string][] = [
      [
        JSON.stringify({ model: 'simulator/echo', messages: [{ role: 'robot', content: 'x' }] }),
        'messages[0].role',
      ],
      [JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }), 'model'],
      [chat('simulator/echo', { temperature: 7 }), 'temperature'],
      [JSON.stringify({ model: 'simulator/echo', messages: 'hello' }), 'messages'],
      [JSON.stringify({ model: 'simulator/echo', messages: [] }), 'messages'],
      [
        chat('simulator/echo', { tools: [{ type: 'function', function: { name: 'bad name!' } }] }),
        'tools[0].function.name',
      ],
      ['[1,2,3]', ''],
    ];
    for (const [body, field] of cases) {
      const { status, text } = await post(gateway.url, body);
      assert.equal(status, 400, body);
      const error = errorOf(text);
      assert.equal(error.type, 'invalid_request_error');
      if (field !== '') {
        assert.equal(error.param, field, body);
        assert.ok(error.message.includes(field), `${error.message} names ${field}`);
      }
    }
  });

  test('unknown model → 404 with close matches as a hint', async () => {
    const { status, text } = await post(gateway.url, chat('simulator/ecno'));
    assert.equal(status, 404);
    const error = errorOf(text);
    assert.equal(error.code, 'model_not_found');
    assert.equal(error.param, 'model');
    assert.match(error.message, /"simulator\/ecno" is not available/);
    assert.match(error.message, /Did you mean "simulator\/echo"/);
    const none = errorOf((await post(gateway.url, chat('zzzzzzzzzzzzzzzzzzzzzz'))).text);
    assert.doesNotMatch(none.message, /Did you mean/);
  });

  test('body over the limit → 413, declared or chunked', async () => {
    const big = chat('simulator/echo', { padding: 'x'.repeat(4000) });
    const declared = await post(gateway.url, big);
    assert.equal(declared.status, 413);
    assert.equal(errorOf(declared.text).code, 'request_too_large');
    async function* chunked() {
      for (let i = 0; i < 8; i++)
        yield Buffer.from(i === 0 ? '{"model":"simulator/echo","x":"' : 'y'.repeat(1000));
      yield Buffer.from('"}');
    }
    const streamed = await post(gateway.url, Readable.from(chunked()));
    assert.equal(streamed.status, 413);
    assert.match(errorOf(streamed.text).message, /exceeds the limit of 2000 bytes/);
  });

  test('upstream that never answers → 504', async () => {
    const started = performance.now();
    const { status, text } = await post(gateway.url, chat('simulator/echo'), { 'x-simulator-fail': 'hang' });
    assert.equal(status, 504);
    const error = errorOf(text);
    assert.equal(error.type, 'timeout_error');
    assert.match(error.message, /first byte timeout of 300 ms/);
    assert.ok(performance.now() - started < 2000);
  });

  test('upstream unreachable → 502', async () => {
    const { status, headers, text } = await post(gateway.url, chat('dead/gpt-4o'));
    assert.equal(status, 502);
    assert.equal(headers['x-tollgate-provider'], 'dead');
    assert.match(errorOf(text).message, /Provider "dead" is unreachable \(ECONNREFUSED\)/);
  });

  test('upstream connection reset before answering → 502', async () => {
    const { status, text } = await post(gateway.url, chat('simulator/echo'), { 'x-simulator-fail': 'reset' });
    assert.equal(status, 502);
    assert.match(errorOf(text).message, /unreachable \(ECONNRESET\)/);
  });

  test('upstream answers that are not JSON → 502', async () => {
    const { status, text } = await post(gateway.url, chat('simulator/echo'), {
      'x-simulator-fail': 'malformed',
    });
    assert.equal(status, 502);
    assert.match(errorOf(text).message, /not JSON/);
  });

  test('upstream 4xx/5xx are mapped, the provider message preserved', async () => {
    const cases: [string, number, string][] = [
      ['429', 429, 'rate_limit_error'],
      ['500', 502, 'upstream_error'],
      ['503', 503, 'upstream_error'],
      ['529', 503, 'upstream_error'],
      ['400', 400, 'invalid_request_error'],
    ];
    for (const [fault, status, type] of cases) {
      const response = await post(gateway.url, chat('simulator/echo'), {
        'x-simulator-fail': fault,
        'x-simulator-retry-after': '7',
      });
      assert.equal(response.status, status, fault);
      const error = errorOf(response.text);
      assert.equal(error.type, type, fault);
      assert.match(error.message, new RegExp(`Provider "simulator" answered ${fault}: .*simulat`, 'i'));
      if (fault === '429') assert.equal(response.headers['retry-after'], '7');
    }
  });

  test("an upstream that rejects the gateway's own key → 502, key not leaked", async () => {
    const { status, text } = await post(gateway.url, chat('wrongkey/echo'));
    assert.equal(status, 502);
    const error = errorOf(text);
    assert.match(error.message, /Provider "wrongkey" answered 401/);
    assert.doesNotMatch(text, /sk-wrong-upstream-key/);
    assert.doesNotMatch(gateway.rawLog(), /sk-wrong-upstream-key/);
  });

  test('the openai SDK maps the statuses to its error classes', async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    await assert.rejects(
      client.chat.completions.create(
        { model: 'simulator/echo', messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-simulator-fail': '429' } },
      ),
      (error: unknown) => error instanceof OpenAI.RateLimitError && error.status === 429,
    );
    await assert.rejects(
      client.chat.completions.create({ model: 'nope/nope', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
  });

  for (const fault of ['reset', 'cut', 'malformed'] as const) {
    test(`a stream that breaks after it started (${fault}) ends with an error event, never [DONE]`, async () => {
      const recordPromise = gateway.nextRecord();
      const { status, text } = await post(gateway.url, chat('simulator/lorem', { stream: true }), {
        'x-simulator-fail': fault,
        'x-simulator-fail-after': '3',
      });
      assert.equal(status, 200);
      const events = text.split('\n\n').filter((event) => event.trim() !== '');
      const last = events.at(-1) ?? '';
      assert.doesNotMatch(text, /\[DONE\]/);
      const content = events.filter(
        (event) => event.includes('"content":"') && !event.includes('"content":""'),
      );
      assert.equal(content.length, 3, 'the tokens before the break were delivered');
      assert.match(last, /^data: \{"error":\{/);
      const error = (JSON.parse(last.slice('data: '.length)) as OpenAIErrorBody).error;
      assert.equal(error.type, 'upstream_error');
      const record = await recordPromise;
      assert.equal(record.truncated, true);
      assert.ok(record.errorCode?.startsWith('upstream_'));
    });
  }

  test('a stream that goes silent mid-way ends with a timeout error event', async () => {
    const { status, text } = await post(gateway.url, chat('simulator/lorem', { stream: true }), {
      'x-simulator-tokens-per-second': '2',
      'x-simulator-output-tokens': '10',
    });
    assert.equal(status, 200);
    assert.doesNotMatch(text, /\[DONE\]/);
    assert.match(text, /idle timeout of 300 ms/);
  });

  test('the openai SDK surfaces a broken stream as an error', async () => {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create(
      { model: 'simulator/lorem', stream: true, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-simulator-fail': 'reset' } },
    );
    await assert.rejects(async () => {
      for await (const _chunk of stream) {
        // consume
      }
    }, OpenAI.APIError);
  });

  test('unknown route → 404, wrong method → 405, both OpenAI-shaped', async () => {
    const missing = await request(`${gateway.url}/v1/nothing-here`);
    assert.equal(missing.statusCode, 404);
    assert.equal(errorOf(await missing.body.text()).code, 'unknown_url');
    const wrongMethod = await request(`${gateway.url}/v1/chat/completions`);
    assert.equal(wrongMethod.statusCode, 405);
    assert.match(errorOf(await wrongMethod.body.text()).message, /use POST/);
  });

  test('after all of the above the process is healthy', async () => {
    const health = await request(`${gateway.url}/health`);
    assert.equal(health.statusCode, 200);
    assert.deepEqual(await health.body.json(), { status: 'ok' });
    const ready = await request(`${gateway.url}/ready`);
    assert.equal(ready.statusCode, 200);
  });
});

describe('gateway API keys', () => {
  let gateway: GatewayHarness;
  before(async () => {
    gateway = await startGateway(
      `
auth:
  api_keys:
    - name: team-a
      key: \${TEAM_A_KEY}
`,
      { TEAM_A_KEY: 'tg-team-a-secret-value' },
    );
  });
  after(() => gateway.close());

  test('missing or wrong key → 401; the right key in any accepted header → 200', async () => {
    const missing = await post(gateway.url, chat('simulator/echo'));
    assert.equal(missing.status, 401);
    assert.equal(errorOf(missing.text).type, 'authentication_error');
    const wrong = await post(gateway.url, chat('simulator/echo'), {
      authorization: 'Bearer tg-team-a-secret-valuX',
    });
    assert.equal(wrong.status, 401);
    assert.equal(errorOf(wrong.text).code, 'invalid_api_key');
    const accepted: Record<string, string>[] = [
      { authorization: 'Bearer tg-team-a-secret-value' },
      { 'x-api-key': 'tg-team-a-secret-value' },
      { 'x-ai-gateway-api-key': 'tg-team-a-secret-value' },
    ];
    for (const header of accepted) {
      const ok = await post(gateway.url, chat('simulator/echo'), header);
      assert.equal(ok.status, 200, JSON.stringify(header));
    }
    assert.equal(gateway.records.at(-1)?.apiKey, 'team-a');
    assert.doesNotMatch(gateway.rawLog(), /tg-team-a-secret-value/);
  });

  test('health and readiness need no key', async () => {
    assert.equal((await request(`${gateway.url}/health`)).statusCode, 200);
    assert.equal((await request(`${gateway.url}/ready`)).statusCode, 200);
  });
});
