import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { drain, sseData, USER_HELLO } from './simulator-test-support.ts';

let server: SimulatorServer;
const agent = new Agent({ keepAliveTimeout: 10_000 });

before(async () => {
  server = await startSimulatorServer({ models: { 'lorem-slow': { ttftMs: 80 } } });
});

after(async () => {
  await agent.close();
  await server.close();
});

function post(body: unknown, headers: Record<string, string> = {}, options: { signal?: AbortSignal } = {}) {
  return request(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...options,
  });
}

const stream = { model: 'lorem', messages: USER_HELLO, stream: true };
const json = { model: 'lorem', messages: USER_HELLO };

/** Reads a body, noting when each chunk arrived (ms since `start`). */
async function timedChunks(
  body: AsyncIterable<Buffer>,
  start: number,
): Promise<{ at: number; text: string }[]> {
  const chunks: { at: number; text: string }[] = [];
  for await (const chunk of body)
    chunks.push({ at: performance.now() - start, text: chunk.toString('utf8') });
  return chunks;
}

describe('simulator HTTP server: happy path', () => {
  it('answers with keep-alive and a content-length for non-stream replies', async () => {
    const response = await post(json);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.equal(response.headers['keep-alive'], 'timeout=65');
    const text = await response.body.text();
    assert.equal(Number(response.headers['content-length']), Buffer.byteLength(text));
    assert.equal(JSON.parse(text).choices[0].finish_reason, 'stop');
  });

  it('streams server-sent events that end in [DONE]', async () => {
    const response = await post(stream);
    assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.deepEqual(sseData(await response.body.text()).at(-1), '[DONE]');
  });

  it('lists models under any prefix', async () => {
    const response = await request(`${server.url}/openai/v1/models`, { dispatcher: agent });
    const list = (await response.body.json()) as { data: { id: string }[] };
    assert.deepEqual(
      list.data.map((model) => model.id),
      ['echo', 'lorem', 'tools', 'embed', 'image', 'lorem-slow'],
    );
  });
});

describe('simulator HTTP server: timing', () => {
  it('sends stream headers at once and the first token after ttft', async () => {
    const start = performance.now();
    const response = await post(stream, { 'x-simulator-ttft-ms': '150' });
    const headersAt = performance.now() - start;
    const chunks = await timedChunks(response.body, start);
    assert.ok(headersAt < 140, `headers after ${headersAt} ms, before the first token was due`);
    // Upper bounds are loose: a busy CI machine stalls timers, it never fires them early.
    assert.ok(chunks[0]!.at >= 145 && chunks[0]!.at < 1500, `first token after ${chunks[0]!.at} ms`);
    assert.ok(
      chunks[0]!.text.includes('"role":"assistant"') && chunks[0]!.text.includes('"content":"Lorem"'),
    );
  });

  it('spreads tokens at the configured rate', async () => {
    const start = performance.now();
    const response = await post(stream, {
      'x-simulator-tokens-per-second': '50',
      'x-simulator-output-tokens': '6',
    });
    const chunks = await timedChunks(response.body, start);
    const spread = chunks.at(-1)!.at - chunks[0]!.at;
    // Six tokens at 50/s: the last one 100 ms after the first. The lower bound leaves room for the
    // first chunk being read late on a loaded machine; a burst would be ~0 ms.
    assert.ok(spread >= 60 && spread < 1500, `tokens spread over ${spread} ms`);
    assert.ok(chunks.length >= 4, 'tokens arrive in separate writes');
  });

  it('holds a non-stream reply until it is fully generated (per-model ttft)', async () => {
    const start = performance.now();
    const response = await post({ ...json, model: 'simulator/lorem-slow' });
    const elapsed = performance.now() - start;
    await response.body.text();
    assert.ok(elapsed >= 75 && elapsed < 1500, `headers after ${elapsed} ms`);
  });
});

