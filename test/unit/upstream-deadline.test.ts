import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { UpstreamDeadline } from '../../src/upstream/upstream-deadline.ts';
import type { UpstreamExchange } from '../../src/upstream/upstream-transport.ts';

/** An exchange that only records how it was aborted. */
function fakeExchange(): UpstreamExchange & { abortedWith: Error | undefined } {
  const exchange = {
    abortedWith: undefined as Error | undefined,
    head: new Promise<never>(() => {}),
    consume() {},
    pause() {},
    resume() {},
    abort(reason: Error) {
      exchange.abortedWith = reason;
    },
  };
  return exchange;
}

const timeouts = (overrides: Partial<{ firstByteMs: number; idleMs: number; totalMs: number }>) => ({
  connectMs: 0,
  firstByteMs: 0,
  idleMs: 0,
  totalMs: 0,
  ...overrides,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('UpstreamDeadline', () => {
  test('first-byte deadline aborts with a 504 naming the provider', async () => {
    const exchange = fakeExchange();
    const deadline = new UpstreamDeadline(exchange, timeouts({ firstByteMs: 100 }), 'openai');
    await sleep(220);
    assert.ok(exchange.abortedWith instanceof GatewayError);
    assert.equal((exchange.abortedWith as GatewayError).status, 504);
    assert.match(
      exchange.abortedWith.message,
      /Provider "openai" did not answer in time \(first byte timeout of 100 ms\)/,
    );
    assert.equal(deadline.reason, exchange.abortedWith);
  });

  test('chunks keep the idle deadline away; silence trips it', async () => {
    const exchange = fakeExchange();
    const deadline = new UpstreamDeadline(exchange, timeouts({ idleMs: 120 }), 'p');
    deadline.headersReceived();
    for (let i = 0; i < 5; i++) {
      await sleep(50);
      deadline.chunkReceived();
    }
    assert.equal(exchange.abortedWith, undefined);
    await sleep(250);
    assert.match(
      String((exchange as { abortedWith?: Error }).abortedWith?.message),
      /idle timeout of 120 ms/,
    );
  });

  test('finish stops watching; the client leaving aborts at once', async () => {
    const finished = fakeExchange();
    new UpstreamDeadline(finished, timeouts({ firstByteMs: 50 }), 'p').finish();
    await sleep(150);
    assert.equal(finished.abortedWith, undefined);

    const client = new AbortController();
    const leaving = fakeExchange();
    const deadline = new UpstreamDeadline(leaving, timeouts({ totalMs: 10_000 }), 'p', client.signal);
    client.abort();
    assert.equal(deadline.clientGone, true);
    assert.equal((leaving.abortedWith as GatewayError).clientCode, 'client_closed');
    deadline.finish();
  });
});
