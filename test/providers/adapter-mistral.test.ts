import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMistral } from '@ai-sdk/mistral';
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
  UNREPORTED,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Mistral (OpenAI-compatible chat; magistral models answer `content` as typed parts with
 * `thinking` blocks), built as `provider-registry.ts` builds it, fed real api.mistral.ai
 * recordings. No Mistral error answer was recorded in any source (see the collection's README).
 */

const API_KEY = 'mistral-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  mistral-eu:
    type: mistral
    api_key: ${API_KEY}
`);

/** What `PROVIDER_FACTORIES.mistral` does, on a replay transport instead of the network. */
function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  const provider = createOpenAICompatibleProvider(config, transport, {
    adapter: (settings) => createMistral(settings).chat,
  });
  return { transport, provider };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
const stream = (path: string): RecordedAnswer => chunksAsSse(path, { done: true });

describe('mistral adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.mistral(config);
    assert.equal(registered.type, 'mistral');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('translated calls go through the adapter the registry names (@ai-sdk/mistral)', () => {
    const { provider } = replay(json('mistral/chat-completions/vercel-ai/mistral-text.json'));
    assert.equal(provider.languageModel('mistral-small-latest').provider, 'mistral.chat');
  });

  test('doGenerate, vercel-ai mistral-text.json: text, stop, usage; bearer to /v1/chat/completions', async () => {
    const { transport, provider } = replay(json('mistral/chat-completions/vercel-ai/mistral-text.json'), 64);
    const result = await provider
      .languageModel('mistral-small-latest')
      .doGenerate({ prompt: userPrompt('Invent a holiday') });

    const [text] = result.content;
    assert.equal(result.content.length, 1);
    assert.ok(text?.type === 'text');
    assert.ok(
      text.text.startsWith(
        '**Holiday Name: "World Kindness Day of Sharing"**\n\n**Date:** The third Saturday in October',
      ),
    );
    assert.ok(
      text.text.includes(
        'generosity, and connection by sharing something meaningful with others\u2014whether',
      ),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 13, noCache: 13, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 434, text: 434, reasoning: UNREPORTED },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.mistral.ai');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal((JSON.parse(request.bodyText) as { model: string }).model, 'mistral-small-latest');
  });

  test('doGenerate, vercel-ai mistral-tool-call.json: tool call with parsed arguments', async () => {
    const { provider } = replay(json('mistral/chat-completions/vercel-ai/mistral-tool-call.json'));
    const result = await provider.languageModel('mistral-small-latest').doGenerate({
      prompt: userPrompt('Weather in San Francisco?'),
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
    });

    assert.equal(result.content.length, 1);
    const [call] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'gSIMJiOkT');
    assert.equal(call.toolName, 'weather');
    assert.deepEqual(JSON.parse(call.input), { location: 'San Francisco' });
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 124, noCache: 124, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 22, text: 22, reasoning: UNREPORTED },
    });
  });

  test('doGenerate, vercel-ai mistral-reasoning.json (magistral): thinking part as reasoning, then text', async () => {
    const { provider } = replay(json('mistral/chat-completions/vercel-ai/mistral-reasoning.json'));
    const result = await provider
      .languageModel('magistral-medium-2507')
      .doGenerate({ prompt: userPrompt('2+2?') });

    assert.deepEqual(
      result.content.map((part) =>
        part.type === 'text' || part.type === 'reasoning' ? [part.type, part.text] : [part.type],
      ),
      [
        ['reasoning', 'The user is asking for 2+2. This is basic arithmetic. 2+2=4.'],
        ['text', '2 + 2 = 4'],
      ],
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 10, noCache: 10, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 46, text: 46, reasoning: UNREPORTED },
    });
  });

  test('doStream, vercel-ai mistral-text.chunks.txt framed as SSE, 5-byte chunks: text and usage', async () => {
    const { provider } = replay(stream('mistral/chat-completions/vercel-ai/mistral-text.chunks.txt'), 5);
    const result = await provider
      .languageModel('mistral-small-latest')
      .doStream({ prompt: userPrompt('Hello') });
    const parts = await readAllParts(result.stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'Hello, world! This is a test response.');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 13, noCache: 13, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 8, text: 8, reasoning: UNREPORTED },
    });
  });

  test('doStream, vercel-ai mistral-tool-call.chunks.txt: one tool call', async () => {
    const { provider } = replay(
      stream('mistral/chat-completions/vercel-ai/mistral-tool-call.chunks.txt'),
      21,
    );
    const result = await provider.languageModel('mistral-small-latest').doStream({
      prompt: userPrompt('Weather in San Francisco?'),
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(result.stream);

    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'gSIMJiOkT');
    assert.deepEqual(JSON.parse(calls[0].input), { location: 'San Francisco' });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 124, noCache: 124, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 22, text: 22, reasoning: UNREPORTED },
    });
  });

  test('doStream, vercel-ai mistral-reasoning.chunks.txt: thinking deltas, then text', async () => {
    const { provider } = replay(stream('mistral/chat-completions/vercel-ai/mistral-reasoning.chunks.txt'), 9);
    const result = await provider
      .languageModel('magistral-medium-2507')
      .doStream({ prompt: userPrompt('2+2?') });
    const parts = await readAllParts(result.stream);

    assert.equal(
      joinedDeltas(parts, 'reasoning-delta'),
      'The user is asking for 2+2. This is basic arithmetic. 2+2=4.',
    );
    assert.equal(joinedDeltas(parts, 'text-delta'), '2 + 2 = 4');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 10, noCache: 10, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 46, text: 46, reasoning: UNREPORTED },
    });
  });

  test('doStream, pydantic-ai magistral thinking SSE (raw bytes), 4-byte chunks', async () => {
    const { provider } = replay(
      fileAnswer(
        'mistral/chat-completions/pydantic-ai/extracted/test_mistral_model_thinking_part_iter.0.200.response.sse',
        'text/event-stream',
      ),
      4,
    );
    const result = await provider
      .languageModel('magistral-medium-latest')
      .doStream({ prompt: userPrompt('How do I cross the street?') });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'reasoning-delta').startsWith('Okay, the user is asking how to cross the street.'),
    );
    assert.ok(
      joinedDeltas(parts, 'text-delta').startsWith(
        'To cross the street safely, follow these steps:\n\n1. Look both ways',
      ),
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 10, noCache: 10, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 232, text: 232, reasoning: UNREPORTED },
    });
  });
});
