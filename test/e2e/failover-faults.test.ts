import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The routing issue's acceptance suite: the simulator runs as separate upstream servers whose
 * faults are switched at run time, the gateway routes over them, and the official SDKs are the
 * clients. Each test says which fault it stages and what the client and the upstreams must see.
 */

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function attemptsOf(headers: Headers | { get(name: string): string | null }): string[] {
  const value = headers.get('x-tollgate-attempts');
  return value === null ? [] : value.split(', ');
}

describe('failover and retries across separate upstreams', () => {
  let a: FaultUpstream;
  let b: FaultUpstream;
  let gateway: GatewayHarness;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    a = await startFaultUpstream({ name: 'a' });
    b = await startFaultUpstream({ name: 'b' });
    gateway = await startGateway(`
routing:
  breaker: { consecutive_failures: 3, cooldown_ms: 1500, max_cooldown_ms: 1500, ramp_ms: 2000 }
providers:
  a: { type: openai, base_url: ${a.url}/v1, api_key: sk-a, catalog: false, timeouts: { first_byte_ms: 300 } }
  b: { type: openai, base_url: ${b.url}/v1, api_key: sk-b, catalog: false }
  a-anth: { type: anthropic, base_url: ${a.url}/v1, api_key: sk-a, catalog: false }
  b-anth: { type: anthropic, base_url: ${b.url}/v1, api_key: sk-b, catalog: false }
models:
  # Each test has models of its own: health is per (provider, upstream model), so one test's
  # open breaker does not change the next test's routing.
  chat/lorem:
    targets: [{ provider: a, model: lorem-breaker }, { provider: b, model: lorem-breaker }]
  chat/limited:
    targets: [{ provider: a, model: lorem-429 }, { provider: b, model: lorem-429 }]
  chat/patient:
    targets: [{ provider: a, model: lorem-429p }, { provider: b, model: lorem-429p }]
    routing: { prefer: same-target, retries: 1 }
  chat/hang:
    targets: [{ provider: a, model: lorem-hang }, { provider: b, model: lorem-hang }]
  chat/disconnect:
    targets: [{ provider: a, model: lorem-disconnect }]
  claude/lorem:
    targets: [{ provider: a-anth, model: lorem }, { provider: b-anth, model: lorem }]
  chat/small:
    context_window: 60
    targets: [{ provider: a, model: echo, pricing: { input: 1, output: 2 } }]
    routing: { fallbacks: [chat/tiny, chat/big] }
  chat/tiny:
    context_window: 30
    targets: [{ provider: b, model: echo }]
  chat/big:
    context_window: 100000
    targets: [{ provider: b, model: echo }]
  chat/refusing:
    targets: [{ provider: a, model: echo }, { provider: b, model: echo }]
  chat/single:
    targets: [{ provider: a, model: lorem, pricing: { input: 1, output: 2 } }]
`);
    openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'client', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'client', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await a.close();
    await b.close();
  });
  beforeEach(() => {
    a.clear();
    b.clear();
    a.resetCounts();
    b.resetCounts();
  });

  const ask = (model: string, content = 'hello') =>
    openai.chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();

  test('A answers 503 → B serves; the breaker opens, then A is skipped; A gets traffic back gradually', async () => {
    a.set({ fail: 503 });
    const { data, response } = await ask('chat/lorem');
    assert.ok(data.choices[0]?.message.content);
    const attempts = attemptsOf(response.headers);
    assert.equal(attempts.length, 2, `both attempts listed: ${attempts.join(', ')}`);
    assert.match(attempts[0] ?? '', /^a:lorem-breaker;status=503;.*error=upstream_overloaded/);
    assert.match(attempts[1] ?? '', /^b:lorem-breaker;status=200;/);
    assert.equal(response.headers.get('x-tollgate-provider'), 'b');
    assert.equal(gateway.records.at(-1)?.attempts.length, 2, 'the log keeps the chain');

    // Two more failures open A's breaker (3 consecutive).
    await ask('chat/lorem');
    await ask('chat/lorem');
    const health = (await (await fetch(`${gateway.url}/v1/health/providers`)).json()) as {
      data: { key: string; state: string }[];
    };
    assert.equal(health.data.find((entry) => entry.key === 'a:lorem-breaker')?.state, 'open');

    a.resetCounts();
    let served = 0;
    const until = performance.now() + 5000;
    while (performance.now() < until) {
      const { response: r } = await ask('chat/lorem');
      assert.equal(r.status, 200);
      served++;
    }
    const tried = a.count();
    assert.ok(served > 50, `enough traffic to judge (${served})`);
    assert.ok(tried / served <= 0.05, `A tried by ${tried} of ${served} requests while open`);

    // A recovers: after its cool-down one probe succeeds and traffic ramps back up.
    a.clear();
    await wait(1600);
    const windows: number[] = [];
    for (let window = 0; window < 6; window++) {
      let onA = 0;
      let total = 0;
      const end = performance.now() + 500;
      while (performance.now() < end) {
        const { response: r } = await ask('chat/lorem');
        if (r.headers.get('x-tollgate-provider') === 'a') onA++;
        total++;
      }
      windows.push(onA / total);
    }
    assert.ok((windows[0] ?? 1) < 0.6, `A's share right after recovery is small: ${windows.join(', ')}`);
    assert.ok((windows[5] ?? 0) > 0.9, `A's share after the ramp is back to ~100%: ${windows.join(', ')}`);
    assert.ok((windows[2] ?? 0) > (windows[0] ?? 0), `the share grows: ${windows.join(', ')}`);
  });

  test('429 with Retry-After: 1 → fails over at once by default; same-target waits ~1 s; all 429 → 429 with Retry-After', async () => {
    a.set({ fail: 429, retryAfter: 1 });
    let start = performance.now();
    const fast = await ask('chat/limited');
    assert.equal(fast.response.headers.get('x-tollgate-provider'), 'b');
    assert.ok(performance.now() - start < 500, 'availability first: no wait');

    start = performance.now();
    const patient = await ask('chat/patient');
    const waited = performance.now() - start;
    assert.ok(waited >= 900 && waited < 2500, `retried A after its Retry-After (${Math.round(waited)} ms)`);
    const attempts = attemptsOf(patient.response.headers);
    assert.equal(attempts.length, 3, attempts.join(', '));
    assert.match(attempts[0] ?? '', /^a:lorem-429p;status=429/);
    assert.match(attempts[1] ?? '', /^a:lorem-429p;status=429/);
    assert.match(attempts[2] ?? '', /^b:lorem-429p;status=200/);

    b.set({ fail: 429, retryAfter: 2 });
    a.set({ fail: 429, retryAfter: 7 });
    await assert.rejects(ask('chat/limited'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.equal(error.headers?.get('retry-after'), '2', 'the smallest Retry-After');
      const body = error.error as { attempts?: unknown[] };
      assert.ok((body.attempts?.length ?? 0) >= 2, 'every attempt listed in the body');
      return true;
    });
  });

  test('A hangs before the first byte → its first-byte timeout fires and B answers; added delay ≈ the timeout', async () => {
    a.set({ fail: 'hang' });
    const start = performance.now();
    const { response } = await ask('chat/hang');
    const took = performance.now() - start;
    assert.equal(response.headers.get('x-tollgate-provider'), 'b');
    assert.match(attemptsOf(response.headers)[0] ?? '', /status=504;.*error=upstream_timeout/);
    assert.ok(took >= 290 && took < 800, `${Math.round(took)} ms ≈ 300 ms timeout + B`);
  });

  test('A cuts an OpenAI stream after some chunks → the chunks, then an error (no [DONE]); logged truncated, partial usage billed', async () => {
    a.set({ fail: 'cut', failAfter: 5, outputTokens: 40 });
    const record = gateway.nextRecord();
    const stream = await openai.chat.completions.create({
      model: 'chat/single',
      stream: true,
      messages: [{ role: 'user', content: 'write' }],
    });
    let text = '';
    await assert.rejects(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    });
    assert.ok(text.length > 0, 'the chunks before the cut arrived');
    const logged = await record;
    assert.equal(logged.truncated, true);
    assert.equal(logged.usageEstimated, true);
    assert.ok(
      (logged.usage?.outputTokens ?? 0) >= 3,
      `tokens seen are billed: ${logged.usage?.outputTokens}`,
    );
    assert.ok((logged.costNanoUsd ?? 0) > 0, 'priced');
    assert.equal(a.count(), 1, 'never restarted once bytes went out');
    assert.equal(b.count(), 0);
  });

  test('A cuts an Anthropic stream → the events, then an Anthropic error event; logged truncated', async () => {
    a.set({ fail: 'cut', failAfter: 5, outputTokens: 40 });
    const record = gateway.nextRecord();
    const stream = anthropic.messages.stream({
      model: 'claude/lorem',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'write' }],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    await assert.rejects(stream.finalMessage());
    assert.ok(text.length > 0, 'the text before the cut arrived');
    const logged = await record;
    assert.equal(logged.truncated, true);
    assert.ok((logged.usage?.outputTokens ?? 0) >= 3);
    assert.equal(b.count(), 0, 'never restarted on B');
  });

  test('context length exceeded on X → served by the fallback with a larger window (a smaller one is skipped)', async () => {
    a.set({ contextWindow: 60 });
    b.set({ contextWindow: 1000 });
    const long = 'word '.repeat(120);
    const { data, response } = await ask('chat/small', long);
    assert.equal(data.model, 'chat/big', 'the model that served it');
    const attempts = attemptsOf(response.headers);
    assert.equal(attempts.length, 2, attempts.join(', '));
    assert.match(attempts[0] ?? '', /^a:echo;status=400;.*error=context_length_exceeded/);
    assert.match(attempts[1] ?? '', /^b:echo;status=200/);
  });

  test('a 400 invalid request is returned at once, never retried; a content-policy refusal is not routed around', async () => {
    a.set({ fail: 400 });
    await assert.rejects(ask('chat/refusing'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      return true;
    });
    assert.equal(a.count(), 1);
    assert.equal(b.count(), 0);

    a.resetCounts();
    a.set({ fail: 'content-policy' });
    await assert.rejects(ask('chat/refusing'), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.code, 'content_policy_violation', "the upstream's own code is kept");
      assert.equal(gateway.records.at(-1)?.errorCode, 'content_policy');
      return true;
    });
    assert.equal(a.count(), 1);
    assert.equal(b.count(), 0, 'B never saw the refused prompt');
  });

  test('a client that disconnects mid-stream aborts the upstream request within 100 ms', async () => {
    a.set({ tokensPerSecond: 50, outputTokens: 200 });
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: 'chat/disconnect', stream: true, messages: [{ role: 'user', content: 'long' }] },
      { signal: controller.signal },
    );
    let chunks = 0;
    let abortedAt = 0;
    // The SDK ends the iteration quietly (or throws) on abort; either way the loop stops.
    await (async () => {
      for await (const _ of stream) {
        if (++chunks === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
    })().catch(() => {});
    assert.ok(abortedAt > 0, 'aborted mid-stream');
    const deadline = performance.now() + 1000;
    let closedAt: number | undefined;
    while (performance.now() < deadline) {
      closedAt = a.requests.at(-1)?.clientClosedAt;
      if (closedAt !== undefined) break;
      await wait(5);
    }
    assert.ok(closedAt !== undefined, 'the simulator saw the gateway close the request');
    assert.ok(
      closedAt - abortedAt < 100,
      `closed ${Math.round(closedAt - abortedAt)} ms after the client aborted`,
    );
  });
});

