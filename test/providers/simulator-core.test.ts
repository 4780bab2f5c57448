import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applySimulatorHeaders,
  mergeSimulatorBehaviour,
  SIMULATOR_DEFAULT_BEHAVIOUR,
} from '../../src/providers/simulator/simulator-behaviour.ts';
import { compileSimulatorConfig, simulatorModelBehaviour } from '../../src/providers/simulator/simulator-config.ts';
import { simulatorModelKind } from '../../src/providers/simulator/simulator-models.ts';
import type { SimulatorReplyPlan } from '../../src/providers/simulator/simulator-reply-plan.ts';
import { createSimulatorRouter } from '../../src/providers/simulator/simulator-router.ts';
import { splitSimulatorJson, splitSimulatorText } from '../../src/providers/simulator/simulator-tokenizer.ts';
import { planBody, sseData, USER_HELLO, WEATHER_TOOL } from './simulator-test-support.ts';

const route = createSimulatorRouter();

function chatPlan(body: unknown, headers: Record<string, string> = {}, router = route): SimulatorReplyPlan {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return router({ method: 'POST', path: '/v1/chat/completions', headers, body: text });
}

type Completion = {
  choices: { message: { content: string | null; tool_calls?: { function: { name: string; arguments: string } }[] }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

function complete(body: Record<string, unknown>): Completion {
  return JSON.parse(planBody(chatPlan(body))) as Completion;
}

function status(plan: SimulatorReplyPlan): number | string {
  return plan.kind === 'respond' ? plan.status : plan.kind;
}

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
    for (const text of ['', '  lead', 'tail  ', 'a\n\nb', 'émoji 🙂 ok', '1,234.5 ... !!', '{"json": [1, 2]}']) {
      assert.equal(splitSimulatorText(text).join(''), text);
      assert.equal(splitSimulatorJson(text).join(''), text);
    }
  });

  it('splits JSON like streamed tool arguments', () => {
    assert.deepEqual(splitSimulatorJson('{"city":"Ed","units":"c"}'), ['{"', 'city', '":"', 'Ed', '","', 'units', '":"', 'c', '"}']);
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

describe('simulator models', () => {
  it('chooses the model kind by the start of the last path segment', () => {
    assert.equal(simulatorModelKind('echo'), 'echo');
    assert.equal(simulatorModelKind('simulator/echo'), 'echo');
    assert.equal(simulatorModelKind('a/b/lorem-long'), 'lorem');
    assert.equal(simulatorModelKind('tools-v2'), 'tools');
    assert.equal(simulatorModelKind('echo/gpt-4o'), undefined);
  });

  it('echoes the text parts of the last user message and ignores images', () => {
    const reply = complete({
      model: 'echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is ' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'text', text: 'in this picture?' },
          ],
        },
      ],
    });
    assert.equal(reply.choices[0]!.message.content, 'What is in this picture?');
    assert.equal(reply.choices[0]!.finish_reason, 'stop');
  });

  it('estimates usage deterministically from the input and counts the tokens it sent', () => {
    const reply = complete({ model: 'echo', messages: [{ role: 'user', content: 'abcdefghi' }] });
    assert.deepEqual(
      { ...reply.usage, prompt_tokens_details: undefined, completion_tokens_details: undefined },
      { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4, prompt_tokens_details: undefined, completion_tokens_details: undefined },
    );
  });

  it('writes lorem of the configured length and stops at max_tokens with finish_reason length', () => {
    const full = complete({ model: 'lorem', messages: USER_HELLO });
    assert.equal(full.usage.completion_tokens, 16);
    assert.ok(full.choices[0]!.message.content!.startsWith('Lorem ipsum dolor sit amet,'));
    const long = JSON.parse(
      planBody(chatPlan({ model: 'lorem', messages: USER_HELLO }, { 'x-simulator-output-tokens': '300' })),
    ) as Completion;
    assert.equal(long.usage.completion_tokens, 300);
    const cut = complete({ model: 'lorem', messages: USER_HELLO, max_completion_tokens: 3 });
    assert.equal(cut.choices[0]!.message.content, 'Lorem ipsum dolor');
    assert.equal(cut.choices[0]!.finish_reason, 'length');
    assert.equal(complete({ model: 'echo', messages: USER_HELLO, max_tokens: 2 }).choices[0]!.finish_reason, 'length');
  });

  it('calls the first tool, or the one tool_choice names', () => {
    const other = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { id: { type: 'integer', minimum: 42 } } } } };
    const first = complete({ model: 'tools', messages: USER_HELLO, tools: [WEATHER_TOOL, other] });
    assert.equal(first.choices[0]!.message.tool_calls![0]!.function.name, 'GetWeatherArgs');
    const named = complete({
      model: 'tools',
      messages: USER_HELLO,
      tools: [WEATHER_TOOL, other],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
    const call = named.choices[0]!.message.tool_calls![0]!;
    assert.equal(call.function.name, 'lookup');
    assert.deepEqual(JSON.parse(call.function.arguments), { id: 42 });
    assert.equal(named.usage.completion_tokens, Math.ceil(call.function.arguments.length / 4));
  });

  it('answers like echo without tools, with tool_choice none, and after a tool result', () => {
    const plain = complete({ model: 'tools', messages: USER_HELLO });
    assert.equal(plain.choices[0]!.message.content, USER_HELLO[0]!.content);
    const none = complete({ model: 'tools', messages: USER_HELLO, tools: [WEATHER_TOOL], tool_choice: 'none' });
    assert.equal(none.choices[0]!.finish_reason, 'stop');
    const after = complete({
      model: 'tools',
      tools: [WEATHER_TOOL],
      messages: [
        ...USER_HELLO,
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'GetWeatherArgs', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      ],
    });
    assert.equal(after.choices[0]!.finish_reason, 'stop');
    assert.equal(after.choices[0]!.message.content, 'The tool returned: {"temperature":21}');
  });

  it('answers response_format json_object and json_schema with JSON content', () => {
    const object = complete({ model: 'echo', messages: USER_HELLO, response_format: { type: 'json_object' } });
    assert.deepEqual(JSON.parse(object.choices[0]!.message.content!), { echo: USER_HELLO[0]!.content });
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
      required: ['answer', 'confidence'],
    };
    const structured = complete({
      model: 'lorem',
      messages: USER_HELLO,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
    });
    assert.deepEqual(JSON.parse(structured.choices[0]!.message.content!), { answer: 'example', confidence: 0 });
  });
});

