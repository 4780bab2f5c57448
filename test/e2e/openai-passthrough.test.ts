import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { request } from 'undici';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';
import {
  cassetteResponseBody,
  fixtureBytes,
  type ReplayUpstream,
  sseEvents,
  startReplayUpstream,
} from '../support/replay-upstream.ts';

const STREAM_FIXTURE = 'openai/chat-completions/openai-python/stream-basic-text.sse';
const UPSTREAM_MODEL_JSON = '"model":"gpt-4o-2024-08-06"';
const PUBLIC_MODEL_JSON = '"model":"replay/gpt-4o"';

function replayConfig(upstreamUrl: string): string {
  return `
providers:
  replay:
    type: openai-compatible
    base_url: ${upstreamUrl}/v1
    api_key: provider-secret-key-123456
    models:
      - id: gpt-4o
        pricing: { input: 2.5, output: 10, cached_input: 1.25 }
`;
}

/** Sends a raw request and collects the answer's bytes with the time each read arrived. */
async function rawCall(url: string, body: string) {
  const started = performance.now();
  const response = await request(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer client-key' },
    body,
  });
  const reads: { at: number; bytes: Buffer }[] = [];
  for await (const chunk of response.body)
    reads.push({ at: performance.now() - started, bytes: chunk as Buffer });
  return {
    status: response.statusCode,
    headers: response.headers,
    reads,
    bytes: Buffer.concat(reads.map((read) => read.bytes)),
  };
}

