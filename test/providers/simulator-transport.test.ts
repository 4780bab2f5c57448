import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createSimulatorTransport,
  type SimulatorRequest,
} from '../../src/providers/simulator/simulator-transport.ts';
import { decodeEventStream } from './simulator-format-test-support.ts';
import { drain, sseData, USER_HELLO } from './simulator-test-support.ts';

const transport = createSimulatorTransport({ models: { 'echo-slow': { ttftMs: 60 } } });

after(() => transport.close());

function chat(
  body: unknown,
  headers: Record<string, string> = {},
  signal = new AbortController().signal,
): SimulatorRequest {
  return {
    origin: 'simulator://local',
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  };
}

const stream = { model: 'lorem', messages: USER_HELLO, stream: true };
const json = { model: 'lorem', messages: USER_HELLO };

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('simulator transport: replies', () => {
  it('answers a non-stream request with a Readable of Buffers', async () => {
    const response = await transport.send(chat(json));
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/json');
    const { bytes, error } = await drain(response.body);
    assert.equal(error, undefined);
    assert.equal(JSON.parse(bytes.toString()).object, 'chat.completion');
  });

  it('accepts a Uint8Array body and a prefixed path', async () => {
    const request = chat({ ...stream, model: 'simulator/echo' });
    const response = await transport.send({
      ...request,
      path: '/proxy/v1/chat/completions',
      body: new TextEncoder().encode(request.body as string),
    });
    const { bytes } = await drain(response.body);
    assert.equal(sseData(bytes.toString()).at(-1), '[DONE]');
  });

  it('lists models', async () => {
    const response = await transport.send({ ...chat({}), method: 'GET', path: '/v1/models', body: null });
    const list = JSON.parse((await drain(response.body)).bytes.toString());
    assert.deepEqual(
      list.data.map((model: { id: string }) => model.id),
      ['echo', 'lorem', 'tools', 'embed', 'image', 'echo-slow'],
    );
  });
});

describe('simulator transport: timing', () => {
  it('resolves a stream at once and plays its first token after ttft', async () => {
    const start = performance.now();
    const response = await transport.send(chat(stream, { 'x-simulator-ttft-ms': '120' }));
    assert.ok(performance.now() - start < 100, 'headers at once, long before the first token');
    const first = await new Promise<number>((resolve) =>
      response.body.once('data', () => resolve(performance.now() - start)),
    );
    // Upper bounds are loose: a busy CI machine stalls timers, it never fires them early.
    assert.ok(first >= 115 && first < 1500, `first token after ${first} ms`);
    await drain(response.body);
  });

  it('resolves a non-stream reply when it is generated (per-model ttft)', async () => {
    const start = performance.now();
    const response = await transport.send(chat({ ...json, model: 'echo-slow' }));
    const elapsed = performance.now() - start;
    assert.ok(elapsed >= 55 && elapsed < 1500, `resolved after ${elapsed} ms`);
    await drain(response.body);
  });

  it('stops at once and leaves no timer when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const headers = { 'x-simulator-tokens-per-second': '20', 'x-simulator-output-tokens': '50' };
    const response = await transport.send(chat(stream, headers, controller.signal));
    const reading = drain(response.body);
    await sleep(120);
    const reason = new Error('client went away');
    controller.abort(reason);
    const { bytes, error } = await reading;
    assert.equal(error, reason);
    assert.ok(sseData(bytes.toString()).length >= 2, 'some tokens arrived before');
    await sleep(5);
    assert.equal(activeTimers(), 0);
  });
});

