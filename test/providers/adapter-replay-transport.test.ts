import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createUpstreamFetch } from '../../src/upstream/upstream-fetch.ts';
import type { UpstreamBodySink, UpstreamExchange } from '../../src/upstream/upstream-transport.ts';
import { chunksAsSse, ReplayTransport, splitBytes } from '../support/replay-transport.ts';

/** The replay transport the adapter tests stand on keeps the push contract of `upstream-transport.ts`. */

interface Recorded {
  chunks: string[];
  ends: number;
  errors: Error[];
}

function recordingSink(): { sink: UpstreamBodySink; seen: Recorded; done: Promise<void> } {
  const seen: Recorded = { chunks: [], ends: 0, errors: [] };
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return {
    seen,
    done,
    sink: {
      onData: (chunk) => seen.chunks.push(chunk.toString('utf8')),
      onEnd: () => {
        seen.ends++;
        finish();
      },
      onError: (error) => {
        seen.errors.push(error);
        finish();
      },
    },
  };
}

const request = {
  origin: 'https://api.example.test',
  path: '/v1/chat/completions?x=1',
  method: 'POST' as const,
  headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
  body: new TextEncoder().encode('{"a":1}'),
};

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('replay transport', () => {
  test('records the request and answers head, then the body in chunks, then one onEnd', async () => {
    const transport = new ReplayTransport({
      status: 201,
      headers: { 'x-a': 'b' },
      body: 'hello world',
      chunkSize: 4,
    });
    const exchange = transport.start(request);
    assert.deepEqual(transport.onlyRequest(), { ...request, bodyText: '{"a":1}' });

    let headSettled = false;
    void exchange.head.then(() => {
      headSettled = true;
    });
    await Promise.resolve();
    assert.equal(headSettled, false, 'the head arrives on a later turn, as from a socket');
    assert.deepEqual(await exchange.head, { status: 201, headers: { 'x-a': 'b' } });

    const { sink, seen, done } = recordingSink();
    exchange.consume(sink);
    assert.deepEqual(seen.chunks, [], 'chunks are pushed asynchronously');
    await done;
    assert.deepEqual(seen.chunks, ['hell', 'o wo', 'rld']);
    assert.equal(seen.ends, 1);
    assert.deepEqual(seen.errors, []);
    assert.equal(transport.exchanges[0]?.state, 'ended');
  });

  test('consume() before the head or twice is a contract violation', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'x' });
    const exchange = transport.start(request);
    assert.throws(() => exchange.consume(recordingSink().sink), /before the head/);
    await exchange.head;
    exchange.consume(recordingSink().sink);
    assert.throws(() => exchange.consume(recordingSink().sink), /twice/);
  });

  test('abort() before the head rejects the head with the reason', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'x' });
    const exchange = transport.start(request);
    const reason = new Error('client went away');
    exchange.abort(reason);
    await assert.rejects(exchange.head, (error) => error === reason);
  });

  test('abort() mid-body stops the chunks and ends the sink with onError(reason), never onEnd', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'abcdefghij', chunkSize: 1 });
    const exchange = transport.start(request);
    await exchange.head;
    const seen: Recorded = { chunks: [], ends: 0, errors: [] };
    const reason = new Error('deadline');
    exchange.consume({
      onData(chunk) {
        seen.chunks.push(chunk.toString('utf8'));
        if (seen.chunks.length === 3) exchange.abort(reason);
      },
      onEnd: () => seen.ends++,
      onError: (error) => seen.errors.push(error),
    });
    for (let index = 0; index < 15; index++) await turn();
    assert.deepEqual(seen.chunks, ['a', 'b', 'c']);
    assert.deepEqual(seen.errors, [reason]);
    assert.equal(seen.ends, 0);
    exchange.abort(new Error('again'));
    assert.deepEqual(seen.errors, [reason], 'abort after the end is a no-op');
  });

  test('abort() between head and consume() reports the reason as soon as the body is consumed', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'abc' });
    const exchange = transport.start(request);
    await exchange.head;
    const reason = new Error('cancelled');
    exchange.abort(reason);
    const { sink, seen } = recordingSink();
    exchange.consume(sink);
    assert.deepEqual(seen.errors, [reason]);
    assert.deepEqual(seen.chunks, []);
  });

  test('pause() holds the body until resume()', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'abcdef', chunkSize: 2 });
    const exchange: UpstreamExchange = transport.start(request);
    await exchange.head;
    const { sink, seen, done } = recordingSink();
    exchange.consume(sink);
    exchange.pause();
    for (let index = 0; index < 5; index++) await turn();
    assert.deepEqual(seen.chunks, []);
    exchange.resume();
    await done;
    assert.deepEqual(seen.chunks, ['ab', 'cd', 'ef']);
    assert.equal(transport.exchanges[0]?.pauses, 1);
  });

  test('scripted failures: unreachable upstream, connection broken after the body', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const transport = new ReplayTransport(
      { status: 200, failBeforeHead: refused },
      { status: 200, body: 'partial', failAfterBody: reset },
    );
    await assert.rejects(transport.start(request).head, (error) => error === refused);
    const broken = transport.start(request);
    await broken.head;
    const { sink, seen, done } = recordingSink();
    broken.consume(sink);
    await done;
    assert.deepEqual(seen.chunks, ['partial']);
    assert.deepEqual(seen.errors, [reset]);
    assert.equal(seen.ends, 0);
  });

  test('answers are used in order, the last one repeats', async () => {
    const transport = new ReplayTransport({ status: 429, body: 'slow down' }, { status: 200, body: 'ok' });
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await transport.start(request).head).status);
    assert.deepEqual(statuses, [429, 200, 200]);
    assert.equal(transport.requests.length, 3);
  });

  test('through the gateway fetch: the Response carries status, headers and the reassembled bytes', async () => {
    const bytes = Buffer.from('é€😀 across chunk boundaries', 'utf8');
    const transport = new ReplayTransport({
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] },
      chunks: splitBytes(bytes, 1),
    });
    const fetch = createUpstreamFetch(transport, 'replay');
    const response = await fetch('https://api.example.test/v1/x', {
      method: 'POST',
      body: 'q',
      headers: { 'X-Up': 'Y' },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(await response.text(), 'é€😀 across chunk boundaries');
    const sent = transport.onlyRequest();
    assert.equal(sent.path, '/v1/x');
    assert.equal(sent.headers['x-up'], 'Y');
    assert.equal(sent.bodyText, 'q');
  });

  test('through the gateway fetch: an aborted signal aborts the exchange', async () => {
    const transport = new ReplayTransport({ status: 200, body: 'never read', chunkSize: 1 });
    const fetch = createUpstreamFetch(transport, 'replay');
    const controller = new AbortController();
    const response = await fetch('https://api.example.test/v1/x', { signal: controller.signal });
    controller.abort(new Error('client closed'));
    await assert.rejects(response.text());
    assert.equal(transport.exchanges[0]?.abortReason?.message, 'client closed');
  });

  test('chunksAsSse frames decoded lines back into SSE events', () => {
    const framed = chunksAsSse('anthropic/messages/vercel-ai/anthropic-text.chunks.txt', {
      eventField: 'type',
    }).body.toString('utf8');
    assert.ok(framed.startsWith('event: message_start\ndata: {"type":"message_start"'));
    assert.ok(framed.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n'));
    const openAIStyle = chunksAsSse('mistral/chat-completions/vercel-ai/mistral-text.chunks.txt', {
      done: true,
    }).body.toString('utf8');
    assert.ok(openAIStyle.startsWith('data: {'));
    assert.ok(openAIStyle.endsWith('\n\ndata: [DONE]\n\n'));
  });
});