describe('OpenAI client → gateway → OpenAI-compatible upstream: passthrough', () => {
  let upstream: ReplayUpstream;
  let gateway: GatewayHarness;
  const recorded = fixtureBytes(STREAM_FIXTURE);
  const events = sseEvents(recorded);

  before(async () => {
    upstream = await startReplayUpstream({
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: events.map((bytes) => ({ bytes, delayMs: 5 })),
    });
    gateway = await startGateway(replayConfig(upstream.url));
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  test('a recorded stream reaches the client byte for byte, only the model name replaced', async () => {
    const clientBody =
      '{"model":"replay/gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"weather?"}]}';
    const { status, headers, bytes } = await rawCall(gateway.url, clientBody);
    assert.equal(status, 200);
    assert.equal(headers['content-type'], 'text/event-stream; charset=utf-8');
    const expected = recorded.toString('utf8').split(UPSTREAM_MODEL_JSON).join(PUBLIC_MODEL_JSON);
    assert.equal(bytes.toString('utf8'), expected);
    // The request went upstream untouched but for the model id, and with the provider's key.
    const sent = upstream.received.at(-1);
    assert.equal(sent?.path, '/v1/chat/completions');
    assert.equal(sent?.body, clientBody.replace('"replay/gpt-4o"', '"gpt-4o"'));
    assert.equal(sent?.headers.authorization, 'Bearer provider-secret-key-123456');
  });

  test('without include_usage the gateway still gets usage (and prices it) but the client does not see it', async () => {
    const recordPromise = gateway.nextRecord();
    const clientBody =
      '{"model":"replay/gpt-4o", "stream": true, "messages":[{"role":"user","content":"weather?"}]}';
    const { bytes } = await rawCall(gateway.url, clientBody);
    const sent = upstream.received.at(-1);
    assert.equal(
      sent?.body,
      '{"model":"gpt-4o", "stream": true, "messages":[{"role":"user","content":"weather?"}],"stream_options":{"include_usage":true}}',
    );
    const withoutUsage = events
      .filter((event) => !event.toString().includes('"usage":{'))
      .map((event) => event.toString().split(UPSTREAM_MODEL_JSON).join(PUBLIC_MODEL_JSON))
      .join('');
    assert.equal(bytes.toString('utf8'), withoutUsage);
    const record = await recordPromise;
    assert.deepEqual(record.usage, {
      inputTokens: 14,
      outputTokens: 30,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    // 14 × $2.5/M + 30 × $10/M = $0.000335
    assert.equal(record.costNanoUsd, 335_000);
    assert.equal(record.upstreamModel, 'gpt-4o-2024-08-06');
    const line = gateway.logLines.find((entry) => entry.reqId === record.requestId);
    assert.equal(line?.costUsd, '0.000335');
    assert.equal(line?.inputTokens, 14);
  });

  test('events are relayed as they arrive, not collected', async () => {
    upstream.answer = {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: events.slice(0, 4).map((bytes, index) => ({ bytes, delayMs: index === 0 ? 0 : 150 })),
    };
    const body = '{"model":"replay/gpt-4o","stream":true,"messages":[{"role":"user","content":"x"}]}';
    const { reads } = await rawCall(gateway.url, body);
    assert.ok(reads.length >= 4, `one read per upstream event, got ${reads.length}`);
    const first = reads[0]?.at ?? 0;
    const last = reads.at(-1)?.at ?? 0;
    assert.ok(last - first >= 350, `events spread over the upstream's 450 ms, got ${last - first} ms`);
  });

  test('a client that disconnects aborts its upstream request', async () => {
    upstream.answer = {
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      chunks: events.map((bytes, index) => ({ bytes, delayMs: index === 0 ? 0 : 100 })),
    };
    const recordPromise = gateway.nextRecord();
    const controller = new AbortController();
    const response = await request(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{"model":"replay/gpt-4o","stream":true,"messages":[{"role":"user","content":"x"}]}',
      signal: controller.signal,
    });
    await assert.rejects(async () => {
      for await (const _chunk of response.body) controller.abort();
    });
    const record = await recordPromise;
    assert.equal(record.errorCode, 'client_closed');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(
      upstream.received.at(-1)?.closedEarly,
      true,
      'the upstream connection was closed mid-answer',
    );
  });

  test('an event split across network chunks is reassembled before it is relayed', async () => {
    const pieces = events.flatMap((event) => {
      const middle = Math.floor(event.length / 2);
      return [
        { bytes: event.subarray(0, middle), delayMs: 2 },
        { bytes: event.subarray(middle), delayMs: 2 },
      ];
    });
    upstream.answer = { status: 200, headers: { 'content-type': 'text/event-stream' }, chunks: pieces };
    const body =
      '{"model":"replay/gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"x"}]}';
    const { bytes } = await rawCall(gateway.url, body);
    assert.equal(
      bytes.toString('utf8'),
      recorded.toString('utf8').split(UPSTREAM_MODEL_JSON).join(PUBLIC_MODEL_JSON),
    );
  });

  test('a non-stream answer is passed through with the model replaced, usage in headers, cost computed', async () => {
    const recordedBody = cassetteResponseBody('openai/chat-completions/envoy-ai-gateway/chat-basic.yaml');
    upstream.answer = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      chunks: [{ bytes: Buffer.from(recordedBody) }],
    };
    const { status, headers, bytes } = await rawCall(
      gateway.url,
      '{"model":"replay/gpt-4o","messages":[{"role":"user","content":"Hello!"}]}',
    );
    assert.equal(status, 200);
    assert.equal(
      bytes.toString('utf8'),
      recordedBody.replace('"model": "gpt-5-nano-2025-08-07"', '"model": "replay/gpt-4o"'),
    );
    assert.equal(headers['x-tollgate-provider'], 'replay');
    assert.equal(headers['x-tollgate-model'], 'gpt-5-nano-2025-08-07');
    assert.equal(headers['x-tollgate-input-tokens'], '8');
    assert.equal(headers['x-tollgate-output-tokens'], '377');
    assert.equal(headers['x-tollgate-reasoning-tokens'], '320');
    // 8 × $2.5/M + 377 × $10/M = $0.00379
    assert.equal(headers['x-tollgate-cost-usd'], '0.00379');
  });
});

describe('openai SDK → gateway → standalone simulator server (a real HTTP hop)', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: OpenAI;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    gateway = await startGateway(`
providers:
  sim:
    type: openai-compatible
    base_url: ${simulator.url}/v1
    forward_headers: ['x-simulator-*']
    models:
      - id: lorem
        pricing: { input: 1, output: 2 }
      - echo
`);
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  test('streamed answer with usage priced and logged', async () => {
    const recordPromise = gateway.nextRecord();
    const stream = await client.chat.completions.create(
      { model: 'sim/lorem', stream: true, messages: [{ role: 'user', content: 'go' }] },
      { headers: { 'x-simulator-output-tokens': '12' } },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
    const record = await recordPromise;
    assert.equal(record.usage?.outputTokens, 12);
    const expectedNano = (record.usage?.inputTokens ?? 0) * 1000 + 12 * 2000;
    assert.equal(record.costNanoUsd, expectedNano);
  });

  test('a model without a price reports cost unknown, never 0', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'sim/echo', messages: [{ role: 'user', content: 'free?' }] })
      .withResponse();
    assert.equal(response.headers.get('x-tollgate-cost-usd'), 'unknown');
    assert.notEqual(response.headers.get('x-tollgate-output-tokens'), 'unknown');
  });
});
