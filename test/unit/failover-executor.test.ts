import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type ConfigFileModelRouting,
  type RoutingPolicy,
  resolveRouting,
} from '../../src/config/config-routing.ts';
import type { ModelConfig } from '../../src/config/config-types.ts';
import { type CallRecord, newCallRecord } from '../../src/core/call-record.ts';
import { GatewayError, type GatewayErrorCode } from '../../src/core/gateway-error.ts';
import type { Provider } from '../../src/providers/provider-types.ts';
import {
  type AttemptRunner,
  type AttemptTracker,
  runWithFailover,
} from '../../src/routing/failover-executor.ts';
import { type FailureAction, failureAction } from '../../src/routing/failover-policy.ts';
import { ModelCatalog, type ModelRoute, type ModelTarget } from '../../src/routing/model-catalog.ts';
import { type PlannedAttempt, planRoute } from '../../src/routing/route-plan.ts';

/** Routing never calls a provider (the runner is scripted): a name and deadlines are enough. */
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
  targets: string[];
  contextWindow?: number;
  routing?: ConfigFileModelRouting;
}

/** A fresh catalog (and health registry) per test, so no breaker state leaks between tests. */
function catalogOf(models: ModelSpec[]): ModelCatalog {
  const providers = new Map<string, Provider>();
  const configs: ModelConfig[] = models.map((model) => ({
    slug: model.slug,
    contextWindow: model.contextWindow,
    routing: model.routing === undefined ? undefined : resolveRouting(model.routing),
    targets: model.targets.map((name) => {
      if (!providers.has(name)) providers.set(name, fakeProvider(name));
      return { provider: name, model: `${model.slug}-upstream` };
    }),
  }));
  return new ModelCatalog(configs, providers);
}

function routeOf(catalog: ModelCatalog, slug: string): ModelRoute {
  const route = catalog.resolve(slug);
  assert.ok(route, `model ${slug} is routable`);
  return route;
}

function targetOf(catalog: ModelCatalog, slug: string, provider: string): ModelTarget {
  const target = routeOf(catalog, slug).targets.find((candidate) => candidate.provider.name === provider);
  assert.ok(target, `${provider} serves ${slug}`);
  return target;
}

function planOf(catalog: ModelCatalog, slug: string): PlannedAttempt[] {
  return planRoute(routeOf(catalog, slug), {}, (name) => catalog.resolve(name));
}

/** Small backoffs so the tests stay fast; each test overrides what it measures. */
function policyOf(raw: ConfigFileModelRouting = {}): RoutingPolicy {
  return resolveRouting({ backoff_ms: 1, max_backoff_ms: 5, ...raw });
}

/** An upstream failure the way provider adapters classify it. */
function upstream(
  code: GatewayErrorCode,
  status: number,
  options: { retryAfterSeconds?: number; clientCode?: string } = {},
): GatewayError {
  return new GatewayError(code, `upstream said ${status}`, { upstreamStatus: status, ...options });
}

const ok = 'ok' as const;
type Step = GatewayError | typeof ok | { delayMs: number; answer: GatewayError | typeof ok };

interface Call {
  provider: string;
  model: string;
  at: number;
  tracker: AttemptTracker;
}

/** A runner that answers each provider's calls from its script, in order, and logs every call. */
function scripted(script: Record<string, Step[]>, onCall?: (call: Call) => void) {
  const calls: Call[] = [];
  const run: AttemptRunner = async (attempt, tracker) => {
    const provider = attempt.target.provider.name;
    const call = { provider, model: attempt.route.slug, at: performance.now(), tracker };
    calls.push(call);
    onCall?.(call);
    let step = script[provider]?.shift();
    if (step === undefined) throw new Error(`unscripted call #${calls.length} to ${provider}`);
    if (typeof step === 'object' && 'delayMs' in step) {
      await new Promise((resolve) => setTimeout(resolve, (step as { delayMs: number }).delayMs));
      step = step.answer;
    }
    if (step instanceof GatewayError) throw step;
    return new Response(`answer from ${provider}`);
  };
  return { run, calls, providers: () => calls.map((call) => call.provider) };
}

