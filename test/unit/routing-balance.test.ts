import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { affinityPick, hash32 } from '../../src/routing/balance/affinity-hash.ts';
import { type BalanceCandidate, balanceOrder } from '../../src/routing/balance/balance-order.ts';
import { applyHealth } from '../../src/routing/balance/health-order.ts';
import { DEFAULT_BREAKER_SETTINGS } from '../../src/routing/health/breaker-settings.ts';
import { TargetHealth } from '../../src/routing/health/target-health.ts';

/** mulberry32: a tiny seeded PRNG so every run sees the same "random" numbers. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clock = () => 1_000;
let nextId = 0;

function candidate(options: { weight?: number; cost?: number; latencyMs?: number; inFlight?: number } = {}) {
  const health = new TargetHealth(`t${nextId++}`, DEFAULT_BREAKER_SETTINGS, clock);
  if (options.latencyMs !== undefined) {
    health.begin();
    health.succeed({ latencyMs: options.latencyMs });
  }
  for (let i = 0; i < (options.inFlight ?? 0); i++) health.begin();
  return { weight: options.weight ?? 1, cost: options.cost, health } satisfies BalanceCandidate;
}

function firstPicks(count: number, pick: () => number, size: number): number[] {
  const tally = new Array<number>(size).fill(0);
  for (let i = 0; i < count; i++) tally[pick()]!++;
  return tally;
}

function assertPermutation(order: readonly number[], size: number) {
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    Array.from({ length: size }, (_, index) => index),
  );
}

describe('balance order', () => {
  test('ordered keeps the configured order', () => {
    const candidates = [candidate(), candidate(), candidate()];
    assert.deepEqual(balanceOrder('ordered', candidates, mulberry32(1)), [0, 1, 2]);
    assert.deepEqual(balanceOrder('weighted', [], mulberry32(1)), []);
    assert.deepEqual(balanceOrder('least-latency', [candidate()], mulberry32(1)), [0]);
  });

  test('weighted 3:1 gives 75/25 of first picks (±3%) and weight 0 only as a last resort', () => {
    const candidates = [candidate({ weight: 3 }), candidate({ weight: 1 })];
    const random = mulberry32(42);
    const tally = firstPicks(4_000, () => balanceOrder('weighted', candidates, random)[0]!, 2);
    assert.ok(Math.abs(tally[0]! / 4_000 - 0.75) <= 0.03, `${tally}`);

    const withZero = [candidate({ weight: 0 }), candidate({ weight: 1 }), candidate({ weight: 0 })];
    for (let i = 0; i < 50; i++) {
      assert.deepEqual(balanceOrder('weighted', withZero, random), [1, 0, 2]);
    }
  });

  test('weighted draws without replacement: the second pick follows the remaining weights', () => {
    const candidates = [candidate({ weight: 6 }), candidate({ weight: 3 }), candidate({ weight: 1 })];
    const random = mulberry32(7);
    let secondIsMiddle = 0;
    let firstIsHeavy = 0;
    for (let i = 0; i < 4_000; i++) {
      const order = balanceOrder('weighted', candidates, random);
      if (order[0] !== 0) continue;
      firstIsHeavy++;
      if (order[1] === 1) secondIsMiddle++;
    }
    // Given the heavy one went first, the middle one is second with probability 3 / (3 + 1).
    assert.ok(Math.abs(secondIsMiddle / firstIsHeavy - 0.75) <= 0.04, `${secondIsMiddle}/${firstIsHeavy}`);
  });

  test('least-latency sends at least 90% of first picks to the faster target, and explores', () => {
    const candidates = [candidate({ latencyMs: 50 }), candidate({ latencyMs: 5 })];
    const random = mulberry32(3);
    const tally = firstPicks(4_000, () => balanceOrder('least-latency', candidates, random)[0]!, 2);
    assert.ok(tally[1]! / 4_000 >= 0.9, `${tally}`);
    assert.ok(tally[0]! > 0, 'the slower target is still explored');
  });

  test('least-latency tries an unmeasured target first and orders the rest by latency', () => {
    const candidates = [
      candidate({ latencyMs: 30 }),
      candidate({ latencyMs: 10 }),
      candidate(),
      candidate({ latencyMs: 20 }),
    ];
    const random = mulberry32(11);
    let unmeasuredFirst = 0;
    for (let i = 0; i < 1_000; i++) {
      const order = balanceOrder('least-latency', candidates, random);
      assertPermutation(order, 4);
      if (order[0] === 2) unmeasuredFirst++;
      const rest = order.slice(1).map((index) => candidates[index]!.health.latencyEwmaMs ?? 0);
      assert.deepEqual(
        rest,
        [...rest].sort((a, b) => a - b),
      );
    }
    // The unmeasured one wins whenever it is one of the two choices: 1/2 of draws, plus exploration.
    assert.ok(unmeasuredFirst > 450 && unmeasuredFirst < 600, `${unmeasuredFirst}`);
  });

  test('least-busy: fewest in flight first, ties broken at random', () => {
    const candidates = [candidate({ inFlight: 3 }), candidate({ inFlight: 1 }), candidate({ inFlight: 1 })];
    const random = mulberry32(5);
    const tally = firstPicks(2_000, () => balanceOrder('least-busy', candidates, random)[0]!, 3);
    assert.equal(tally[0], 0);
    assert.ok(tally[1]! > 850 && tally[2]! > 850, `${tally}`);
    assert.equal(balanceOrder('least-busy', candidates, random)[2], 0);
  });

  test('cost: cheapest first, ties at random, unknown cost last', () => {
    const candidates = [
      candidate({}),
      candidate({ cost: 5 }),
      candidate({ cost: 1 }),
      candidate({ cost: 1 }),
      candidate({ cost: 3 }),
    ];
    const random = mulberry32(9);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const order = balanceOrder('cost', candidates, random);
      firsts.add(order[0]!);
      assert.deepEqual(order.slice(2), [4, 1, 0]);
    }
    assert.deepEqual([...firsts].sort(), [2, 3]);
  });

  test('every policy returns a permutation', () => {
    const random = mulberry32(13);
    for (const policy of ['ordered', 'weighted', 'least-latency', 'least-busy', 'cost'] as const) {
      for (let size = 1; size <= 10; size++) {
        const candidates = Array.from({ length: size }, (_, index) =>
          candidate({
            weight: index % 3,
            cost: index % 4 === 0 ? undefined : index,
            latencyMs: index % 2 === 0 ? 10 * index : undefined,
            inFlight: index % 3,
          }),
        );
        for (let i = 0; i < 20; i++) assertPermutation(balanceOrder(policy, candidates, random), size);
      }
    }
  });
});

describe('health order', () => {
  const now = { value: 0 };
  const settings = { ...DEFAULT_BREAKER_SETTINGS, consecutiveFailures: 1 };
  const make = () => new TargetHealth(`h${nextId++}`, settings, () => now.value);
  const open = (health: TargetHealth) => {
    health.begin();
    health.fail('upstream_error');
    return health;
  };
  /** A target ramping up, the shared clock moved to where its share is `share`. */
  const recovering = (share: number) => {
    const health = open(make());
    now.value += settings.cooldownMs;
    health.begin();
    health.succeed({ latencyMs: 1 });
    now.value += ((share - 0.1) / 0.9) * settings.rampMs;
    assert.ok(Math.abs(health.share() - share) < 1e-9);
    return health;
  };

  test('healthy targets keep their place; share-0 targets go last in their relative order', () => {
    const healths = [open(make()), make(), open(make()), make()];
    assert.deepEqual(applyHealth([3, 2, 1, 0], healths, mulberry32(1)), [3, 1, 2, 0]);
    assert.deepEqual(applyHealth([0, 1, 2, 3], healths, mulberry32(1)), [1, 3, 0, 2]);
  });

  test('a ramping target keeps its place with probability = share, else moves behind the healthy ones', () => {
    const healths = [recovering(0.25), make(), make(), open(make())];
    const random = mulberry32(21);
    let kept = 0;
    for (let i = 0; i < 4_000; i++) {
      const order = applyHealth([0, 1, 2, 3], healths, random);
      if (order[0] === 0) kept++;
      else assert.deepEqual(order, [1, 2, 0, 3]);
    }
    assert.ok(Math.abs(kept / 4_000 - 0.25) <= 0.03, `${kept}`);
  });

  test('returns a new array', () => {
    const order = [0, 1];
    const result = applyHealth(order, [make(), make()], mulberry32(1));
    assert.notEqual(result, order);
    assert.deepEqual(result, order);
  });
});

