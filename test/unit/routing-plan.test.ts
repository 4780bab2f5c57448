import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type ConfigFileModelRouting, resolveRouting } from '../../src/config/config-routing.ts';
import type { ModelConfig } from '../../src/config/config-types.ts';
import { GatewayError } from '../../src/core/gateway-error.ts';
import type { Provider } from '../../src/providers/provider-types.ts';
import { ModelCatalog, type ModelRoute } from '../../src/routing/model-catalog.ts';
import { type PlannedAttempt, planRoute } from '../../src/routing/route-plan.ts';
import { type RoutingRequest, routingRequestOf } from '../../src/routing/routing-request.ts';

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

/** Routing never calls a provider: a name and deadlines are all a target needs here. */
function fakeProvider(name: string): Provider {
  return {
    name,
    type: 'openai-compatible',
    timeouts: { connectMs: 1_000, firstByteMs: 5_000, idleMs: 5_000, totalMs: 60_000 },
    nativeProtocol: undefined,
  } as unknown as Provider;
}

interface ModelSpec {
  slug: string;
  /** Provider names, or `[name, weight]`. */
  targets: (string | [string, number])[];
  routing?: ConfigFileModelRouting;
  contextWindow?: number;
}

function catalogOf(models: ModelSpec[]): ModelCatalog {
  const providers = new Map<string, Provider>();
  const configs: ModelConfig[] = models.map((model) => ({
    slug: model.slug,
    contextWindow: model.contextWindow,
    routing: model.routing === undefined ? undefined : resolveRouting(model.routing),
    targets: model.targets.map((entry) => {
      const [name, weight] = typeof entry === 'string' ? [entry, undefined] : entry;
      if (!providers.has(name)) providers.set(name, fakeProvider(name));
      return { provider: name, model: `${model.slug}-upstream`, weight };
    }),
  }));
  return new ModelCatalog(configs, providers);
}

function routeOf(catalog: ModelCatalog, slug: string): ModelRoute {
  const route = catalog.resolve(slug);
  assert.ok(route, `model ${slug} is routable`);
  return route;
}

function plan(catalog: ModelCatalog, slug: string, request: RoutingRequest = {}, random?: () => number) {
  return planRoute(routeOf(catalog, slug), request, (name) => catalog.resolve(name), random);
}

/** `provider` of each attempt, prefixed by its model when it is not the requested one. */
function names(attempts: readonly PlannedAttempt[], primary?: string): string[] {
  return attempts.map((attempt) =>
    primary === undefined || attempt.route.slug === primary
      ? attempt.target.provider.name
      : `${attempt.route.slug}:${attempt.target.provider.name}`,
  );
}

function tripBreaker(route: ModelRoute, provider: string): void {
  const target = route.targets.find((candidate) => candidate.provider.name === provider);
  assert.ok(target);
  for (let i = 0; i < target.health.settings.consecutiveFailures; i++) {
    target.health.begin();
    target.health.fail('upstream_overloaded');
  }
  assert.equal(target.health.state(), 'open');
}

function assertInvalidRequest(run: () => unknown, message: RegExp, param: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'invalid_request');
    assert.equal(error.status, 400);
    assert.equal(error.param, param);
    assert.match(error.message, message);
    return true;
  });
}

const noPrefix = () => undefined;

describe('routing plan', () => {
  test('a single target is the whole plan', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const attempts = plan(catalog, 'x');
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]?.target.provider.name, 'a');
    assert.equal(attempts[0]?.target.key, 'a:x-upstream');
    assert.equal(attempts[0]?.route.slug, 'x');
  });

  test('ordered balancing keeps the configured order', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b', 'c'] }]);
    assert.deepEqual(names(plan(catalog, 'x')), ['a', 'b', 'c']);
  });

  test('"only" filters the targets and keeps their order', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b', 'c'] }]);
    assert.deepEqual(names(plan(catalog, 'x', { only: ['c', 'a'] })), ['a', 'c']);
    assert.deepEqual(names(plan(catalog, 'x', { only: ['b'] })), ['b']);
  });

  test('"only" that leaves nothing is the client\'s error', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    assertInvalidRequest(
      () => plan(catalog, 'x', { only: ['nobody'] }),
      /No provider allowed by "only" \(nobody\) serves "x"; it is served by a, b\./,
      'providerOptions.gateway.only',
    );
  });

  test('"only" applies to the fallback models too', () => {
    const catalog = catalogOf([
      { slug: 'x', targets: ['a', 'b'], routing: { fallbacks: ['y'] } },
      { slug: 'y', targets: ['b', 'c'] },
    ]);
    assert.deepEqual(names(plan(catalog, 'x', { only: ['b'] }), 'x'), ['b', 'y:b']);
    // Nothing of the primary is allowed, but a fallback is: the fallback serves.
    assert.deepEqual(names(plan(catalog, 'x', { only: ['c'] }), 'x'), ['y:c']);
  });

  test('"order" puts the named providers first, in the given order; the others keep theirs', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b', 'c', 'd'] }]);
    assert.deepEqual(names(plan(catalog, 'x', { order: ['c', 'a'] })), ['c', 'a', 'b', 'd']);
    assert.deepEqual(names(plan(catalog, 'x', { order: ['d'] })), ['d', 'a', 'b', 'c']);
    assert.deepEqual(names(plan(catalog, 'x', { order: ['unknown', 'b'] })), ['b', 'a', 'c', 'd']);
    assert.deepEqual(names(plan(catalog, 'x', { order: ['unknown'] })), ['a', 'b', 'c', 'd']);
  });

  test('"order" and "only" together', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b', 'c', 'd'] }]);
    assert.deepEqual(names(plan(catalog, 'x', { only: ['a', 'c', 'd'], order: ['d', 'b'] })), [
      'd',
      'a',
      'c',
    ]);
  });
});