interface Outcome {
  record: CallRecord;
  response: Response | undefined;
  error: GatewayError | undefined;
  elapsedMs: number;
}

async function execute(
  plan: readonly PlannedAttempt[],
  run: AttemptRunner,
  policy: RoutingPolicy,
  options: { signal?: AbortSignal; random?: () => number; stream?: boolean } = {},
): Promise<Outcome> {
  const record = newCallRecord('request-1', 'POST', '/v1/chat/completions');
  record.stream = options.stream === true;
  const started = performance.now();
  try {
    const response = await runWithFailover(record, plan, run, {
      policy,
      signal: options.signal ?? new AbortController().signal,
      random: options.random,
    });
    return { record, response, error: undefined, elapsedMs: performance.now() - started };
  } catch (thrown) {
    assert.ok(thrown instanceof GatewayError, `a GatewayError is thrown, got ${String(thrown)}`);
    return { record, response: undefined, error: thrown, elapsedMs: performance.now() - started };
  }
}

function statuses(record: CallRecord): string[] {
  return record.attempts.map((attempt) =>
    `${attempt.provider} ${attempt.status} ${attempt.error ?? ''}`.trim(),
  );
}

describe('failover policy: the decision table', () => {
  const gatewayKey = { failoverOnContentPolicy: false, byok: false };
  const rows: [GatewayErrorCode, FailureAction][] = [
    ['upstream_unreachable', 'retry'],
    ['upstream_timeout', 'retry'],
    ['rate_limited', 'retry'],
    ['upstream_error', 'retry'],
    ['upstream_overloaded', 'retry'],
    ['upstream_malformed', 'retry'],
    ['context_length_exceeded', 'larger-context'],
    ['upstream_not_found', 'failover'],
    ['upstream_auth', 'disable-credential'],
    ['content_policy', 'return'],
    ['upstream_invalid_request', 'return'],
  ];

  for (const [code, action] of rows) {
    test(`${code} → ${action}`, () => {
      assert.equal(failureAction(new GatewayError(code, code), gatewayKey), action);
    });
  }

  test("upstream_auth with the request's own key (byok) → failover", () => {
    const error = new GatewayError('upstream_auth', 'bad key');
    assert.equal(failureAction(error, { failoverOnContentPolicy: false, byok: true }), 'failover');
    assert.equal(failureAction(error, { failoverOnContentPolicy: true, byok: true }), 'failover');
  });

  test('content_policy → failover when the route opts in', () => {
    const error = new GatewayError('content_policy', 'refused');
    assert.equal(failureAction(error, { failoverOnContentPolicy: true, byok: false }), 'failover');
  });

  test('client_closed → return, whatever the code underneath', () => {
    for (const code of ['internal', 'upstream_error', 'upstream_timeout', 'rate_limited'] as const) {
      const error = new GatewayError(code, 'client gone', { clientCode: 'client_closed' });
      assert.equal(failureAction(error, { failoverOnContentPolicy: true, byok: false }), 'return', code);
    }
  });

  test('gateway-side codes → return', () => {
    for (const code of ['invalid_request', 'authentication', 'budget_exceeded', 'internal'] as const) {
      assert.equal(failureAction(new GatewayError(code, code), gatewayKey), 'return', code);
    }
  });
});

