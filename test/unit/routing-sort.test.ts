import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BalanceCandidate } from '../../src/routing/balance/balance-order.ts';
import { sortOrder } from '../../src/routing/balance/sort-order.ts';
import { TargetHealth } from '../../src/routing/health/target-health.ts';

function candidate(
  name: string,
  cost: number | undefined,
  speed?: { ttftMs: number; outputTokens: number; generationMs: number },
): BalanceCandidate {
  const health = new TargetHealth(name);
  if (speed !== undefined) {
    health.begin();
    health.succeed({ latencyMs: speed.ttftMs, ...speed });
  }
  return { weight: 1, cost, health };
}

describe('sort: cost, ttft, tps', () => {
  const candidates = [
    candidate('a', 10, { ttftMs: 300, outputTokens: 100, generationMs: 2_000 }),
    candidate('b', 2, { ttftMs: 50, outputTokens: 100, generationMs: 4_000 }),
    candidate('c', undefined),
    candidate('d', 5, { ttftMs: 120, outputTokens: 100, generationMs: 500 }),
  ];

  test('cost: cheapest first, unpriced last', () => {
    assert.deepEqual(sortOrder('cost', candidates), [1, 3, 0, 2]);
  });

  test('ttft: fastest first token first, unmeasured last', () => {
    assert.deepEqual(sortOrder('ttft', candidates), [1, 3, 0, 2]);
  });

  test('tps: highest throughput first, unmeasured last', () => {
    assert.deepEqual(sortOrder('tps', candidates), [3, 0, 1, 2]);
  });

  test('ties keep the configured order', () => {
    const same = [candidate('x', 1), candidate('y', 1), candidate('z', 1)];
    assert.deepEqual(sortOrder('cost', same), [0, 1, 2]);
  });
});