describe('simulator transport: faults', () => {
  it('answers status faults with OpenAI errors', async () => {
    for (const status of [400, 401, 429, 500, 503, 529]) {
      const response = await transport.send(chat(stream, { 'x-simulator-fail': String(status) }));
      assert.equal(response.status, status);
      assert.equal(response.headers['retry-after'], status === 429 ? '1' : undefined);
      const body = JSON.parse((await drain(response.body)).bytes.toString());
      assert.match(body.error.message, /Simulated failure/);
    }
  });

  it('hangs until the signal aborts, then rejects with its reason', async () => {
    const controller = new AbortController();
    const pending = transport.send(chat(json, { 'x-simulator-fail': 'hang' }, controller.signal));
    const reason = new Error('timeout');
    setTimeout(() => controller.abort(reason), 30);
    await assert.rejects(pending, (error) => error === reason);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const reason = new Error('gone');
    await assert.rejects(
      transport.send(chat(json, {}, AbortSignal.abort(reason))),
      (error) => error === reason,
    );
  });

  it('rejects a non-stream reset with ECONNRESET', async () => {
    await assert.rejects(transport.send(chat(json, { 'x-simulator-fail': 'reset' })), { code: 'ECONNRESET' });
  });

  it('fails a stream with ECONNRESET after the configured tokens', async () => {
    const response = await transport.send(
      chat(stream, { 'x-simulator-fail': 'reset', 'x-simulator-fail-after': '3' }),
    );
    assert.equal(response.status, 200);
    const { bytes, error } = await drain(response.body);
    assert.equal((error as { code?: string }).code, 'ECONNRESET');
    assert.equal(sseData(bytes.toString()).length, 4);
  });

  it('ends a cut stream cleanly without finish chunk or [DONE]', async () => {
    const response = await transport.send(chat(stream, { 'x-simulator-fail': 'cut' }));
    const { bytes, error } = await drain(response.body);
    assert.equal(error, undefined);
    assert.equal(sseData(bytes.toString()).length, 3);
    assert.ok(!bytes.toString().includes('[DONE]'));
  });

  it('fails a cut non-stream body with ECONNRESET after half of it', async () => {
    const response = await transport.send(chat(json, { 'x-simulator-fail': 'cut' }));
    const { bytes, error } = await drain(response.body);
    assert.equal((error as { code?: string }).code, 'ECONNRESET');
    assert.equal(bytes.length, Math.floor(Number(response.headers['content-length']) / 2));
  });

  it('plays malformed replies', async () => {
    const streamed = await transport.send(chat(stream, { 'x-simulator-fail': 'malformed' }));
    const events = sseData((await drain(streamed.body)).bytes.toString('latin1'));
    assert.equal(events.length, 4);
    assert.throws(() => JSON.parse(events.at(-1)!));
    const single = await transport.send(chat(json, { 'x-simulator-fail': 'malformed' }));
    assert.equal(single.status, 200);
    const text = (await drain(single.body)).bytes.toString();
    assert.throws(() => JSON.parse(text));
  });

  it('answers validation errors and unknown models like OpenAI', async () => {
    const notJson = await transport.send({ ...chat(json), body: '{oops' });
    assert.equal(notJson.status, 400);
    await drain(notJson.body);
    const unknown = await transport.send(chat({ ...json, model: 'gpt-4o' }));
    assert.equal(unknown.status, 404);
    assert.equal(JSON.parse((await drain(unknown.body)).bytes.toString()).error.code, 'model_not_found');
  });
});

describe('simulator transport: every API in process', () => {
  it('serves Anthropic, Gemini (with a query) and Bedrock (binary frames) without a socket', async () => {
    const base = {
      origin: 'simulator://local',
      method: 'POST' as const,
      headers: {},
      signal: new AbortController().signal,
    };
    const anthropic = await transport.send({
      ...base,
      path: '/v1/messages?beta=true',
      body: JSON.stringify({ model: 'echo', max_tokens: 20, messages: USER_HELLO, stream: true }),
    });
    assert.equal(anthropic.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.ok(
      (await drain(anthropic.body)).bytes
        .toString()
        .endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n'),
    );
    const gemini = await transport.send({
      ...base,
      path: '/v1beta/models/echo:streamGenerateContent?alt=sse',
      body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    });
    const sse = (await drain(gemini.body)).bytes.toString();
    assert.ok(sse.startsWith('data: {"candidates": [') && sse.endsWith('}\r\n\r\n'));
    const bedrock = await transport.send({
      ...base,
      path: '/model/sim.echo/converse-stream',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/bedrock/aws4_request' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    assert.equal(bedrock.headers['content-type'], 'application/vnd.amazon.eventstream');
    const frames = decodeEventStream((await drain(bedrock.body)).bytes);
    assert.equal(frames.at(-1)?.headers[':event-type'], 'metadata');
  });
});
