import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The official Anthropic SDK against an Anthropic-format upstream (the standalone simulator
 * speaking Messages): the gateway passes bytes through, and the SDK's own parsers must accept
 * every answer and event.
 */
describe('@anthropic-ai/sdk → gateway → Anthropic upstream (passthrough)', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: Anthropic;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0, apiKey: 'sk-ant-upstream-key-01' });
    gateway = await startGateway(`
providers:
  anthropic:
    type: anthropic
    base_url: ${simulator.url}/v1
    api_key: sk-ant-upstream-key-01
    catalog: false
    forward_headers: ['x-simulator-*']
    models:
      - id: echo
        pricing: { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 }
      - lorem
      - tools
`);
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'client-key', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  const weather: Anthropic.Tool = {
    name: 'get_weather',
    input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  };

  test('messages.create: answer, usage, model name, cost with cache reads', async () => {
    const { data, response } = await client.messages
      .create(
        { model: 'anthropic/echo', max_tokens: 100, messages: [{ role: 'user', content: 'Passed through' }] },
        { headers: { 'x-simulator-cache-read-tokens': '400' } },
      )
      .withResponse();
    assert.deepEqual(data.content, [{ type: 'text', text: 'Passed through' }]);
    assert.equal(data.model, 'anthropic/echo');
    assert.equal(data.usage.cache_read_input_tokens, 400);
    assert.equal(response.headers.get('x-tollgate-cached-tokens'), '400');
    const record = gateway.records.at(-1);
    const plain = (record?.usage?.inputTokens ?? 0) - 400;
    assert.equal(record?.costNanoUsd, plain * 3000 + 400 * 300 + (record?.usage?.outputTokens ?? 0) * 15_000);
  });

  test('messages.stream with thinking and tools; the tool result turn ends the loop', async () => {
    const stream = client.messages.stream({
      model: 'anthropic/tools',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weather],
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
    });
    const first = await stream.finalMessage();
    assert.equal(first.stop_reason, 'tool_use');
    const thinking = first.content.find((block) => block.type === 'thinking');
    assert.ok(thinking?.type === 'thinking' && thinking.signature.length > 0, 'thinking with a signature');
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');
    assert.equal(typeof (call.input as { city?: unknown }).city, 'string');

    const second = await client.messages.create({
      model: 'anthropic/tools',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: call.id, content: '-3 degrees, snow' }],
        },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
    assert.match(JSON.stringify(second.content), /-3 degrees, snow/);
  });

  test('images reach the upstream; count_tokens is exact from Anthropic', async () => {
    const message = await client.messages.create({
      model: 'anthropic/echo',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'text', text: 'What is it?' },
          ],
        },
      ],
    });
    assert.equal(message.content[0]?.type === 'text' ? message.content[0].text : '', 'What is it?');
    const { data, response } = await client.messages
      .countTokens({ model: 'anthropic/echo', messages: [{ role: 'user', content: 'count me' }] })
      .withResponse();
    assert.ok(data.input_tokens > 0);
    assert.equal(response.headers.get('x-tollgate-token-count'), 'exact');
  });

  test('upstream 529 overloaded reaches the client as 529 overloaded_error', async () => {
    await assert.rejects(
      client.messages.create(
        { model: 'anthropic/echo', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
        { headers: { 'x-simulator-fail': '529' } },
      ),
      (error: unknown) =>
        error instanceof Anthropic.APIError &&
        error.status === 529 &&
        (error.error as { error?: { type?: string } }).error?.type === 'overloaded_error',
    );
  });

  test('a passthrough stream broken by the upstream ends with an Anthropic error event', async () => {
    const stream = client.messages.stream(
      { model: 'anthropic/lorem', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-simulator-fail': 'reset', 'x-simulator-fail-after': '2' } },
    );
    await assert.rejects(stream.finalMessage(), (error: unknown) => error instanceof Anthropic.APIError);
    assert.equal(gateway.records.at(-1)?.truncated, true);
  });

  test('the openai SDK reaches the same Anthropic upstream through translation', async () => {
    const openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: 'anthropic/echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Translated to Anthropic' },
      ],
    });
    assert.equal(completion.choices[0]?.message.content, 'Translated to Anthropic');
  });
});
