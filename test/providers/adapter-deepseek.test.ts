import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDeepSeek } from '@ai-sdk/deepseek';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  assertTokenCounts,
  chunksAsSse,
  fileAnswer,
  finishPart,
  joinedDeltas,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * DeepSeek (OpenAI-compatible chat with `reasoning_content` and `prompt_cache_hit_tokens`), built
 * as `provider-registry.ts` builds it, fed real api.deepseek.com recordings. No DeepSeek error
 * answer was recorded in any source (see the collection's README).
 */

const API_KEY = 'sk-deepseek-replay-test-key-0123';
const config = providerConfigFromYaml(`
providers:
  deepseek-cn:
    type: deepseek
    api_key: ${API_KEY}
`);

/** What `PROVIDER_FACTORIES.deepseek` does, on a replay transport instead of the network. */
function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  const provider = createOpenAICompatibleProvider(config, transport, {
    adapter: (settings) => createDeepSeek(settings).chat,
  });
  return { transport, provider };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
const weatherTool = [
  { type: 'function' as const, name: 'weather', inputSchema: { type: 'object' as const, properties: {} } },
];

describe('deepseek adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.deepseek(config);
    assert.equal(registered.type, 'deepseek');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('translated calls go through the adapter the registry names (@ai-sdk/deepseek)', () => {
    const { provider } = replay(json('deepseek/chat-completions/vercel-ai/deepseek-text.json'));
    assert.equal(provider.languageModel('deepseek-chat').provider, 'deepseek.chat');
  });

  test('doGenerate, vercel-ai deepseek-text.json: text cut by max tokens (length); bearer to /v1/chat/completions', async () => {
    const { transport, provider } = replay(
      json('deepseek/chat-completions/vercel-ai/deepseek-text.json'),
      64,
    );
    const result = await provider
      .languageModel('deepseek-chat')
      .doGenerate({ prompt: userPrompt('Invent a holiday') });

    const [text] = result.content;
    assert.equal(result.content.length, 1);
    assert.ok(text?.type === 'text');
    assert.ok(text.text.startsWith('## **Holiday Name: Gratitude of Small Things Day (GST Day)**'));
    assert.deepEqual(result.finishReason, { unified: 'length', raw: 'length' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 13, noCache: 13, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 300, text: 300, reasoning: 0 },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.deepseek.com');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
  });

  test('doGenerate, vercel-ai deepseek-reasoning.json: reasoning_content as reasoning, reasoning tokens 315', async () => {
    const { provider } = replay(json('deepseek/chat-completions/vercel-ai/deepseek-reasoning.json'));
    const result = await provider
      .languageModel('deepseek-reasoner')
      .doGenerate({ prompt: userPrompt('How many r in strawberry?') });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['reasoning', 'text'],
    );
    const [reasoning, text] = result.content;
    assert.ok(
      reasoning?.type === 'reasoning' &&
        reasoning.text.startsWith("We are asked: \"How many 'r's are in the word 'strawberry'?\""),
    );
    assert.ok(
      text?.type === 'text' &&
        text.text.startsWith('The word "strawberry" contains three instances of the letter "r"'),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 18, noCache: 18, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 345, text: 30, reasoning: 315 },
    });
  });

  test('doGenerate, vercel-ai deepseek-tool-call.json: reasoning, tool call, prompt cache hit 320 tokens', async () => {
    const { provider } = replay(json('deepseek/chat-completions/vercel-ai/deepseek-tool-call.json'));
    const result = await provider
      .languageModel('deepseek-chat')
      .doGenerate({ prompt: userPrompt('Weather in SF?'), tools: weatherTool });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['reasoning', 'tool-call'],
    );
    const call = result.content[1];
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'call_00_9V0vrf86Pc9aelHCJMZqnJBo');
    assert.equal(call.toolName, 'weather');
    assert.deepEqual(JSON.parse(call.input), { location: 'San Francisco' });
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 339, noCache: 19, cacheRead: 320, cacheWrite: undefined },
      outputTokens: { total: 92, text: 44, reasoning: 48 },
    });
  });

  test('doStream, vercel-ai deepseek-reasoning.chunks.txt framed as SSE: reasoning then text', async () => {
    const { provider } = replay(
      chunksAsSse('deepseek/chat-completions/vercel-ai/deepseek-reasoning.chunks.txt', { done: true }),
      997,
    );
    const result = await provider
      .languageModel('deepseek-reasoner')
      .doStream({ prompt: userPrompt('How many r in strawberry?') });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'reasoning-delta').startsWith(
        'We need to count the number of the letter "r" in the word "strawberry".',
      ),
    );
    assert.equal(joinedDeltas(parts, 'text-delta'), 'The word "strawberry" contains three "r"s.');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 18, noCache: 18, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 219, text: 14, reasoning: 205 },
    });
  });

  test('doStream, vercel-ai deepseek-tool-call.chunks.txt: reasoning, one tool call, cache hit', async () => {
    const { provider } = replay(
      chunksAsSse('deepseek/chat-completions/vercel-ai/deepseek-tool-call.chunks.txt', { done: true }),
      61,
    );
    const result = await provider
      .languageModel('deepseek-chat')
      .doStream({ prompt: userPrompt('Weather in SF?'), tools: weatherTool });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'reasoning-delta').startsWith(
        'The user is asking for the weather in San Francisco.',
      ),
    );
    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF');
    assert.deepEqual(JSON.parse(calls[0].input), { location: 'San Francisco' });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 339, noCache: 19, cacheRead: 320, cacheWrite: undefined },
      outputTokens: { total: 83, text: 44, reasoning: 39 },
    });
  });

  test('doStream, pydantic-ai deepseek-reasoner SSE (raw bytes, emoji split across chunks)', async () => {
    const { provider } = replay(
      fileAnswer(
        'deepseek/chat-completions/pydantic-ai/extracted/test_deepseek_model_thinking_stream.0.200.response.sse',
        'text/event-stream',
      ),
      3,
    );
    const result = await provider
      .languageModel('deepseek-reasoner')
      .doStream({ prompt: userPrompt('Hello') });
    const parts = await readAllParts(result.stream);

    assert.ok(joinedDeltas(parts, 'reasoning-delta').startsWith('Hmm, the user just said "Hello".'));
    assert.equal(joinedDeltas(parts, 'text-delta'), 'Hello there! \u{1F60A} How can I help you today?');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 6, noCache: 6, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 212, text: 14, reasoning: 198 },
    });
  });
});