describe('simulator HTTP server: faults', () => {
  for (const status of [400, 401, 429, 500, 503, 529]) {
    it(`answers x-simulator-fail: ${status} with an OpenAI error`, async () => {
      const response = await post(stream, {
        'x-simulator-fail': String(status),
        'x-simulator-retry-after': '7',
      });
      assert.equal(response.statusCode, status);
      const body = (await response.body.json()) as { error: { message: string; type: string } };
      assert.match(body.error.message, new RegExp(`Simulated failure.*HTTP ${status}`));
      assert.equal(response.headers['retry-after'], status === 429 ? '7' : undefined);
    });
  }

  it('hangs until the client gives up', async () => {
    const start = performance.now();
    await assert.rejects(post(json, { 'x-simulator-fail': 'hang' }, { signal: AbortSignal.timeout(100) }), {
      name: 'TimeoutError',
    });
    assert.ok(performance.now() - start >= 95);
  });

  it('resets the connection before the headers of a non-stream reply', async () => {
    await assert.rejects(post(json, { 'x-simulator-fail': 'reset' }), (error: { code?: string }) => {
      assert.ok(['ECONNRESET', 'UND_ERR_SOCKET'].includes(error.code ?? ''), String(error.code));
      return true;
    });
  });

  it('resets a stream after the configured number of tokens', async () => {
    const response = await post(stream, { 'x-simulator-fail': 'reset', 'x-simulator-fail-after': '3' });
    assert.equal(response.statusCode, 200);
    const { bytes, error } = await drain(response.body);
    assert.ok(error instanceof Error, 'the body fails');
    assert.equal(sseData(bytes.toString()).length, 4, 'role chunk and three tokens arrived first');
  });

  it('cuts a stream cleanly after the configured tokens: no finish chunk, no [DONE]', async () => {
    const response = await post(stream, { 'x-simulator-fail': 'cut' });
    const text = await response.body.text();
    const events = sseData(text);
    assert.equal(events.length, 3);
    assert.ok(!text.includes('[DONE]') && !text.includes('finish_reason":"stop'));
  });

  it('cuts a non-stream body short of its content-length', async () => {
    const response = await post(json, { 'x-simulator-fail': 'cut' });
    assert.equal(response.statusCode, 200);
    const { bytes, error } = await drain(response.body);
    assert.ok(error instanceof Error, 'the body fails');
    assert.ok(bytes.length < Number(response.headers['content-length']));
  });

  it('sends a garbage event in a stream, then ends', async () => {
    const response = await post(stream, { 'x-simulator-fail': 'malformed', 'x-simulator-fail-after': '1' });
    const { bytes, error } = await drain(response.body);
    assert.equal(error, undefined);
    assert.ok(bytes.includes(0xff), 'non-UTF-8 bytes');
    const events = sseData(bytes.toString('latin1'));
    assert.equal(events.length, 3);
    assert.throws(() => JSON.parse(events.at(-1)!));
  });

  it('sends a non-JSON body with a JSON content type', async () => {
    const response = await post(json, { 'x-simulator-fail': 'malformed' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/json');
    const text = await response.body.text();
    assert.throws(() => JSON.parse(text));
  });

  it('keeps serving on the same pool after faults', async () => {
    const response = await post(json, { 'x-simulator-fail': 'banana' });
    assert.equal(response.statusCode, 200);
    await response.body.text();
  });
});

describe('simulator HTTP server: API key', () => {
  it('refuses requests without the configured key', async () => {
    const guarded = await startSimulatorServer({ apiKey: 'sk-sim' });
    try {
      const url = `${guarded.url}/v1/models`;
      const refused = await request(url, { dispatcher: agent });
      assert.equal(refused.statusCode, 401);
      assert.equal(
        ((await refused.body.json()) as { error: { code: string } }).error.code,
        'invalid_api_key',
      );
      const allowed = await request(url, { dispatcher: agent, headers: { authorization: 'Bearer sk-sim' } });
      assert.equal(allowed.statusCode, 200);
      await allowed.body.text();
    } finally {
      await guarded.close();
    }
  });
});