describe('failover executor: moving between targets', () => {
  test('503 on A → B answers; both attempts are recorded', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({
      a: [{ delayMs: 5, answer: upstream('upstream_overloaded', 503) }],
      b: [{ delayMs: 5, answer: ok }],
    });
    const { record, response, error } = await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.equal(error, undefined);
    assert.equal(await response?.text(), 'answer from b');
    assert.deepEqual(statuses(record), ['a 503 upstream_overloaded', 'b 200']);
    const [first, second] = record.attempts;
    assert.equal(first?.model, 'x');
    assert.equal(first?.upstreamModel, 'x-upstream');
    assert.ok((first?.durationMs ?? 0) >= 4, `A took ${first?.durationMs} ms`);
    assert.ok((second?.durationMs ?? 0) >= 4, `B took ${second?.durationMs} ms`);
    assert.ok((second?.startedAt ?? 0) >= (first?.startedAt ?? Number.POSITIVE_INFINITY));
    assert.equal(record.provider, 'b');
    assert.equal(record.upstreamModel, 'x-upstream');
  });

  test('prefer availability (default): a retryable failure moves to B at once', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({ a: [upstream('upstream_error', 500)], b: [ok] });
    const policy = policyOf({ backoff_ms: 2_000, max_backoff_ms: 2_000 });
    assert.equal(policy.prefer, 'availability');
    const { error, elapsedMs } = await execute(planOf(catalog, 'x'), runner.run, policy, {
      random: () => 0.99,
    });
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'b']);
    assert.ok(elapsedMs < 500, `no backoff before B (${elapsedMs.toFixed(0)} ms)`);
  });

  test('prefer same-target with retries 2: A is tried 3 times, then B', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({
      a: [
        upstream('upstream_error', 500),
        upstream('upstream_timeout', 504),
        upstream('upstream_error', 502),
      ],
      b: [ok],
    });
    const policy = policyOf({ prefer: 'same-target', retries: 2 });
    const { record, error } = await execute(planOf(catalog, 'x'), runner.run, policy);
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'a', 'a', 'b']);
    assert.deepEqual(statuses(record), [
      'a 500 upstream_error',
      'a 504 upstream_timeout',
      'a 502 upstream_error',
      'b 200',
    ]);
  });

  test('the last target is retried `retries` times', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({
      a: [upstream('upstream_overloaded', 503)],
      b: [upstream('upstream_overloaded', 503), upstream('upstream_overloaded', 503), ok],
    });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf({ retries: 2 }));
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'b', 'b', 'b']);

    const exhausted = scripted({ a: [upstream('upstream_overloaded', 503)] });
    const single = catalogOf([{ slug: 'y', targets: ['a'] }]);
    const failed = await execute(planOf(single, 'y'), exhausted.run, policyOf({ retries: 0 }));
    assert.equal(failed.error?.code, 'upstream_overloaded');
    assert.deepEqual(exhausted.providers(), ['a']);
  });

  test('400 (upstream_invalid_request) is thrown at once: no retry, no other target', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const refusal = upstream('upstream_invalid_request', 400);
    const runner = scripted({ a: [refusal], b: [ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf({ retries: 3 }));
    assert.equal(error, refusal);
    assert.equal(error?.status, 400);
    assert.deepEqual(runner.providers(), ['a']);
    assert.deepEqual(
      error?.attempts?.map((attempt) => [attempt.provider, attempt.status, attempt.error]),
      [['a', 400, 'upstream_invalid_request']],
    );
    // The client's mistake says nothing about the target.
    const health = targetOf(catalog, 'x', 'a').health.snapshot();
    assert.equal(health.consecutiveFailures, 0);
    assert.equal(health.inFlight, 0);
  });

  test('upstream_not_found fails over without a retry', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({ a: [upstream('upstream_not_found', 404)], b: [ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf({ prefer: 'same-target' }));
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'b']);
  });

  test('content_policy is the answer by default; with failover_on_content_policy B is tried', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const returned = scripted({ a: [upstream('content_policy', 400)], b: [ok] });
    const byDefault = await execute(planOf(catalog, 'x'), returned.run, policyOf());
    assert.equal(byDefault.error?.code, 'content_policy');
    assert.deepEqual(returned.providers(), ['a']);

    const failedOver = scripted({ a: [upstream('content_policy', 400)], b: [ok] });
    const optedIn = await execute(
      planOf(catalog, 'x'),
      failedOver.run,
      policyOf({ failover_on_content_policy: true }),
    );
    assert.equal(optedIn.error, undefined);
    assert.deepEqual(failedOver.providers(), ['a', 'b']);
    assert.deepEqual(statuses(optedIn.record), ['a 400 content_policy', 'b 200']);
  });

  test("upstream_auth on the gateway's key disables the target and B serves", async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({ a: [upstream('upstream_auth', 401)], b: [ok] });
    const { error, record } = await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.equal(error, undefined);
    assert.deepEqual(statuses(record), ['a 401 upstream_auth', 'b 200']);
    const health = targetOf(catalog, 'x', 'a').health;
    assert.equal(health.state(), 'disabled');
    assert.equal(health.snapshot().lastError, 'upstream_auth');
    // Out of rotation for the next request.
    assert.deepEqual(
      planOf(catalog, 'x').map((attempt) => attempt.target.provider.name),
      ['b', 'a'],
    );
  });

  test('a refused request credential (byok) moves on to the next and disables nothing', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const runner = scripted({ a: [upstream('upstream_auth', 401)], b: [ok] });
    const plan = planOf(catalog, 'x').map((attempt, index) =>
      index === 0 ? { ...attempt, byok: true } : attempt,
    );
    const { error } = await execute(plan, runner.run, policyOf());
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'b']);
    assert.equal(targetOf(catalog, 'x', 'a').health.state(), 'closed');
  });

  test('a refused request credential with nothing after it is the answer', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: [upstream('upstream_auth', 401)] });
    const plan = planOf(catalog, 'x').map((attempt) => ({ ...attempt, byok: true }));
    const { error } = await execute(plan, runner.run, policyOf());
    assert.equal(error?.code, 'upstream_auth');
    assert.equal(targetOf(catalog, 'x', 'a').health.state(), 'closed');
  });

  test('max_attempts caps the loop', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: Array.from({ length: 10 }, () => upstream('upstream_error', 500)) });
    const { error } = await execute(
      planOf(catalog, 'x'),
      runner.run,
      policyOf({ retries: 9, max_attempts: 3 }),
    );
    assert.equal(runner.calls.length, 3);
    assert.equal(error?.code, 'upstream_error');
    assert.equal(error?.attempts?.length, 3);

    const wide = catalogOf([{ slug: 'w', targets: ['a', 'b', 'c', 'd'] }]);
    const overloaded = () => upstream('upstream_overloaded', 503);
    const spread = scripted({ a: [overloaded()], b: [overloaded()], c: [overloaded()], d: [ok] });
    const capped = await execute(planOf(wide, 'w'), spread.run, policyOf({ max_attempts: 2 }));
    assert.deepEqual(spread.providers(), ['a', 'b']);
    assert.equal(capped.error?.code, 'upstream_overloaded');
  });
});

