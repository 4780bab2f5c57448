import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SimulatorReplyPlan } from '../../src/providers/simulator/simulator-reply-plan.ts';
import { chatPlan, planBody, sseData, USER_HELLO } from './simulator-test-support.ts';

describe('simulator reply plans', () => {
  const lorem = { model: 'lorem', messages: USER_HELLO, stream: true };

  it('sends a reply without latency settings as one write', () => {
    const plan = chatPlan(lorem);
    assert.equal(plan.kind === 'respond' && plan.steps.length, 1);
    const json = chatPlan({ model: 'echo', messages: USER_HELLO });
    assert.ok(json.kind === 'respond' && json.steps.length === 1 && json.delayMs === 0);
    assert.equal(json.kind === 'respond' && json.headers['content-length'], String(planBody(json).length));
  });

  it('sends the role chunk with the first token after ttft, then one token per interval', () => {
    const plan = chatPlan(lorem, {
      'x-simulator-ttft-ms': '120',
      'x-simulator-tokens-per-second': '50',
      'x-simulator-output-tokens': '4',
    });
    assert.ok(plan.kind === 'respond');
    assert.equal(plan.delayMs, 0, 'stream headers go out at once');
    assert.deepEqual(
      plan.steps.map((step) => step.delayMs),
      [120, 20, 20, 20],
    );
    const first = sseData(planBody({ ...plan, steps: plan.steps.slice(0, 1) }));
    assert.equal(first.length, 2, 'role chunk and first token chunk together');
    const last = sseData(planBody({ ...plan, steps: plan.steps.slice(-1) }));
    assert.deepEqual(last.slice(-1), ['[DONE]']);
  });

  it('groups tokens into one write when the interval would be under a millisecond', () => {
    const plan = chatPlan(lorem, {
      'x-simulator-tokens-per-second': '4000',
      'x-simulator-output-tokens': '12',
    });
    assert.ok(plan.kind === 'respond');
    assert.deepEqual(
      plan.steps.map((step) => step.delayMs),
      [0, 1, 1],
    );
  });

  it('delays a non-stream reply by the time its generation takes', () => {
    const plan = chatPlan(
      { model: 'lorem', messages: USER_HELLO },
      {
        'x-simulator-ttft-ms': '100',
        'x-simulator-tokens-per-second': '10',
        'x-simulator-output-tokens': '5',
      },
    );
    assert.equal(plan.kind === 'respond' && plan.delayMs, 500);
  });

  it('plans every fault', () => {
    const fail = (fault: string, stream: boolean): SimulatorReplyPlan =>
      chatPlan({ ...lorem, stream }, { 'x-simulator-fail': fault, 'x-simulator-fail-after': '3' });
    assert.equal(fail('hang', true).kind, 'hang');
    assert.equal(fail('reset', false).kind, 'reset');
    const reset = fail('reset', true);
    assert.ok(reset.kind === 'respond');
    assert.deepEqual(
      reset.steps.map((step) => step.type),
      ['write', 'reset'],
    );
    assert.equal(sseData(planBody(reset)).length, 4, 'role chunk and three tokens');
    const cut = fail('cut', true);
    assert.deepEqual(sseData(planBody(cut)).length, 4);
    assert.ok(!planBody(cut).includes('[DONE]'));
    const cutJson = fail('cut', false);
    assert.ok(cutJson.kind === 'respond');
    assert.deepEqual(
      cutJson.steps.map((step) => step.type),
      ['write', 'drop'],
    );
    assert.ok(Number(cutJson.headers['content-length']) > planBody(cutJson).length);
    const malformed = fail('malformed', true);
    assert.ok(malformed.kind === 'respond');
    const last = malformed.steps.at(-1)!;
    assert.ok(last.type === 'write' && last.bytes.includes(0xff));
    assert.throws(() => JSON.parse(planBody(fail('malformed', false))));
    const limited = fail('429', true);
    assert.ok(limited.kind === 'respond');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '1');
  });
});
