import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.ts';

// The fault upstream that the routing tests drive: behaviour switched at run time over the real
// simulator, every request recorded, and a client that goes away told apart from a staged failure.

let upstream: FaultUpstream;
before(async () => {
  upstream = await startFaultUpstream({
    name: 'primary',
    simulator: { models: { 'lorem-listed': {} } },
  });
});
after(() => upstream.close());
beforeEach(() => {
  upstream.clear();
  upstream.resetCounts();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chat(
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${upstream.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'lorem', messages: [{ role: 'user', content: 'hi' }], ...body }),
    signal,
  });
}

/** Polls until the last request records the client going away (or a second passes). */
async function clientClosedAt(): Promise<number | undefined> {
  const deadline = performance.now() + 1000;
  while (performance.now() < deadline) {
    const closedAt = upstream.requests.at(-1)?.clientClosedAt;
    if (closedAt !== undefined) return closedAt;
    await wait(2);
  }
  return undefined;
}

describe('fault upstream: behaviour', () => {
  it('applies the set behaviour over the client’s own x-simulator-* headers until cleared', async () => {
    upstream.set({ fail: 503 });
    const failed = await chat({}, { 'x-simulator-fail': '500' });
    assert.equal(failed.status, 503, 'the upstream’s setting wins');
    assert.equal(failed.headers.get('x-fault-upstream'), 'primary');
    await failed.arrayBuffer();

    upstream.clear();
    const steered = await chat({}, { 'x-simulator-fail': '500' });
    assert.equal(steered.status, 500, 'cleared: the client’s header applies again');
    await steered.arrayBuffer();
    const served = await chat();
    assert.equal(served.status, 200);
    assert.equal(((await served.json()) as { model: string }).model, 'lorem');
  });

  it('stages context-length and content-policy refusals', async () => {
    upstream.set({ contextWindow: 20 });
    assert.equal((await chat()).status, 200, 'a short prompt fits');
    const long = await chat({ messages: [{ role: 'user', content: 'word '.repeat(40) }] });
    assert.equal(long.status, 400);
    assert.equal(((await long.json()) as { error: { code: string } }).error.code, 'context_length_exceeded');

    upstream.set({ fail: 'content-policy' });
    const refused = await chat();
    assert.equal(refused.status, 400);
    assert.equal(
      ((await refused.json()) as { error: { code: string } }).error.code,
      'content_policy_violation',
    );
  });

  it('waits latencyMs before any reply, a fault included', async () => {
    upstream.set({ latencyMs: 80, fail: 429, retryAfter: 2 });
    const start = performance.now();
    const response = await chat();
    const took = performance.now() - start;
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '2');
    await response.arrayBuffer();
    // Timers never fire early; the upper bound is loose for a busy machine.
    assert.ok(took >= 78, `answered after ${Math.round(took)} ms`);
  });

  it('streams at the set rate', async () => {
    upstream.set({ ttftMs: 40, tokensPerSecond: 100, outputTokens: 5 });
    const start = performance.now();
    const response = await chat({ stream: true });
    const text = await response.text();
    assert.ok(performance.now() - start >= 70, 'ttft plus four token gaps');
    assert.ok(text.endsWith('data: [DONE]\n\n'));
  });

  it('keeps connections alive like the standalone simulator', async () => {
    const response = await chat();
    assert.equal(response.headers.get('keep-alive'), 'timeout=65');
    await response.arrayBuffer();
  });
});

describe('fault upstream: request records', () => {
  it('records every request in arrival order with its path and model; counts reset', async () => {
    const held = upstream.requests;
    await (await chat()).arrayBuffer();
    await (
      await fetch(`${upstream.url}/v1beta/models/echo:generateContent`, {
        method: 'POST',
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      })
    ).arrayBuffer();
    const list = (await (await fetch(`${upstream.url}/v1/models`)).json()) as { data: { id: string }[] };
    assert.ok(
      list.data.some((model) => model.id === 'lorem-listed'),
      'the simulator options apply',
    );

    assert.equal(upstream.count(), 3);
    assert.deepEqual(
      upstream.requests.map(({ path, model }) => ({ path, model })),
      [
        { path: '/v1/chat/completions', model: 'lorem' },
        { path: '/v1beta/models/echo:generateContent', model: 'echo' },
        { path: '/v1/models', model: undefined },
      ],
    );
    for (const [index, request] of upstream.requests.entries()) {
      assert.ok(request.finishedAt !== undefined && request.finishedAt >= request.startedAt);
      assert.equal(request.clientClosedAt, undefined);
      if (index > 0) assert.ok(request.startedAt >= upstream.requests[index - 1]!.startedAt);
    }

    upstream.resetCounts();
    assert.equal(upstream.count(), 0);
    assert.equal(held.length, 0, 'the same array is emptied');
  });
});

describe('fault upstream: client going away', () => {
  it('notes a client that aborts a slow stream mid-way within 100 ms of the abort', async () => {
    upstream.set({ tokensPerSecond: 20, outputTokens: 100 });
    const controller = new AbortController();
    const response = await chat({ stream: true }, {}, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.read();
    const abortedAt = performance.now();
    controller.abort();
    await assert.rejects(reader.read(), { name: 'AbortError' });
    const closedAt = await clientClosedAt();
    assert.ok(closedAt !== undefined, 'the close was seen');
    assert.ok(closedAt - abortedAt < 100, `seen ${Math.round(closedAt - abortedAt)} ms after the abort`);
    assert.equal(upstream.requests.at(-1)?.finishedAt, undefined, 'the reply never completed');
  });

  it('notes a client that gives up on a hanging request or during the latency', async () => {
    upstream.set({ fail: 'hang' });
    const abortedAt = performance.now() + 50;
    await assert.rejects(chat({}, {}, AbortSignal.timeout(50)), { name: 'TimeoutError' });
    const closedAt = await clientClosedAt();
    assert.ok(closedAt !== undefined && closedAt - abortedAt < 100, 'hang: seen');

    upstream.set({ latencyMs: 5000 });
    await assert.rejects(chat({}, {}, AbortSignal.timeout(50)), { name: 'TimeoutError' });
    assert.ok((await clientClosedAt()) !== undefined, 'latency: seen, and the reply never starts');
    assert.equal(upstream.count(), 2);
  });

  it('does not mistake a staged reset or cut for the client going away', async () => {
    upstream.set({ fail: 'reset' });
    await assert.rejects(chat());
    const reset = await chat({ stream: true });
    await assert.rejects(reset.text());
    upstream.set({ fail: 'cut' });
    const cut = await chat();
    await assert.rejects(cut.text());
    await wait(50);
    assert.equal(upstream.count(), 3);
    for (const request of upstream.requests) {
      assert.equal(request.clientClosedAt, undefined, `${request.path}: closed by the upstream itself`);
      assert.equal(request.finishedAt, undefined);
    }
  });
});