describe('routing plan: fallback models', () => {
  const catalog = catalogOf([
    { slug: 'x', targets: ['a', 'b'], routing: { fallbacks: ['y'] } },
    { slug: 'y', targets: ['c'] },
    { slug: 'z', targets: ['d', 'e'] },
  ]);

  test("configured fallbacks follow the primary's targets", () => {
    const attempts = plan(catalog, 'x');
    assert.deepEqual(names(attempts, 'x'), ['a', 'b', 'y:c']);
    assert.equal(attempts[2]?.route, catalog.resolve('y'));
  });

  test('request fallbacks replace the configured ones, in their order', () => {
    assert.deepEqual(names(plan(catalog, 'x', { fallbacks: ['z'] }), 'x'), ['a', 'b', 'z:d', 'z:e']);
    assert.deepEqual(names(plan(catalog, 'x', { fallbacks: ['z', 'y'] }), 'x'), [
      'a',
      'b',
      'z:d',
      'z:e',
      'y:c',
    ]);
    assert.deepEqual(names(plan(catalog, 'x', { fallbacks: [] }), 'x'), ['a', 'b']);
  });

  test("an unknown request fallback is the client's error", () => {
    assertInvalidRequest(
      () => plan(catalog, 'x', { fallbacks: ['y', 'nope/model'] }),
      /Fallback model "nope\/model" is not available on this gateway\./,
      'models',
    );
  });

  test('the primary named among the fallbacks is skipped (OpenRouter-style `models`)', () => {
    assert.deepEqual(names(plan(catalog, 'x', { fallbacks: ['x', 'y'] }), 'x'), ['a', 'b', 'y:c']);
    assert.deepEqual(names(plan(catalog, 'x', { fallbacks: ['x'] }), 'x'), ['a', 'b']);
  });
});

describe('routing plan: balancing and health', () => {
  test('weighted 3:1 puts the heavy target first ~75% of the time', () => {
    const catalog = catalogOf([
      {
        slug: 'x',
        targets: [
          ['a', 3],
          ['b', 1],
        ],
        routing: { balance: 'weighted' },
      },
    ]);
    const route = routeOf(catalog, 'x');
    const random = mulberry32(42);
    const runs = 4_000;
    let firstA = 0;
    for (let i = 0; i < runs; i++) {
      const attempts = planRoute(route, {}, (slug) => catalog.resolve(slug), random);
      assert.equal(attempts.length, 2);
      if (attempts[0]?.target.provider.name === 'a') firstA++;
    }
    const share = firstA / runs;
    assert.ok(Math.abs(share - 0.75) <= 0.03, `a first in ${(share * 100).toFixed(1)}% of plans`);
  });

  test('an open breaker moves its target last (kept as a last resort)', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b', 'c'] }]);
    tripBreaker(routeOf(catalog, 'x'), 'a');
    assert.deepEqual(names(plan(catalog, 'x')), ['b', 'c', 'a']);
    // Even when the client asked for it first.
    assert.deepEqual(names(plan(catalog, 'x', { order: ['a'] })), ['b', 'c', 'a']);
  });

  test('a target that is the only one left is still planned when its breaker is open', () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    tripBreaker(routeOf(catalog, 'x'), 'a');
    assert.deepEqual(names(plan(catalog, 'x')), ['a']);
  });
});