describe('load balancing and affinity across deployments', () => {
  const upstreams: FaultUpstream[] = [];
  let gateway: GatewayHarness;
  let openai: OpenAI;

  before(async () => {
    for (const name of ['d1', 'd2', 'd3']) upstreams.push(await startFaultUpstream({ name }));
    const [d1, d2, d3] = upstreams as [FaultUpstream, FaultUpstream, FaultUpstream];
    gateway = await startGateway(`
routing:
  breaker: { consecutive_failures: 2, cooldown_ms: 60000 }
providers:
  d1: { type: openai, base_url: ${d1.url}/v1, api_key: k1, catalog: false }
  d2: { type: openai, base_url: ${d2.url}/v1, api_key: k2, catalog: false }
  d3: { type: openai, base_url: ${d3.url}/v1, api_key: k3, catalog: false }
models:
  pool/weighted:
    targets: [{ provider: d1, model: echo, weight: 3 }, { provider: d2, model: echo, weight: 1 }]
    routing: { balance: weighted }
  pool/fastest:
    targets: [{ provider: d1, model: lorem }, { provider: d2, model: lorem }]
    routing: { balance: least-latency }
  pool/sticky:
    targets: [{ provider: d1, model: echo }, { provider: d2, model: echo }, { provider: d3, model: echo }]
    routing: { balance: least-busy, affinity: session }
`);
    openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'client', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    for (const upstream of upstreams) await upstream.close();
  });

  async function spread(
    model: string,
    count: number,
    headers?: Record<string, string>,
    parallel = 16,
  ): Promise<Map<string, number>> {
    const byProvider = new Map<string, number>();
    const one = async () => {
      const { response } = await openai.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'hi' }] }, { headers })
        .withResponse();
      const provider = response.headers.get('x-tollgate-provider') ?? '?';
      byProvider.set(provider, (byProvider.get(provider) ?? 0) + 1);
    };
    for (let done = 0; done < count; done += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, count - done) }, one));
    }
    return byProvider;
  }

  test('weighted 3:1 over 4,000 requests lands within ±3% of 75/25', async () => {
    const byProvider = await spread('pool/weighted', 4000);
    const share = (byProvider.get('d1') ?? 0) / 4000;
    assert.ok(Math.abs(share - 0.75) <= 0.03, `d1 share ${share}`);
    assert.equal((byProvider.get('d1') ?? 0) + (byProvider.get('d2') ?? 0), 4000);
  });

  test('least-latency sends ≥ 80% of traffic to the faster of two deployments', async () => {
    const [d1, d2] = upstreams as [FaultUpstream, FaultUpstream];
    // Far apart, so a loaded test machine's own delays cannot blur which one is faster.
    d1.set({ latencyMs: 150 });
    d2.set({ latencyMs: 2 });
    const byProvider = await spread('pool/fastest', 400, undefined, 4);
    d1.clear();
    d2.clear();
    const share = (byProvider.get('d2') ?? 0) / 400;
    assert.ok(share >= 0.8, `faster deployment got ${share}`);
  });

  test('affinity keeps ≥ 99% of a session on one deployment while healthy, and moves it when that one dies', async () => {
    const home = new Map<string, string>();
    const placements = new Map<string, Map<string, number>>();
    for (let session = 0; session < 12; session++) {
      const byProvider = await spread('pool/sticky', 50, { 'x-session-id': `session-${session}` });
      placements.set(`session-${session}`, byProvider);
      const [top, count] = [...byProvider.entries()].sort((x, y) => y[1] - x[1])[0] as [string, number];
      assert.ok(count / 50 >= 0.99, `session-${session}: ${JSON.stringify([...byProvider])}`);
      home.set(`session-${session}`, top);
    }
    assert.ok(new Set(home.values()).size >= 2, 'sessions are spread over deployments');

    const victim = home.get('session-0') as string;
    const dead = upstreams[Number(victim.slice(1)) - 1];
    dead?.set({ fail: 503 });
    // The first two failures open its breaker (each still answered by a failover).
    await spread('pool/sticky', 4, { 'x-session-id': 'session-0' });
    const moved = await spread('pool/sticky', 50, { 'x-session-id': 'session-0' });
    assert.equal(moved.get(victim) ?? 0, 0, 'no request answered by the dead deployment');
    const [newHome, count] = [...moved.entries()].sort((x, y) => y[1] - x[1])[0] as [string, number];
    assert.notEqual(newHome, victim);
    assert.ok(count / 50 >= 0.99, 'still one deployment for the session');
    for (const [session, provider] of home) {
      if (provider === victim) continue;
      const again = await spread('pool/sticky', 5, { 'x-session-id': session });
      assert.equal(again.get(provider), 5, `${session} did not move`);
    }
    dead?.clear();
  });
});