describe('session affinity', () => {
  const keys = Array.from({ length: 10_000 }, (_, index) => hash32(`session-${index}`));
  const four = ['eu-west/gpt-4o', 'us-east/gpt-4o', 'azure-se/gpt-4o', 'azure-us/gpt-4o'].map(hash32);

  test('hash32 is a stable unsigned 32-bit hash', () => {
    assert.equal(hash32('session-1'), hash32('session-1'));
    assert.notEqual(hash32('session-1'), hash32('session-2'));
    for (const text of ['', 'a', 'é', '🙂', 'x'.repeat(1000)]) {
      const value = hash32(text);
      assert.ok(Number.isInteger(value) && value >= 0 && value < 2 ** 32);
    }
  });

  test('the same key always picks the same candidate, spread ~uniformly (25% ± 3%)', () => {
    const tally = [0, 0, 0, 0];
    for (const key of keys) {
      const pick = affinityPick(key, four);
      assert.equal(affinityPick(key, four), pick);
      tally[pick]!++;
    }
    for (const count of tally) assert.ok(Math.abs(count / keys.length - 0.25) <= 0.03, `${tally}`);
  });

  test('adding a fifth candidate moves about a fifth of the keys, all to the new one', () => {
    const five = [...four, hash32('gcp-eu/gpt-4o')];
    let moved = 0;
    for (const key of keys) {
      const before = affinityPick(key, four);
      const after = affinityPick(key, five);
      if (before === after) continue;
      moved++;
      assert.equal(after, 4);
    }
    assert.ok(moved / keys.length >= 0.15 && moved / keys.length <= 0.25, `${moved}`);
  });

  test('an ineligible candidate: only its keys move, spread over the others', () => {
    const alive = (index: number) => index !== 2;
    const spread = [0, 0, 0, 0];
    for (const key of keys) {
      const home = affinityPick(key, four);
      const now = affinityPick(key, four, alive);
      if (home !== 2) assert.equal(now, home);
      else spread[now]!++;
    }
    assert.equal(spread[2], 0);
    for (const index of [0, 1, 3]) assert.ok(spread[index]! > 500, `${spread}`);
    assert.equal(
      affinityPick(keys[0]!, four, () => false),
      -1,
    );
    assert.equal(affinityPick(keys[0]!, []), -1);
  });
});