describe('simulator requests and routes', () => {
  it('refuses a body that is not JSON or lacks model or messages with an OpenAI 400', () => {
    for (const body of ['{not json', '[]', JSON.stringify({ messages: USER_HELLO }), JSON.stringify({ model: 'echo' })]) {
      const plan = chatPlan(body);
      assert.equal(status(plan), 400, body);
      const error = JSON.parse(planBody(plan)).error;
      assert.deepEqual(Object.keys(error), ['message', 'type', 'param', 'code']);
      assert.equal(error.type, 'invalid_request_error');
    }
  });

  it('matches paths on their ending and answers unknown ones with a 404', () => {
    assert.equal(status(route({ method: 'GET', path: '/openai/v1/models?x=1', headers: {}, body: null })), 200);
    assert.equal(status(chatPlan({ model: 'echo', messages: USER_HELLO })), 200);
    assert.equal(status(route({ method: 'POST', path: '/proxy/v1/chat/completions', headers: {}, body: '{}' })), 400);
    assert.equal(status(route({ method: 'GET', path: '/v1/chat/completions', headers: {}, body: null })), 404);
    assert.equal(status(route({ method: 'POST', path: '/v1/embeddings', headers: {}, body: '{}' })), 404);
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
    const exchange = { method: 'POST', path: '/v1/chat/completions', body: JSON.stringify({ model: 'echo', messages: USER_HELLO }) };
    assert.equal(status(guarded({ ...exchange, headers: {} })), 401);
    assert.equal(status(guarded({ ...exchange, headers: { authorization: 'Bearer sk-nope' } })), 401);
    assert.equal(status(guarded({ ...exchange, headers: { authorization: 'Bearer sk-test' } })), 200);
  });
});

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
    const plan = chatPlan(lorem, { 'x-simulator-ttft-ms': '120', 'x-simulator-tokens-per-second': '50', 'x-simulator-output-tokens': '4' });
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
    const plan = chatPlan(lorem, { 'x-simulator-tokens-per-second': '4000', 'x-simulator-output-tokens': '12' });
    assert.ok(plan.kind === 'respond');
    assert.deepEqual(
      plan.steps.map((step) => step.delayMs),
      [0, 1, 1],
    );
  });

  it('delays a non-stream reply by the time its generation takes', () => {
    const plan = chatPlan(
      { model: 'lorem', messages: USER_HELLO },
      { 'x-simulator-ttft-ms': '100', 'x-simulator-tokens-per-second': '10', 'x-simulator-output-tokens': '5' },
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
