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
import { matchSimulatorPost } from '../../src/providers/simulator/simulator-routes.ts';
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
    assert.deepEqual(config.modelIds, [
      'echo',
      'lorem',
      'tools',
      'embed',
      'image',
      'lorem-slow',
      'simulator/echo-x',
    ]);
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
    assert.equal(
      planStatus(route({ method: 'POST', path: '/v1/audio/speech', headers: {}, body: '{}' })),
      404,
    );
  });

  it('lists its models in the OpenAI list shape', () => {
    const list = JSON.parse(planBody(route({ method: 'GET', path: '/v1/models', headers: {}, body: null })));
    assert.equal(list.object, 'list');
    assert.deepEqual(
      list.data.map((model: { id: string }) => model.id),
      ['echo', 'lorem', 'tools', 'embed', 'image'],
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

describe('simulator faults and cache reads from headers', () => {
  it('reads in-stream error faults and the simulated cache read', () => {
    const base = SIMULATOR_DEFAULT_BEHAVIOUR;
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': 'error' }).fault, 'error-529');
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': 'Error-429' }).fault, 'error-429');
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-fail': 'error-200' }).fault, undefined);
    assert.equal(
      applySimulatorHeaders(base, { 'x-simulator-cache-read-tokens': '1217' }).cacheReadTokens,
      1217,
    );
    assert.equal(applySimulatorHeaders(base, { 'x-simulator-cache-read-tokens': '-1' }).cacheReadTokens, 0);
  });
});

describe('simulator context window and content policy', () => {
  // USER_HELLO is 48 characters: 12 prompt tokens.
  const hello = { model: 'echo', messages: USER_HELLO };

  it('layers the context window like every setting; 0 lifts it', () => {
    const config = compileSimulatorConfig({ models: { 'echo-small': { contextWindow: 8 } } });
    assert.equal(simulatorModelBehaviour(config, 'echo').contextWindow, undefined);
    const small = simulatorModelBehaviour(config, 'echo-small');
    assert.equal(small.contextWindow, 8);
    assert.equal(applySimulatorHeaders(small, { 'x-simulator-context-window': '4096' }).contextWindow, 4096);
    assert.equal(
      applySimulatorHeaders(small, { 'x-simulator-context-window': '0' }).contextWindow,
      undefined,
    );
    assert.equal(applySimulatorHeaders(small, { 'x-simulator-context-window': 'big' }).contextWindow, 8);
    assert.equal(
      applySimulatorHeaders(small, { 'x-simulator-fail': 'Content-Policy' }).fault,
      'content-policy',
    );
  });

  it('refuses a prompt only when it is counted longer than the window, a cache read included', () => {
    const small = createSimulatorRouter({ models: { 'echo-small': { contextWindow: 12 } } });
    const post = (body: unknown, headers: Record<string, string> = {}) => chatPlan(body, headers, small);
    assert.equal(planStatus(post({ ...hello, model: 'echo-small' })), 200, '12 tokens fit a 12-token window');
    const refused = post({ ...hello, model: 'echo-small' }, { 'x-simulator-cache-read-tokens': '13' });
    assert.equal(planStatus(refused), 400);
    assert.match(
      JSON.parse(planBody(refused)).error.message,
      /maximum context length is 12 tokens.*in 13 tokens/,
    );
    assert.equal(planStatus(post(hello, { 'x-simulator-context-window': '11' })), 400);
  });

  it('stages a fault before checking the context window', () => {
    const plan = chatPlan(hello, { 'x-simulator-context-window': '1', 'x-simulator-fail': '503' });
    assert.equal(planStatus(plan), 503);
    const refused = chatPlan(hello, {
      'x-simulator-context-window': '1',
      'x-simulator-fail': 'content-policy',
    });
    assert.equal(JSON.parse(planBody(refused)).error.code, 'content_policy_violation');
  });
});

describe('simulator routes', () => {
  it('routes each API by method and path', () => {
    const cases: [string, Record<string, unknown> | undefined][] = [
      ['/v1/chat/completions', { api: 'openai' }],
      ['/openai/v1/chat/completions', { api: 'azure', deployment: undefined }],
      ['/openai/deployments/my%20echo/chat/completions', { api: 'azure', deployment: 'my echo' }],
      ['/v1/messages', { api: 'anthropic', countTokens: false }],
      ['/v1/messages/count_tokens', { api: 'anthropic', countTokens: true }],
      ['/v2/chat', { api: 'cohere' }],
      [
        '/v1beta/models/echo:streamGenerateContent',
        { api: 'gemini', model: 'echo', stream: true, resource: 'models/echo' },
      ],
      [
        '/v1/projects/p/locations/l/publishers/google/models/echo:generateContent',
        {
          api: 'vertex-gemini',
          model: 'echo',
          stream: false,
          resource: 'projects/p/locations/l/publishers/google/models/echo',
        },
      ],
      [
        '/v1/projects/p/locations/l/publishers/anthropic/models/echo@1:streamRawPredict',
        { api: 'vertex-anthropic', model: 'echo@1', stream: true },
      ],
      [
        '/model/us.anthropic.echo-v1%3A0/converse-stream',
        { api: 'bedrock', modelId: 'us.anthropic.echo-v1:0', stream: true },
      ],
      ['/model/sim.echo/converse', { api: 'bedrock', modelId: 'sim.echo', stream: false }],
      [
        '/model/anthropic.echo-v1:0/converse',
        { api: 'bedrock', modelId: 'anthropic.echo-v1:0', stream: false },
      ],
      ['/v1/projects/p/locations/l/publishers/google/models/echo:rawPredict', undefined],
      ['/v1/embeddings', { api: 'openai', media: 'embeddings', deployment: undefined }],
      ['/v1/audio/speech', undefined],
    ];
    for (const [path, route] of cases) assert.deepEqual(matchSimulatorPost(path), route, path);
  });

  it('asks for the key the way each API sends it, and refuses in its shape', () => {
    const guarded = createSimulatorRouter({ apiKey: 'k-1' });
    const chat = JSON.stringify({ model: 'echo', messages: USER_HELLO });
    const anthropic = JSON.stringify({ model: 'echo', max_tokens: 5, messages: USER_HELLO });
    const gemini = JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] });
    const bedrock = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const sigv4 = (key: string) =>
      `AWS4-HMAC-SHA256 Credential=${key}/20250101/us-east-1/bedrock/aws4_request, Signature=0`;
    const cases: [string, string, Record<string, string>, number][] = [
      ['/v1/chat/completions', chat, { authorization: 'Bearer k-1' }, 401],
      ['/openai/deployments/echo/chat/completions', chat, { 'api-key': 'k-1' }, 401],
      ['/v1/messages', anthropic, { 'x-api-key': 'k-1' }, 401],
      ['/v1beta/models/echo:generateContent', gemini, { 'x-goog-api-key': 'k-1' }, 400],
      [
        '/v1/projects/p/locations/l/publishers/google/models/echo:generateContent',
        gemini,
        { authorization: 'Bearer k-1' },
        401,
      ],
      ['/model/sim.echo/converse', bedrock, { authorization: sigv4('k-1') }, 403],
      ['/v2/chat', chat, { authorization: 'Bearer k-1' }, 401],
    ];
    for (const [path, body, headers, refusal] of cases) {
      assert.equal(planStatus(guarded({ method: 'POST', path, headers, body })), 200, path);
      const wrong = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, value.replace('k-1', 'k-2')]),
      );
      assert.equal(planStatus(guarded({ method: 'POST', path, headers: wrong, body })), refusal, path);
    }
    const query = guarded({
      method: 'POST',
      path: '/v1beta/models/echo:generateContent?key=k-1',
      headers: {},
      body: gemini,
    });
    assert.equal(planStatus(query), 200);
  });
});