describe('failover executor: backoff and Retry-After', () => {
  test('retry-after 1 s is waited for before the retry', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: [upstream('rate_limited', 429, { retryAfterSeconds: 1 }), ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf({ retries: 1 }));
    assert.equal(error, undefined);
    const [first, second] = runner.calls;
    const waited = (second?.at ?? 0) - (first?.at ?? 0);
    assert.ok(waited >= 900 && waited <= 1_500, `waited ${waited.toFixed(0)} ms`);
  });

  test('a retry-after above max_retry_after_ms is not waited for', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const limited = upstream('rate_limited', 429, { retryAfterSeconds: 5 });
    const runner = scripted({ a: [limited, ok] });
    const policy = policyOf({ retries: 1, max_retry_after_ms: 1_000 });
    const { error, elapsedMs } = await execute(planOf(catalog, 'x'), runner.run, policy);
    assert.equal(error, limited);
    assert.equal(error?.retryAfterSeconds, 5);
    assert.deepEqual(runner.providers(), ['a']);
    assert.ok(elapsedMs < 500, `gave up at once (${elapsedMs.toFixed(0)} ms)`);
  });

  test('full jitter: random 0.5 and backoff 100 ms wait ~50 then ~100 ms', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: [upstream('upstream_error', 500), upstream('upstream_error', 500), ok] });
    const policy = policyOf({ retries: 2, backoff_ms: 100, max_backoff_ms: 4_000 });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policy, { random: () => 0.5 });
    assert.equal(error, undefined);
    const [first, second, third] = runner.calls.map((call) => call.at);
    const gap1 = (second ?? 0) - (first ?? 0);
    const gap2 = (third ?? 0) - (second ?? 0);
    assert.ok(gap1 >= 45 && gap1 < 95, `first backoff ${gap1.toFixed(1)} ms`);
    assert.ok(gap2 >= 95 && gap2 < 180, `second backoff ${gap2.toFixed(1)} ms`);
  });

  test('max_backoff_ms caps the exponential growth', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: [upstream('upstream_error', 500), upstream('upstream_error', 500), ok] });
    const policy = policyOf({ retries: 2, backoff_ms: 40, max_backoff_ms: 40 });
    await execute(planOf(catalog, 'x'), runner.run, policy, { random: () => 0.999 });
    const [first, second, third] = runner.calls.map((call) => call.at);
    const gap2 = (third ?? 0) - (second ?? 0);
    assert.ok((second ?? 0) - (first ?? 0) >= 35);
    assert.ok(gap2 >= 35 && gap2 < 75, `second backoff ${gap2.toFixed(1)} ms (cap 40)`);
  });
});

