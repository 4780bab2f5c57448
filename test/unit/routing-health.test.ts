import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type BreakerSettings, DEFAULT_BREAKER_SETTINGS } from '../../src/routing/health/breaker-settings.ts';
import { HealthRegistry } from '../../src/routing/health/health-registry.ts';
import { TargetHealth } from '../../src/routing/health/target-health.ts';

/** A clock the test moves by hand. */
function manualClock(start = 1_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function setup(overrides: Partial<BreakerSettings> = {}) {
  const clock = manualClock();
  const health = new TargetHealth('openai/gpt-4o', { ...DEFAULT_BREAKER_SETTINGS, ...overrides }, clock.now);
  return { clock, health };
}

function fail(health: TargetHealth, times: number, code = 'upstream_error') {
  for (let i = 0; i < times; i++) {
    health.begin();
    health.fail(code);
  }
}

function succeed(health: TargetHealth, times: number, latencyMs = 100) {
  for (let i = 0; i < times; i++) {
    health.begin();
    health.succeed({ latencyMs });
  }
}

/** Trips the breaker and waits out the cool-down. */
function toHalfOpen(health: TargetHealth, clock: ReturnType<typeof manualClock>) {
  fail(health, DEFAULT_BREAKER_SETTINGS.consecutiveFailures);
  clock.advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
  assert.equal(health.state(), 'half-open');
}

describe('circuit breaker', () => {
  test('opens on consecutive failures, a success resets the streak', () => {
    const { health } = setup();
    fail(health, 4);
    succeed(health, 1);
    fail(health, 4);
    assert.equal(health.state(), 'closed');
    assert.equal(health.share(), 1);
    fail(health, 1);
    assert.equal(health.state(), 'open');
    assert.equal(health.share(), 0);
    const snapshot = health.snapshot();
    assert.equal(snapshot.consecutiveFailures, 5);
    assert.equal(snapshot.openUntil, 5_000);
    assert.equal(snapshot.lastError, 'upstream_error');
  });

  test('opens on the error rate once minRequests were seen in the window', () => {
    const { health } = setup({ consecutiveFailures: 100 });
    succeed(health, 5);
    fail(health, 4); // 4 of 9: too few requests to judge
    assert.equal(health.state(), 'closed');
    fail(health, 1); // 5 of 10 = 50%
    assert.equal(health.state(), 'open');
    assert.equal(health.snapshot().requestsInWindow, 10);
    assert.equal(health.snapshot().errorRate, 0.5);

    const below = setup({ consecutiveFailures: 100 }).health;
    succeed(below, 6);
    fail(below, 4); // 4 of 10 = 40%
    assert.equal(below.state(), 'closed');
  });

  test('the window forgets old failures', () => {
    const { clock, health } = setup({ consecutiveFailures: 100 });
    fail(health, 9);
    assert.equal(health.snapshot().requestsInWindow, 9);
    clock.advance(DEFAULT_BREAKER_SETTINGS.windowMs + 1);
    assert.equal(health.snapshot().requestsInWindow, 0);
    assert.equal(health.snapshot().errorRate, 0);
    succeed(health, 9);
    fail(health, 1); // 1 of 10
    assert.equal(health.state(), 'closed');
    assert.equal(health.snapshot().errorRate, 0.1);
  });

  test('the window slides bucket by bucket', () => {
    const { clock, health } = setup({ consecutiveFailures: 100 });
    fail(health, 3);
    clock.advance(15_000);
    fail(health, 2);
    assert.equal(health.snapshot().requestsInWindow, 5);
    clock.advance(15_000); // the first 3 fall out of the 30 s window
    assert.equal(health.snapshot().requestsInWindow, 2);
  });

  test('open → half-open after the cool-down, and only one probe at a time', () => {
    const { clock, health } = setup();
    fail(health, 5);
    clock.advance(4_999);
    assert.equal(health.state(), 'open');
    assert.equal(health.snapshot().openUntil, 1);
    clock.advance(1);
    assert.equal(health.state(), 'half-open');
    assert.equal(health.share(), 1);
    health.begin(); // the probe
    assert.equal(health.share(), 0);
    health.begin(); // a last-resort attempt is allowed but is no second probe
    assert.equal(health.inFlight, 2);
    assert.equal(health.share(), 0);
  });

  test('a failed probe re-opens with a doubled cool-down, capped at maxCooldownMs', () => {
    const { clock, health } = setup();
    toHalfOpen(health, clock);
    const cooldowns: number[] = [];
    for (let i = 0; i < 6; i++) {
      health.begin();
      health.fail('timeout');
      assert.equal(health.state(), 'open');
      const wait = health.snapshot().openUntil!;
      cooldowns.push(wait);
      clock.advance(wait);
      assert.equal(health.state(), 'half-open');
    }
    assert.deepEqual(cooldowns, [10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });

  test('a successful probe starts recovering: the share ramps from 0.1 to 1 over rampMs, then closed', () => {
    const { clock, health } = setup();
    toHalfOpen(health, clock);
    health.begin();
    health.succeed({ latencyMs: 80 });
    assert.equal(health.state(), 'recovering');
    assert.equal(health.share(), 0.1);
    clock.advance(5_000);
    assert.ok(Math.abs(health.share() - 0.55) < 1e-9);
    clock.advance(4_999);
    assert.ok(health.share() > 0.99 && health.share() < 1);
    assert.equal(health.state(), 'recovering');
    clock.advance(1);
    assert.equal(health.state(), 'closed');
    assert.equal(health.share(), 1);
  });

  test('the failures that opened the breaker do not re-open it during the ramp; new ones do', () => {
    const { clock, health } = setup({ consecutiveFailures: 3 });
    fail(health, 3);
    clock.advance(5_000);
    succeed(health, 1);
    assert.equal(health.state(), 'recovering');
    fail(health, 2);
    assert.equal(health.state(), 'recovering');
    fail(health, 1);
    assert.equal(health.state(), 'open');
    assert.equal(health.snapshot().openUntil, 5_000);
  });

  test('the cool-down is back to cooldownMs once fully closed', () => {
    const { clock, health } = setup();
    toHalfOpen(health, clock);
    fail(health, 1); // failed probe: 10 s
    clock.advance(10_000);
    succeed(health, 1);
    clock.advance(DEFAULT_BREAKER_SETTINGS.rampMs);
    assert.equal(health.state(), 'closed');
    fail(health, 5);
    assert.equal(health.snapshot().openUntil, 5_000);
  });

  test('release() frees the probe slot without a verdict', () => {
    const { clock, health } = setup();
    toHalfOpen(health, clock);
    health.begin();
    assert.equal(health.share(), 0);
    health.release();
    assert.equal(health.inFlight, 0);
    assert.equal(health.state(), 'half-open');
    assert.equal(health.share(), 1);
  });

  test('a refused credential takes the target out of rotation, then it is probed', () => {
    const { clock, health } = setup();
    health.begin();
    health.disableCredential('upstream_auth');
    assert.equal(health.inFlight, 0);
    assert.equal(health.state(), 'disabled');
    assert.equal(health.share(), 0);
    assert.equal(health.snapshot().lastError, 'upstream_auth');
    clock.advance(DEFAULT_BREAKER_SETTINGS.credentialCooldownMs - 1);
    assert.equal(health.state(), 'disabled');
    clock.advance(1);
    assert.equal(health.state(), 'half-open');
    health.begin();
    health.disableCredential('upstream_auth'); // still refused
    assert.equal(health.snapshot().openUntil, DEFAULT_BREAKER_SETTINGS.credentialCooldownMs);
    clock.advance(DEFAULT_BREAKER_SETTINGS.credentialCooldownMs);
    health.begin();
    health.succeed({ latencyMs: 50 });
    assert.equal(health.state(), 'recovering');
  });

  test('in-flight counts every attempt and never goes negative', () => {
    const { health } = setup();
    health.begin();
    health.begin();
    health.begin();
    assert.equal(health.inFlight, 3);
    health.succeed({ latencyMs: 1 });
    health.fail('network');
    health.release();
    health.release();
    assert.equal(health.inFlight, 0);
  });
});

describe('speed tracking', () => {
  test('latency and time-to-first-token EWMAs (alpha 0.3, first sample sets them)', () => {
    const { health } = setup();
    assert.equal(health.latencyEwmaMs, undefined);
    assert.equal(health.ttftEwmaMs, undefined);
    health.begin();
    health.succeed({ latencyMs: 100 });
    assert.equal(health.latencyEwmaMs, 100);
    assert.equal(health.ttftEwmaMs, undefined);
    health.begin();
    health.succeed({ latencyMs: 200, ttftMs: 50 });
    assert.ok(Math.abs(health.latencyEwmaMs! - 130) < 1e-9);
    assert.equal(health.ttftEwmaMs, 50);
    health.begin();
    health.succeed({ latencyMs: 130, ttftMs: 150 });
    assert.ok(Math.abs(health.ttftEwmaMs! - 80) < 1e-9);
    assert.equal(health.snapshot().latencyEwmaMs, health.latencyEwmaMs);
  });

  test('tokens per second, skipped when tokens or duration are missing or duration <= 0', () => {
    const { health } = setup();
    const samples = [
      { latencyMs: 10, outputTokens: 100 },
      { latencyMs: 10, generationMs: 1_000 },
      { latencyMs: 10, outputTokens: 100, generationMs: 0 },
    ];
    for (const sample of samples) {
      health.begin();
      health.succeed(sample);
    }
    assert.equal(health.tokensPerSecondEwma, undefined);
    assert.equal(health.snapshot().tokensPerSecondEwma, null);
    health.begin();
    health.succeed({ latencyMs: 10, outputTokens: 200, generationMs: 2_000 });
    assert.equal(health.tokensPerSecondEwma, 100);
    health.begin();
    health.succeed({ latencyMs: 10, outputTokens: 200, generationMs: 1_000 });
    assert.ok(Math.abs(health.tokensPerSecondEwma! - 130) < 1e-9);
  });
});

describe('health registry', () => {
  test('creates lazily, returns the same instance, keeps per-key settings from first creation', () => {
    const clock = manualClock();
    const registry = new HealthRegistry(DEFAULT_BREAKER_SETTINGS, clock.now);
    assert.equal(registry.has('a'), false);
    const strict = { ...DEFAULT_BREAKER_SETTINGS, consecutiveFailures: 1 };
    const a = registry.get('a', strict);
    assert.equal(registry.get('a'), a);
    assert.equal(registry.get('a', DEFAULT_BREAKER_SETTINGS).settings, strict);
    assert.equal(registry.settingsFor('a'), strict);
    assert.equal(registry.settingsFor('unknown'), DEFAULT_BREAKER_SETTINGS);
    registry.get('b');
    fail(a, 1);
    assert.deepEqual(
      registry.snapshot().map((snapshot) => [snapshot.key, snapshot.state]),
      [
        ['a', 'open'],
        ['b', 'closed'],
      ],
    );
    clock.advance(5_000);
    assert.equal(registry.snapshot()[0]!.state, 'half-open');
    assert.equal(registry.delete('a'), true);
    assert.notEqual(registry.get('a'), a);
  });
});
