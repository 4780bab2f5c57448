import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createVertexAnthropic } from '@ai-sdk/google-vertex/anthropic';
import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import Anthropic from '@anthropic-ai/sdk';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import {
  collect,
  finishPart as finish,
  joinDeltas as joined,
  WEATHER_FUNCTION,
} from './simulator-sdk-test-support.ts';

// The official clients parse the simulator's Anthropic replies: the AI SDK provider (the gateway's
// own upstream adapter) and Anthropic's SDK, with tools, thinking, usage and errors.

let server: SimulatorServer;
let model: (id: string) => LanguageModelV4;
let client: Anthropic;

before(async () => {
  server = await startSimulatorServer({ apiKey: 'sk-ant-sim' });
  model = createAnthropic({ baseURL: `${server.url}/v1`, apiKey: 'sk-ant-sim' });
  client = new Anthropic({ baseURL: server.url, apiKey: 'sk-ant-sim', maxRetries: 0 });
});
after(() => server.close());

const HI: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxOutputTokens: 50,
};
const WEATHER: LanguageModelV4CallOptions['tools'] = [WEATHER_FUNCTION];
const THINKING = { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } };

describe('AI SDK Anthropic provider against the simulator', () => {
  it('generates text with every usage field', async () => {
    const result = await model('echo').doGenerate(HI);
    assert.deepEqual(result.content, [{ type: 'text', text: 'hi' }]);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(
      { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      {
        inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 1, text: undefined, reasoning: undefined },
      },
    );
    assert.match(result.response?.id ?? '', /^msg_01/);
  });

  it('streams thinking then text, and counts the thinking in the output', async () => {
    const { stream } = await model('echo').doStream({
      ...HI,
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }],
      providerOptions: THINKING,
    });
    const parts = await collect(stream);
    assert.equal(joined(parts, 'reasoning-delta'), 'The user wrote "Hello there". I will repeat it.');
    assert.equal(joined(parts, 'text-delta'), 'Hello there');
    const signature = parts.find(
      (part) => part.type === 'reasoning-delta' && part.providerMetadata !== undefined,
    );
    assert.ok(signature, 'the signature_delta reaches the client');
    const end = finish(parts);
    assert.deepEqual(end.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(end.usage.inputTokens, { total: 3, noCache: 3, cacheRead: 0, cacheWrite: 0 });
    // Output tokens are the text's two and one per thinking piece, as Anthropic counts them.
    const thoughts = parts.filter((part) => part.type === 'reasoning-delta' && part.delta !== '').length;
    assert.equal(end.usage.outputTokens.total, 2 + thoughts);
  });

  it('calls a tool with schema-shaped input, streamed and not', async () => {
    const generated = await model('tools').doGenerate({ ...HI, tools: WEATHER });
    const call = generated.content.find((part) => part.type === 'tool-call');
    assert.equal(call?.toolName, 'weather');
    assert.deepEqual(JSON.parse(call?.input ?? ''), { city: 'example' });
    assert.deepEqual(generated.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
    const { stream } = await model('tools').doStream({ ...HI, tools: WEATHER, providerOptions: THINKING });
    const parts = await collect(stream);
    assert.ok(parts.filter((part) => part.type === 'tool-input-delta').length >= 2);
    assert.deepEqual(JSON.parse(joined(parts, 'tool-input-delta')), { city: 'example' });
    assert.ok(parts.some((part) => part.type === 'tool-call' && part.toolName === 'weather'));
    assert.equal(finish(parts).finishReason.unified, 'tool-calls');
  });

  it('reports a simulated cache read, max_tokens and stop sequences', async () => {
    const cached = await model('echo').doGenerate({
      ...HI,
      headers: { 'x-simulator-cache-read-tokens': '900' },
    });
    assert.deepEqual(cached.usage.inputTokens, { total: 900, noCache: 0, cacheRead: 900, cacheWrite: 0 });
    const { stream } = await model('lorem').doStream({ ...HI, maxOutputTokens: 3 });
    const parts = await collect(stream);
    assert.equal(joined(parts, 'text-delta'), 'Lorem ipsum dolor');
    assert.deepEqual(finish(parts).finishReason, { unified: 'length', raw: 'max_tokens' });
    const stopped = await model('lorem').doGenerate({ ...HI, stopSequences: ['dolor'] });
    assert.deepEqual(stopped.content, [{ type: 'text', text: 'Lorem ipsum ' }]);
    assert.deepEqual(stopped.finishReason, { unified: 'stop', raw: 'stop_sequence' });
  });

  it('serves Claude on Vertex AI through the Vertex Anthropic provider', async () => {
    const vertex = createVertexAnthropic({
      baseURL: `${server.url}/v1/projects/p/locations/us-east5/publishers/anthropic/models`,
      // Vertex sends an OAuth token; the simulator compares it with its key.
      generateAuthToken: async () => 'sk-ant-sim',
    });
    const result = await vertex('echo').doGenerate(HI);
    assert.deepEqual(result.content, [{ type: 'text', text: 'hi' }]);
    assert.match(result.response?.id ?? '', /^msg_vrtx_01/);
    const { stream } = await vertex('tools').doStream({ ...HI, tools: WEATHER });
    assert.equal(finish(await collect(stream)).finishReason.unified, 'tool-calls');
  });
});