describe('failover executor: context length', () => {
  const models: ModelSpec[] = [
    { slug: 'x', targets: ['a', 'b'], contextWindow: 8_000, routing: { fallbacks: ['small', 'large'] } },
    { slug: 'small', targets: ['c'], contextWindow: 4_000 },
    { slug: 'large', targets: ['d'], contextWindow: 128_000 },
  ];

  test('the remaining targets of X and a smaller fallback are skipped; the larger fallback serves', async () => {
    const catalog = catalogOf(models);
    const plan = planOf(catalog, 'x');
    assert.deepEqual(
      plan.map((attempt) => `${attempt.route.slug}:${attempt.target.provider.name}`),
      ['x:a', 'x:b', 'small:c', 'large:d'],
    );
    const runner = scripted({ a: [upstream('context_length_exceeded', 400)], b: [ok], c: [ok], d: [ok] });
    const { error, record } = await execute(plan, runner.run, policyOf());
    assert.equal(error, undefined);
    assert.deepEqual(runner.providers(), ['a', 'd']);
    assert.deepEqual(
      record.attempts.map((attempt) => [attempt.model, attempt.provider, attempt.status]),
      [
        ['x', 'a', 400],
        ['large', 'd', 200],
      ],
    );
  });

  test('no model with a larger window: the original error is returned', async () => {
    const catalog = catalogOf([{ ...models[0]!, routing: { fallbacks: ['small'] } }, models[1]!, models[2]!]);
    const tooLong = upstream('context_length_exceeded', 400);
    const runner = scripted({ a: [tooLong], b: [ok], c: [ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.equal(error, tooLong);
    assert.equal(error?.status, 400);
    assert.deepEqual(runner.providers(), ['a']);
    assert.equal(error?.attempts?.length, 1);
  });

  test('after an earlier retryable failure, the context-length error is still the one returned', async () => {
    // A is overloaded (availability moves on), B says the prompt is too long, no larger model:
    // the client must learn its prompt does not fit (400), not get a retryable 502.
    const catalog = catalogOf([{ ...models[0]!, routing: { fallbacks: ['small'] } }, models[1]!, models[2]!]);
    const tooLong = upstream('context_length_exceeded', 400);
    const runner = scripted({ a: [upstream('upstream_overloaded', 503)], b: [tooLong], c: [ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.deepEqual(runner.providers(), ['a', 'b']);
    assert.equal(error?.code, 'context_length_exceeded');
    assert.equal(error?.status, 400);
    assert.equal(error?.attempts?.length, 2);
  });

  test('a non-retryable answer after a failover is returned as it is', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const refusal = upstream('upstream_invalid_request', 400);
    const runner = scripted({ a: [upstream('upstream_overloaded', 503)], b: [refusal] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.equal(error, refusal);
    assert.equal(error?.attempts?.length, 2);
  });
});

describe('failover executor: when every attempt fails', () => {
  const catalog = () => catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);

  test('all rate limited → 429 with the shortest retry-after, every attempt listed', async () => {
    const runner = scripted({
      a: [upstream('rate_limited', 429, { retryAfterSeconds: 3 })],
      b: [upstream('rate_limited', 429, { retryAfterSeconds: 1 })],
    });
    const { error } = await execute(planOf(catalog(), 'x'), runner.run, policyOf({ retries: 0 }));
    assert.equal(error?.code, 'rate_limited');
    assert.equal(error?.status, 429);
    assert.equal(error?.retryAfterSeconds, 1);
    assert.deepEqual(
      error?.attempts?.map((attempt) => [attempt.provider, attempt.status, attempt.error]),
      [
        ['a', 429, 'rate_limited'],
        ['b', 429, 'rate_limited'],
      ],
    );
    assert.match(error?.message ?? '', /All 2 attempts failed/);
  });

  test('mixed failures → 502 upstream_error', async () => {
    const runner = scripted({
      a: [upstream('upstream_overloaded', 503)],
      b: [upstream('upstream_timeout', 504)],
    });
    const { error } = await execute(planOf(catalog(), 'x'), runner.run, policyOf({ retries: 0 }));
    assert.equal(error?.code, 'upstream_error');
    assert.equal(error?.status, 502);
    assert.equal(error?.attempts?.length, 2);
  });

  test('all failing the same way → that code', async () => {
    const runner = scripted({
      a: [upstream('upstream_overloaded', 503)],
      b: [upstream('upstream_overloaded', 503, { retryAfterSeconds: 2 })],
    });
    const { error } = await execute(planOf(catalog(), 'x'), runner.run, policyOf({ retries: 0 }));
    assert.equal(error?.code, 'upstream_overloaded');
    assert.equal(error?.status, 503);
    assert.equal(error?.retryAfterSeconds, 2);
    assert.equal(error?.attempts?.length, 2);
  });
});

describe('failover executor: the client going away', () => {
  test('an aborted signal: no new attempt starts', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const controller = new AbortController();
    const runner = scripted({ a: [upstream('upstream_overloaded', 503)], b: [ok] }, (call) => {
      if (call.provider === 'a') controller.abort();
    });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf(), {
      signal: controller.signal,
    });
    assert.equal(error?.clientCode, 'client_closed');
    assert.deepEqual(runner.providers(), ['a']);
    assert.equal(error?.attempts?.length, 1);
  });

  test('already aborted: nothing is tried', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const runner = scripted({ a: [ok] });
    const { error } = await execute(planOf(catalog, 'x'), runner.run, policyOf(), {
      signal: AbortSignal.abort(),
    });
    assert.equal(error?.clientCode, 'client_closed');
    assert.equal(runner.calls.length, 0);
  });

  test('a backoff sleep ends early when the signal fires', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const controller = new AbortController();
    const runner = scripted({ a: [upstream('upstream_error', 500), ok] }, () => {
      setTimeout(() => controller.abort(), 50);
    });
    const policy = policyOf({ retries: 1, backoff_ms: 5_000, max_backoff_ms: 5_000 });
    const { error, elapsedMs } = await execute(planOf(catalog, 'x'), runner.run, policy, {
      signal: controller.signal,
      random: () => 0.999,
    });
    assert.equal(error?.clientCode, 'client_closed');
    assert.equal(runner.calls.length, 1);
    assert.ok(elapsedMs < 1_000, `stopped after ${elapsedMs.toFixed(0)} ms, not ~5 s`);
  });
});

describe('failover executor: health', () => {
  test('5 consecutive 503s on A (over several calls) open its breaker; the next plan puts B first', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a', 'b'] }]);
    const health = targetOf(catalog, 'x', 'a').health;
    const threshold = health.settings.consecutiveFailures;
    assert.equal(threshold, 5);
    for (let i = 0; i < threshold; i++) {
      const plan = planOf(catalog, 'x');
      assert.equal(plan[0]?.target.provider.name, 'a', `call ${i + 1} starts on A`);
      const runner = scripted({ a: [upstream('upstream_overloaded', 503)], b: [ok] });
      const { error } = await execute(plan, runner.run, policyOf());
      assert.equal(error, undefined);
      assert.equal(health.state(), i + 1 < threshold ? 'closed' : 'open', `after call ${i + 1}`);
    }
    assert.equal(health.snapshot().consecutiveFailures, 5);
    assert.equal(health.inFlight, 0);
    assert.deepEqual(
      planOf(catalog, 'x').map((attempt) => attempt.target.provider.name),
      ['b', 'a'],
    );
    // B's successes were learnt.
    assert.ok(targetOf(catalog, 'x', 'b').health.latencyEwmaMs !== undefined);
  });

  test('a stream: health learns only when the stream reports its end', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const health = targetOf(catalog, 'x', 'a').health;
    const runner = scripted({ a: [ok, ok] });
    const first = await execute(planOf(catalog, 'x'), runner.run, policyOf(), { stream: true });
    assert.equal(first.error, undefined);
    assert.deepEqual(statuses(first.record), ['a 200']);
    // Headers are out, the body is still streaming: nothing learnt yet, the attempt is in flight.
    assert.equal(health.latencyEwmaMs, undefined);
    assert.equal(health.inFlight, 1);

    const firstByteAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const tracker = runner.calls[0]?.tracker;
    assert.ok(tracker);
    tracker.streamEnded({ error: undefined, clientClosed: false, firstByteAt, outputTokens: 10 });
    assert.equal(health.inFlight, 0);
    assert.ok(health.latencyEwmaMs !== undefined && health.latencyEwmaMs >= 0);
    assert.ok(health.ttftEwmaMs !== undefined && health.ttftEwmaMs >= 0);
    const tokensPerSecond = health.tokensPerSecondEwma;
    assert.ok(tokensPerSecond !== undefined && tokensPerSecond > 0 && tokensPerSecond <= 1_100);
    // Reported once only.
    tracker.streamEnded({
      error: new GatewayError('upstream_error', 'late'),
      clientClosed: false,
      firstByteAt,
      outputTokens: 0,
    });
    assert.equal(health.snapshot().consecutiveFailures, 0);

    const second = await execute(planOf(catalog, 'x'), runner.run, policyOf(), { stream: true });
    assert.equal(second.error, undefined);
    runner.calls[1]?.tracker.streamEnded({
      error: new GatewayError('upstream_error', 'the stream broke', { upstreamStatus: 502 }),
      clientClosed: false,
      firstByteAt: performance.now(),
      outputTokens: 3,
    });
    const snapshot = health.snapshot();
    assert.equal(snapshot.consecutiveFailures, 1);
    assert.equal(snapshot.lastError, 'upstream_error');
    assert.equal(snapshot.inFlight, 0);
  });

  test('a non-stream answer is learnt at once', async () => {
    const catalog = catalogOf([{ slug: 'x', targets: ['a'] }]);
    const health = targetOf(catalog, 'x', 'a').health;
    const runner = scripted({ a: [{ delayMs: 5, answer: ok }] });
    await execute(planOf(catalog, 'x'), runner.run, policyOf());
    assert.equal(health.inFlight, 0);
    assert.ok((health.latencyEwmaMs ?? 0) >= 4);
  });
});
