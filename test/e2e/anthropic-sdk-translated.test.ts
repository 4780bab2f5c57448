import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The official Anthropic SDK against the gateway, served by an OpenAI-format upstream (the
 * standalone simulator): every request and answer is translated through the canonical contract.
 */
describe('@anthropic-ai/sdk → gateway → OpenAI-format upstream (translated)', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: Anthropic;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    gateway = await startGateway(`
providers:
  oai:
    type: openai-compatible
    base_url: ${simulator.url}/v1
    forward_headers: ['x-simulator-*']
    models:
      - id: echo
        pricing: { input: 3, output: 15, cached_input: 0.3 }
      - lorem
      - tools
`);
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'not-needed', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  const weather: Anthropic.Tool = {
    name: 'get_weather',
    description: 'Weather for a city',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  test('messages.create: system blocks, text answer, stop reason and usage', async () => {
    const message = await client.messages.create({
      model: 'oai/echo',
      max_tokens: 200,
      system: [
        { type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'Answer in English.' },
      ],
      messages: [{ role: 'user', content: 'Hello, translated world' }],
    });
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, 'oai/echo');
    assert.deepEqual(message.content, [{ type: 'text', text: 'Hello, translated world' }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.ok(message.usage.input_tokens > 0);
    assert.ok(message.usage.output_tokens > 0);
    const record = gateway.records.at(-1);
    assert.equal(record?.provider, 'oai');
    assert.equal(record?.usage?.outputTokens, message.usage.output_tokens);
    assert.ok((record?.costNanoUsd ?? 0) > 0, 'priced');
  });

  test('messages.stream: text deltas assemble and the final message is complete', async () => {
    const stream = client.messages.stream({
      model: 'oai/lorem',
      max_tokens: 7,
      messages: [{ role: 'user', content: 'filler' }],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    assert.ok(text.length > 0);
    assert.equal(final.content[0]?.type === 'text' ? final.content[0].text : '', text);
    assert.equal(final.stop_reason, 'max_tokens');
    assert.equal(final.usage.output_tokens, 7);
  });

  test('tools: streamed tool_use input arrives intact; a multi-turn tool result ends the loop', async () => {
    const stream = client.messages.stream({
      model: 'oai/tools',
      max_tokens: 200,
      tools: [weather],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const first = await stream.finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');
    assert.equal(call.name, 'get_weather');
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');

    const second = await client.messages.create({
      model: 'oai/tools',
      max_tokens: 200,
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 degrees, cloudy' }],
        },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
    const text = second.content[0]?.type === 'text' ? second.content[0].text : '';
    assert.match(text, /18 degrees, cloudy/);
  });

  test('images and thinking are accepted (thinking becomes a reasoning effort)', async () => {
    const message = await client.messages.create({
      model: 'oai/echo',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'Describe it' },
          ],
        },
      ],
    });
    assert.deepEqual(message.content, [{ type: 'text', text: 'Describe it' }]);
  });

  test('count_tokens without an Anthropic upstream is an estimate, and says so', async () => {
    const { data, response } = await client.messages
      .countTokens({ model: 'oai/echo', messages: [{ role: 'user', content: 'How many tokens is this?' }] })
      .withResponse();
    assert.ok(data.input_tokens > 0);
    assert.equal(response.headers.get('x-tollgate-token-count'), 'estimated');
  });

  test('errors come back in Anthropic shape: unknown model, bad request, upstream failures', async () => {
    await assert.rejects(
      client.messages.create({
        model: 'oai/nope',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (error: unknown) => error instanceof Anthropic.NotFoundError && /oai\/nope/.test(error.message),
    );
    await assert.rejects(
      client.messages.create({
        model: 'oai/echo',
        max_tokens: 0,
        messages: [{ role: 'user', content: 'x' }],
      }),
      (error: unknown) =>
        error instanceof Anthropic.BadRequestError &&
        (error.error as { error?: { type?: string } }).error?.type === 'invalid_request_error',
    );
    await assert.rejects(
      client.messages.create(
        { model: 'oai/echo', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-simulator-fail': '429', 'x-simulator-retry-after': '3' } },
      ),
      (error: unknown) =>
        error instanceof Anthropic.RateLimitError && error.headers?.get('retry-after') === '3',
    );
  });

  test('a translated stream that breaks mid-way ends with an Anthropic error event', async () => {
    const stream = client.messages.stream(
      { model: 'oai/lorem', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-simulator-fail': 'reset', 'x-simulator-fail-after': '3' } },
    );
    await assert.rejects(stream.finalMessage(), (error: unknown) => error instanceof Anthropic.APIError);
    const record = gateway.records.at(-1);
    assert.equal(record?.truncated, true);
  });
});
