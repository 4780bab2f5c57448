import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newCallRecord } from '../../src/core/call-record.ts';
import { RecentCalls } from '../../src/observability/recent-calls.ts';

function call(
  model: string | undefined,
  apiKey: string,
  costNanoUsd: number | undefined,
  extra: { byok?: boolean; tags?: string[] } = {},
) {
  const record = newCallRecord('r', 'POST', '/v1/chat/completions');
  record.model = model;
  record.apiKey = apiKey;
  record.provider = 'openai';
  record.status = 200;
  record.stream = true;
  record.usage = {
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 2,
    cacheWriteTokens: 1,
    reasoningTokens: 3,
  };
  record.costNanoUsd = costNanoUsd;
  record.byok = extra.byok ?? false;
  record.tags = extra.tags;
  record.latencyMs = 12.5;
  return record;
}

describe('recent calls', () => {
  test('a call reads back as it was recorded', () => {
    const calls = new RecentCalls(8);
    const record = call('acme/echo', 'app', 1500, { tags: ['a', 'b'] });
    calls.add(record);
    const summary = calls.get(record.generationId);
    assert.equal(summary?.model, 'acme/echo');
    assert.equal(summary?.apiKey, 'app');
    assert.deepEqual(summary?.tags, ['a', 'b']);
    assert.equal(summary?.stream, true);
    assert.equal(summary?.byok, false);
    assert.equal(summary?.costNanoUsd, 1500);
    assert.equal(summary?.ttftMs, undefined);
    assert.equal(summary?.latencyMs, 12.5);
    assert.deepEqual(
      [
        summary?.inputTokens,
        summary?.outputTokens,
        summary?.cacheReadTokens,
        summary?.cacheWriteTokens,
        summary?.reasoningTokens,
      ],
      [10, 5, 2, 1, 3],
    );
  });

  test('the ring keeps the newest calls; each key sees its own; spend counts gateway credentials only', () => {
    const calls = new RecentCalls(3);
    const records = [1, 2, 3, 4].map((cost) => call('acme/echo', cost % 2 === 0 ? 'even' : 'odd', cost));
    for (const record of records) calls.add(record);
    calls.add(call(undefined, 'odd', 1000));
    calls.add(call('acme/echo', 'odd', 100, { byok: true }));
    assert.equal(calls.get(records[0]!.generationId), undefined, 'the oldest was overwritten');
    assert.deepEqual(
      [...calls.calls('even')].map((summary) => summary.costNanoUsd),
      [4],
    );
    assert.deepEqual(
      [...calls.calls('odd')].map((summary) => summary.costNanoUsd),
      [3, 100],
    );
    assert.deepEqual([...calls.calls('nobody')], []);
    assert.equal(calls.spentBy('odd'), 1 + 3);
    assert.equal(calls.spentBy('even'), 2 + 4);
    assert.equal(calls.spentBy('nobody'), 0);
  });

  test('unknown prices stay unknown', () => {
    const calls = new RecentCalls(2);
    const record = call('acme/echo', 'app', undefined);
    calls.add(record);
    assert.equal(calls.get(record.generationId)?.costNanoUsd, undefined);
    assert.equal(calls.spentBy('app'), 0);
  });
});
