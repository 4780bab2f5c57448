import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applySimulatorHeaders,
  mergeSimulatorBehaviour,
  SIMULATOR_DEFAULT_BEHAVIOUR,
} from '../../src/providers/simulator/simulator-behaviour.ts';
import {
  compileSimulatorConfig,
  simulatorModelBehaviour,
} from '../../src/providers/simulator/simulator-config.ts';
import { createSimulatorRouter } from '../../src/providers/simulator/simulator-router.ts';
import { splitSimulatorJson, splitSimulatorText } from '../../src/providers/simulator/simulator-tokenizer.ts';
import { chatPlan, planBody, planStatus, USER_HELLO } from './simulator-test-support.ts';

const route = createSimulatorRouter();

describe('simulator tokenizer', () => {
  it('splits text into word pieces with their leading whitespace, like OpenAI', () => {
    assert.deepEqual(splitSimulatorText("I'm unable to provide real-time weather."), [
      "I'm",
      ' unable',
      ' to',
      ' provide',
      ' real',
      '-time',
      ' weather',
      '.',
    ]);
  });

  it('always joins back into the input', () => {
    for (const text of [
      '',
      '  lead',
      'tail  ',
      'a\n\nb',
      'émoji 🙂 ok',
      '1,234.5 ... !!',
      '{"json": [1, 2]}',
    ]) {
      assert.equal(splitSimulatorText(text).join(''), text);
      assert.equal(splitSimulatorJson(text).join(''), text);
    }
  });

  it('splits JSON like streamed tool arguments', () => {
    assert.deepEqual(splitSimulatorJson('{"city":"Ed","units":"c"}'), [
      '{"',
      'city',
      '":"',
      'Ed',
      '","',
      'units',
      '":"',
      'c',
      '"}',
    ]);
  });
});

describe('simulator behaviour', () => {
  it('layers defaults, per-model settings and request headers, later ones winning', () => {
    const config = compileSimulatorConfig({
      defaults: { ttftMs: 5, outputTokens: 4 },
      models: { 'lorem-slow': { ttftMs: 50, fault: 503 }, 'simulator/echo-x': { tokensPerSecond: 20 } },
    });
    assert.equal(simulatorModelBehaviour(config, 'lorem').ttftMs, 5);
    assert.equal(simulatorModelBehaviour(config, 'simulator/lorem-slow').ttftMs, 50);
    assert.equal(simulatorModelBehaviour(config, 'lorem-slow').outputTokens, 4);
    assert.equal(simulatorModelBehaviour(config, 'simulator/echo-x').tokensPerSecond, 20);
    const fromHeaders = applySimulatorHeaders(simulatorModelBehaviour(config, 'lorem-slow'), {
      'x-simulator-ttft-ms': '7',
      'x-simulator-fail': 'none',
      'x-simulator-output-tokens': '9',
    });
    assert.deepEqual(fromHeaders, { ...SIMULATOR_DEFAULT_BEHAVIOUR, ttftMs: 7, outputTokens: 9 });
    assert.deepEqual(config.modelIds, ['echo', 'lorem', 'tools', 'lorem-slow', 'simulator/echo-x']);
  });

  it('ignores values it does not understand instead of failing', () => {
    const base = mergeSimulatorBehaviour(SIMULATOR_DEFAULT_BEHAVIOUR, { fault: 'cut' });
    const merged = applySimulatorHeaders(base, {
      'x-simulator-ttft-ms': 'soon',
      'x-simulator-tokens-per-second': '-3',
      'x-simulator-output-tokens': '',
      'x-simulator-fail': 'banana',
      'x-simulator-fail-after': 'Infinity',
      'x-simulator-retry-after': '1e99',
    });
    assert.deepEqual(merged, base);
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': '200' }).fault, 'cut');
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': ' 529 ' }).fault, 529);
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': 'HANG' }).fault, 'hang');
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': ['reset', '500'] }).fault, 'reset');
  });
});

describe('simulator requests and routes', () => {
  it('refuses a body that is not JSON or lacks model or messages with an OpenAI 400', () => {
    for (const body of [
      '{not json',
      '[]',
      JSON.stringify({ messages: USER_HELLO }),
      JSON.stringify({ model: 'echo' }),
    ]) {
      const plan = chatPlan(body);
      assert.equal(planStatus(plan), 400, body);
      const error = JSON.parse(planBody(plan)).error;
      assert.deepEqual(Object.keys(error), ['message', 'type', 'param', 'code']);
      assert.equal(error.type, 'invalid_request_error');
    }
  });

  it('matches paths on their ending and answers unknown ones with a 404', () => {
    assert.equal(
      planStatus(route({ method: 'GET', path: '/openai/v1/models?x=1', headers: {}, body: null })),
      200,
    );
    assert.equal(planStatus(chatPlan({ model: 'echo', messages: USER_HELLO })), 200);
    assert.equal(
      planStatus(route({ method: 'POST', path: '/proxy/v1/chat/completions', headers: {}, body: '{}' })),
      400,
    );
    assert.equal(
      planStatus(route({ method: 'GET', path: '/v1/chat/completions', headers: {}, body: null })),
      404,
    );
    assert.equal(planStatus(route({ method: 'POST', path: '/v1/embeddings', headers: {}, body: '{}' })), 404);
  });

  it('lists its models in the OpenAI list shape', () => {
    const list = JSON.parse(planBody(route({ method: 'GET', path: '/v1/models', headers: {}, body: null })));
    assert.equal(list.object, 'list');
    assert.deepEqual(
      list.data.map((model: { id: string }) => model.id),
      ['echo', 'lorem', 'tools'],
    );
    assert.deepEqual(Object.keys(list.data[0]), ['id', 'object', 'created', 'owned_by']);
    assert.equal(list.data[0].owned_by, 'tollgate-simulator');
  });

  it('asks for the API key when one is configured', () => {
    const guarded = createSimulatorRouter({ apiKey: 'sk-test' });
    const exchange = {
      method: 'POST',
      path: '/v1/chat/completions',
      body: JSON.stringify({ model: 'echo', messages: USER_HELLO }),
    };
    assert.equal(planStatus(guarded({ ...exchange, headers: {} })), 401);
    assert.equal(planStatus(guarded({ ...exchange, headers: { authorization: 'Bearer sk-nope' } })), 401);
    assert.equal(planStatus(guarded({ ...exchange, headers: { authorization: 'Bearer sk-test' } })), 200);
  });
});