describe('Anthropic SDK against the simulator', () => {
  const tools: Anthropic.Tool[] = [
    {
      name: 'weather',
      input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ];

  it('creates messages with thinking and tools', async () => {
    const message = await client.messages.create({
      model: 'tools',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in Rome?' }],
      tools,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    });
    assert.deepEqual(
      message.content.map((block) => block.type),
      ['thinking', 'tool_use'],
    );
    const call = message.content[1] as Anthropic.ToolUseBlock;
    assert.deepEqual(call.input, { city: 'example' });
    assert.equal(message.stop_reason, 'tool_use');
    const after = await client.messages.create({
      model: 'tools',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Rome?' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: 'sunny' }] },
      ],
    });
    assert.deepEqual(after.content, [{ type: 'text', text: 'The tool returned: sunny' }]);
  });

  it('streams with the stream helper and counts tokens', async () => {
    const stream = client.messages.stream({
      model: 'tools',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'Weather in Rome?' }],
      tools,
      thinking: { type: 'adaptive' },
    });
    let thinking = '';
    stream.on('thinking', (delta) => {
      thinking += delta;
    });
    const message = await stream.finalMessage();
    assert.equal(thinking, 'The user wrote "Weather in Rome?". I will call weather.');
    assert.deepEqual((message.content[1] as Anthropic.ToolUseBlock).input, { city: 'example' });
    // The arguments' 18 characters make 5 tokens; the 12 thinking pieces count too.
    assert.equal(message.usage.output_tokens, 5 + 12);
    const text = await client.messages
      .stream({ model: 'echo', max_tokens: 100, messages: [{ role: 'user', content: 'Ciao' }] })
      .finalText();
    assert.equal(text, 'Ciao');
    const count = await client.messages.countTokens({
      model: 'echo',
      messages: [{ role: 'user', content: 'Ciao!' }],
    });
    assert.equal(count.input_tokens, 2);
  });

  it('maps errors to the SDK error classes, in-stream errors included', async () => {
    const request = { model: 'echo', max_tokens: 10, messages: [{ role: 'user' as const, content: 'hi' }] };
    await assert.rejects(
      client.messages.create(request, {
        headers: { 'x-simulator-fail': '429', 'x-simulator-retry-after': '4' },
      }),
      (error: unknown) =>
        error instanceof Anthropic.RateLimitError && error.headers?.get('retry-after') === '4',
    );
    await assert.rejects(
      client.messages.create(request, { headers: { 'x-simulator-fail': '529' } }),
      (error: unknown) =>
        error instanceof Anthropic.InternalServerError &&
        error.status === 529 &&
        (error.error as { error: { type: string } }).error.type === 'overloaded_error',
    );
    await assert.rejects(client.messages.create({ ...request, model: 'claude-x' }), Anthropic.NotFoundError);
    const stranger = new Anthropic({ baseURL: server.url, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.messages.create(request), Anthropic.AuthenticationError);
    const failing = client.messages.stream(request, {
      headers: { 'x-simulator-fail': 'error', 'x-simulator-fail-after': '1' },
    });
    await assert.rejects(failing.finalMessage(), (error: unknown) => {
      return error instanceof Anthropic.APIError && /overloaded_error/.test(String(error.message));
    });
  });
});
