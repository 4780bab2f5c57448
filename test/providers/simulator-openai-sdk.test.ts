import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { USER_HELLO, WEATHER_TOOL } from './simulator-test-support.ts';

// The official SDK parses the simulator's replies: proof that the wire format is the real one.

let server: SimulatorServer;
let client: OpenAI;

before(async () => {
  server = await startSimulatorServer({ apiKey: 'sk-simulator' });
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-simulator', maxRetries: 0 });
});

after(() => server.close());

describe('openai SDK against the simulator', () => {
  it('creates a non-stream completion', async () => {
    const completion = await client.chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.choices[0]!.message.content, 'Hello there');
    assert.equal(completion.choices[0]!.finish_reason, 'stop');
    assert.equal(
      completion.usage!.total_tokens,
      completion.usage!.prompt_tokens + completion.usage!.completion_tokens,
    );
  });

  it('streams a completion with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'simulator/lorem',
      messages: [{ role: 'user', content: 'Write something' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let completionTokens = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
      assert.equal(chunk.model, 'simulator/lorem');
    }
    assert.ok(text.startsWith('Lorem ipsum dolor sit amet,'));
    assert.equal(finish, 'stop');
    assert.equal(completionTokens, 16);
  });

  it('accumulates a streamed tool call with the stream helper', async () => {
    const runner = client.chat.completions.stream({
      model: 'tools',
      messages: [{ role: 'user', content: 'Weather in Edinburgh?' }],
      tools: [WEATHER_TOOL as OpenAI.ChatCompletionTool],
    });
    const completion = await runner.finalChatCompletion();
    const call = completion.choices[0]!.message.tool_calls![0]!;
    assert.equal(completion.choices[0]!.finish_reason, 'tool_calls');
    assert.ok(call.type === 'function');
    assert.equal(call.function.name, 'GetWeatherArgs');
    assert.deepEqual(JSON.parse(call.function.arguments), {
      city: 'example',
      country: 'example',
      units: 'c',
    });
  });

  it('creates a non-stream tool call and ends the loop after the tool result', async () => {
    const first = await client.chat.completions.create({
      model: 'tools',
      messages: USER_HELLO as OpenAI.ChatCompletionMessageParam[],
      tools: [WEATHER_TOOL as OpenAI.ChatCompletionTool],
    });
    const message = first.choices[0]!.message;
    const call = message.tool_calls![0]!;
    assert.equal(message.content, null);
    const second = await client.chat.completions.create({
      model: 'tools',
      tools: [WEATHER_TOOL as OpenAI.ChatCompletionTool],
      messages: [
        ...(USER_HELLO as OpenAI.ChatCompletionMessageParam[]),
        message,
        { role: 'tool', tool_call_id: call.id, content: 'sunny' },
      ],
    });
    assert.equal(second.choices[0]!.message.content, 'The tool returned: sunny');
  });

  it('maps simulated failures to the SDK error classes', async () => {
    const request = { model: 'echo', messages: [{ role: 'user' as const, content: 'hi' }] };
    await assert.rejects(
      client.chat.completions.create(request, {
        headers: { 'x-simulator-fail': '429', 'x-simulator-retry-after': '3' },
      }),
      (error: unknown) => error instanceof OpenAI.RateLimitError && error.headers.get('retry-after') === '3',
    );
    await assert.rejects(
      client.chat.completions.create({ ...request, model: 'gpt-unknown' }),
      OpenAI.NotFoundError,
    );
    const failing = await client.chat.completions.create(
      { ...request, stream: true },
      { headers: { 'x-simulator-fail': 'error-500', 'x-simulator-fail-after': '1' } },
    );
    await assert.rejects(
      (async () => {
        for await (const _chunk of failing);
      })(),
      (error: unknown) => error instanceof OpenAI.APIError && /Simulated failure/.test(error.message),
    );
    const stranger = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-wrong', maxRetries: 0 });
    await assert.rejects(stranger.chat.completions.create(request), (error: unknown) => {
      return error instanceof OpenAI.AuthenticationError && error.code === 'invalid_api_key';
    });
  });

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['echo', 'lorem', 'tools', 'embed', 'image']);
  });
});
