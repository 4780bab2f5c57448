import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The README's promise: with no config at all, the official `openai` SDK gets correct answers from
 * the built-in simulator models — non-stream, stream, tools, structured output, images, abort.
 */
describe('openai SDK → gateway (default config) → built-in simulator', () => {
  let gateway: GatewayHarness;
  let client: OpenAI;

  before(async () => {
    gateway = await startGateway();
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'not-needed-on-loopback', maxRetries: 0 });
  });
  after(() => gateway.close());

  test('non-stream echo returns the last user message, usage and metadata headers', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'simulator/echo', messages: [{ role: 'user', content: 'Hello, Tollgate!' }] })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, 'simulator/echo');
    assert.equal(data.choices[0]?.message.content, 'Hello, Tollgate!');
    assert.equal(data.choices[0]?.finish_reason, 'stop');
    assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
    assert.ok((data.usage?.completion_tokens ?? 0) > 0);
    assert.equal(response.headers.get('x-tollgate-provider'), 'simulator');
    assert.equal(response.headers.get('x-tollgate-model'), 'echo');
    assert.equal(response.headers.get('x-tollgate-output-tokens'), String(data.usage?.completion_tokens));
    assert.equal(response.headers.get('x-tollgate-input-tokens'), String(data.usage?.prompt_tokens));
    assert.equal(response.headers.get('x-tollgate-cost-usd'), 'unknown', 'simulator models have no price');
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    assert.match(response.headers.get('x-tollgate-latency-ms') ?? '', /^\d+(\.\d)?$/);
  });

  test('a client x-request-id is honoured', async () => {
    const { response } = await client.chat.completions
      .create(
        { model: 'simulator/echo', messages: [{ role: 'user', content: 'id?' }] },
        { headers: { 'x-request-id': 'trace-abc-123' } },
      )
      .withResponse();
    assert.equal(response.headers.get('x-request-id'), 'trace-abc-123');
    const record = gateway.records.find((entry) => entry.requestId === 'trace-abc-123');
    assert.equal(record?.status, 200);
  });

  test('stream: content deltas assemble to the echo, usage chunk only when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'simulator/echo',
      stream: true,
      messages: [{ role: 'user', content: 'one two three four' }],
    });
    let text = '';
    let finish: string | null | undefined;
    let sawUsage = false;
    for await (const chunk of stream) {
      assert.equal(chunk.model, 'simulator/echo');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) sawUsage = true;
    }
    assert.equal(text, 'one two three four');
    assert.equal(finish, 'stop');
    assert.equal(sawUsage, false, 'the client did not ask for usage');

    const withUsage = await client.chat.completions.create({
      model: 'simulator/lorem',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'filler please' }],
      max_tokens: 5,
    });
    let usage: OpenAI.CompletionUsage | undefined;
    let lastFinish: string | null | undefined;
    for await (const chunk of withUsage) {
      if (chunk.usage) usage = chunk.usage;
      lastFinish = chunk.choices[0]?.finish_reason ?? lastFinish;
    }
    assert.equal(usage?.completion_tokens, 5);
    assert.equal(lastFinish, 'length', 'max_tokens cut the lorem answer');
  });

  test('the gateway logs usage of a stream whose client did not ask for it', async () => {
    const recordPromise = gateway.nextRecord();
    const stream = await client.chat.completions.create({
      model: 'simulator/lorem',
      stream: true,
      messages: [{ role: 'user', content: 'x' }],
      max_tokens: 7,
    });
    for await (const _chunk of stream) {
      // drain
    }
    const record = await recordPromise;
    assert.equal(record.stream, true);
    assert.equal(record.usage?.outputTokens, 7);
    assert.ok((record.ttftMs ?? -1) >= 0);
    const line = gateway.logLines.find((entry) => entry.reqId === record.requestId);
    assert.equal(line?.outputTokens, 7);
    assert.equal(line?.model, 'simulator/lorem');
  });

  const weatherTool: OpenAI.ChatCompletionTool = {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['city', 'unit'],
        additionalProperties: false,
      },
    },
  };

  test('tools: non-stream tool call with schema-conforming arguments', async () => {
    const completion = await client.chat.completions.create({
      model: 'simulator/tools',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    assert.equal(completion.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(call?.type, 'function');
    assert.ok(call?.type === 'function');
    assert.equal(call.function.name, 'get_weather');
    const args = JSON.parse(call.function.arguments) as { city: unknown; unit: unknown };
    assert.equal(typeof args.city, 'string');
    assert.ok(args.unit === 'celsius' || args.unit === 'fahrenheit');
  });

  test('tools: streamed tool-call deltas assemble into valid arguments; the tool loop ends', async () => {
    const stream = await client.chat.completions.create({
      model: 'simulator/tools',
      stream: true,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });
    let name = '';
    let id = '';
    let args = '';
    let argumentChunks = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.tool_calls?.[0];
      if (delta?.id) id = delta.id;
      if (delta?.function?.name) name = delta.function.name;
      if (delta?.function?.arguments) {
        args += delta.function.arguments;
        argumentChunks++;
      }
    }
    assert.equal(name, 'get_weather');
    assert.ok(argumentChunks > 1, 'arguments arrive as several deltas');
    assert.deepEqual(Object.keys(JSON.parse(args) as object).sort(), ['city', 'unit']);

    const followUp = await client.chat.completions.create({
      model: 'simulator/tools',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id, type: 'function', function: { name, arguments: args } }],
        },
        { role: 'tool', tool_call_id: id, content: '21 degrees and sunny' },
      ],
    });
    assert.equal(followUp.choices[0]?.finish_reason, 'stop');
    assert.match(followUp.choices[0]?.message.content ?? '', /21 degrees and sunny/);
  });

  test('response_format json_schema gets a JSON document that fits the schema', async () => {
    const completion = await client.chat.completions.create({
      model: 'simulator/echo',
      messages: [{ role: 'user', content: 'give me a person' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
            required: ['name', 'age'],
          },
        },
      },
    });
    const person = JSON.parse(completion.choices[0]?.message.content ?? '') as {
      name: unknown;
      age: unknown;
    };
    assert.equal(typeof person.name, 'string');
    assert.ok(Number.isInteger(person.age));
  });

  test('image content parts are accepted and the text part is echoed', async () => {
    const completion = await client.chat.completions.create({
      model: 'simulator/echo',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    assert.equal(completion.choices[0]?.message.content, 'What is in this picture?');
  });

  test('aborting mid-stream closes the call and the gateway records the client leaving', async () => {
    const controller = new AbortController();
    const recordPromise = gateway.nextRecord();
    const stream = await client.chat.completions.create(
      { model: 'simulator/lorem', stream: true, messages: [{ role: 'user', content: 'long answer' }] },
      {
        signal: controller.signal,
        headers: { 'x-simulator-tokens-per-second': '20', 'x-simulator-output-tokens': '200' },
      },
    );
    let received = 0;
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received++;
        if (received === 2) controller.abort();
      }
    } catch (error) {
      // The SDK may surface the abort as an error or end the iteration quietly; both are fine.
      assert.match(String(error), /abort/i);
    }
    assert.equal(received, 2, 'nothing arrives after the abort');
    const record = await recordPromise;
    assert.equal(record.errorCode, 'client_closed');
    assert.equal(record.truncated, true);
    assert.ok(
      (record.latencyMs ?? 0) < 2000,
      'the call ended when the client left, not when 200 tokens were out',
    );
  });

  test('models.list and models.retrieve list the simulator models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids.sort(), [
      'simulator/echo',
      'simulator/embed',
      'simulator/image',
      'simulator/lorem',
      'simulator/tools',
    ]);
    const model = await client.models.retrieve('simulator/echo');
    assert.equal(model.id, 'simulator/echo');
    assert.equal(model.object, 'model');
  });
});