describe('credentials: several keys of one provider', () => {
  let upstream: FaultUpstream;
  let gateway: GatewayHarness;
  let openai: OpenAI;

  before(async () => {
    upstream = await startFaultUpstream({ name: 'keys', simulator: { apiKey: 'sk-good-key-2' } });
    gateway = await startGateway(`
providers:
  pool:
    type: openai
    base_url: ${upstream.url}/v1
    api_keys: [sk-revoked-key-1, sk-good-key-2]
    catalog: false
    models: [echo]
`);
    openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'client', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  test('a key the upstream refuses is taken out of rotation; the next key serves; no key is ever shown', async () => {
    const first = await openai.chat.completions
      .create({ model: 'pool/echo', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    const attempts = attemptsOf(first.response.headers);
    assert.equal(attempts.length, 2, attempts.join(', '));
    assert.match(attempts[0] ?? '', /^pool:echo;status=401;.*error=upstream_auth/);
    assert.match(attempts[1] ?? '', /^pool#2:echo;status=200/);

    upstream.resetCounts();
    const second = await openai.chat.completions
      .create({ model: 'pool/echo', messages: [{ role: 'user', content: 'again' }] })
      .withResponse();
    assert.deepEqual(
      attemptsOf(second.response.headers).map((entry) => entry.split(';')[0]),
      ['pool#2:echo'],
    );
    assert.equal(upstream.count(), 1, 'the refused key is not tried again');
    const health = (await (await fetch(`${gateway.url}/v1/health/providers`)).json()) as {
      data: { key: string; state: string }[];
    };
    assert.equal(health.data.find((entry) => entry.key === 'pool:echo')?.state, 'disabled');
    assert.ok(!gateway.rawLog().includes('sk-revoked-key-1') && !gateway.rawLog().includes('sk-good-key-2'));
    assert.ok(!JSON.stringify(health).includes('sk-'), 'no key in the health report');
  });
});