describe('routing plan: session affinity', () => {
  function affinityCatalog() {
    return catalogOf([
      { slug: 'x', targets: ['a', 'b', 'c', 'd'], routing: { balance: 'weighted', affinity: 'session' } },
    ]);
  }

  function sessionRequest(session: string): RoutingRequest {
    return routingRequestOf(new Headers({ 'x-session-id': session }), undefined, undefined, noPrefix);
  }

  function firstTargets(catalog: ModelCatalog, request: RoutingRequest, runs: number, random: () => number) {
    const firsts = new Map<string, number>();
    const lasts = new Set<string>();
    for (let i = 0; i < runs; i++) {
      const attempts = plan(catalog, 'x', request, random);
      const first = attempts[0]?.target.provider.name ?? '';
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
      lasts.add(attempts[attempts.length - 1]?.target.provider.name ?? '');
    }
    return { firsts, lasts };
  }

  test('the same session key gets the same first target while it is healthy', () => {
    const catalog = affinityCatalog();
    const random = mulberry32(7);
    const request = sessionRequest('session-42');
    const { firsts } = firstTargets(catalog, request, 1_000, random);
    assert.equal(firsts.size, 1, `first targets: ${[...firsts.keys()].join(', ')}`);
    assert.equal([...firsts.values()][0], 1_000);
  });

  test('different sessions spread over the targets', () => {
    const catalog = affinityCatalog();
    const random = mulberry32(8);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      seen.add(plan(catalog, 'x', sessionRequest(`session-${i}`), random)[0]?.target.provider.name ?? '');
    }
    assert.equal(seen.size, 4);
  });

  test("the session moves (to one other target) when its target's breaker opens", () => {
    const catalog = affinityCatalog();
    const random = mulberry32(9);
    const request = sessionRequest('session-42');
    const sticky = plan(catalog, 'x', request, random)[0]?.target.provider.name;
    assert.ok(sticky !== undefined);
    tripBreaker(routeOf(catalog, 'x'), sticky);
    const { firsts, lasts } = firstTargets(catalog, request, 1_000, random);
    assert.equal(firsts.has(sticky), false);
    assert.equal(firsts.size, 1, `first targets: ${[...firsts.keys()].join(', ')}`);
    assert.deepEqual([...lasts], [sticky]);
  });

  test('no session key: the balance policy alone decides', () => {
    const catalog = affinityCatalog();
    const request = routingRequestOf(new Headers(), undefined, undefined, noPrefix);
    const { firsts } = firstTargets(catalog, request, 1_000, mulberry32(10));
    assert.equal(firsts.size, 4);
  });
});

describe('routingRequestOf', () => {
  const body = { order: ['body-order'], only: ['body-only'], models: ['body/fallback'] };

  test('the headers are comma lists and win over the body', () => {
    const headers = new Headers({
      'x-tollgate-order': 'b, a',
      'x-tollgate-only': 'a,b , c,',
      'x-tollgate-fallbacks': ' y/model ,z/model',
    });
    const request = routingRequestOf(headers, body, undefined, noPrefix);
    assert.deepEqual(request.order, ['b', 'a']);
    assert.deepEqual(request.only, ['a', 'b', 'c']);
    assert.deepEqual(request.fallbacks, ['y/model', 'z/model']);
  });

  test('without the headers the body decides; without either, nothing is asked', () => {
    const fromBody = routingRequestOf(new Headers(), body, undefined, noPrefix);
    assert.deepEqual(fromBody.order, ['body-order']);
    assert.deepEqual(fromBody.only, ['body-only']);
    assert.deepEqual(fromBody.fallbacks, ['body/fallback']);
    const empty = routingRequestOf(new Headers({ 'x-tollgate-only': ' , ' }), undefined, undefined, noPrefix);
    assert.equal(empty.order, undefined);
    assert.equal(empty.only, undefined);
    assert.equal(empty.fallbacks, undefined);
  });

  test('the affinity key follows the mode', () => {
    const headers = new Headers({ 'x-session-id': 'sess-1' });
    const request = routingRequestOf(headers, undefined, 'user-1', () => 'prefix-hash');
    assert.equal(request.affinityKey?.('session'), 'sess-1');
    assert.equal(request.affinityKey?.('user'), 'user-1');
    assert.equal(request.affinityKey?.('prefix'), 'prefix-hash');
    assert.equal(request.affinityKey?.('none'), undefined);
    const anonymous = routingRequestOf(new Headers(), undefined, 'user-2', noPrefix);
    assert.equal(anonymous.affinityKey?.('session'), 'user-2');
    const ours = routingRequestOf(
      new Headers({ 'x-tollgate-session': 'ours', 'x-session-id': 'theirs' }),
      undefined,
      undefined,
      noPrefix,
    );
    assert.equal(ours.affinityKey?.('session'), 'ours');
  });
});
