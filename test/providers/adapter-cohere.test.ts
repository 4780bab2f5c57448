import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCohereProvider } from '../../src/providers/cohere/cohere-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  canonicalRejection,
  cassetteAnswer,
  chunksAsSse,
  fileAnswer,
  finishPart,
  joinedDeltas,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  tokenCounts,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Cohere v2 chat through the AI SDK adapter, fed real api.cohere.com recordings. Cohere reports
 * `usage.tokens` (what the model saw), `usage.billed_units` and `usage.cached_tokens`; the
 * adapter (@ai-sdk/cohere) maps `tokens` and leaves cached tokens out, which these tests pin.
 */

const API_KEY = 'cohere-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  cohere:
    type: cohere
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createCohereProvider(config, transport) };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
/** Cohere's v2 stream is SSE with `event: <type>` lines; the recording keeps only the data. */
const stream = (path: string): RecordedAnswer => chunksAsSse(path, { eventField: 'type' });

describe('cohere adapter: non-streamed recordings (doGenerate)', () => {
  test('the registry builds the same provider type, translated only', async () => {
    const registered = PROVIDER_FACTORIES.cohere(config);
    assert.equal(registered.type, 'cohere');
    assert.equal(registered.nativeProtocol, undefined);
    await registered.close();
  });

  test('vercel-ai cohere-text.json: text, COMPLETE, tokens usage; bearer to /v2/chat', async () => {
    const { transport, provider } = replay(json('cohere/chat-v2/vercel-ai/cohere-text.json'), 20);
    const result = await provider.languageModel('command-a-03-2025').doGenerate({
      prompt: userPrompt('What is the capital of France?'),
    });

    assert.deepEqual(result.content, [{ type: 'text', text: 'The capital of France is Paris.' }]);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    // tokens 507 / 10 (billed 12 / 7, cached_tokens 448: not mapped by the adapter).
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 507, noCache: 507, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 10, text: 10, reasoning: undefined },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.cohere.com');
    assert.equal(request.path, '/v2/chat');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    const body = JSON.parse(request.bodyText) as { model: string; messages: unknown };
    assert.equal(body.model, 'command-a-03-2025');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'What is the capital of France?' }]);
  });

  test('vercel-ai cohere-tool-call.json: two tool calls with parsed arguments, TOOL_CALL', async () => {
    const { provider } = replay(json('cohere/chat-v2/vercel-ai/cohere-tool-call.json'));
    const result = await provider.languageModel('command-a-03-2025').doGenerate({
      prompt: userPrompt('Weather and attractions in San Francisco?'),
      tools: [
        { type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } },
        { type: 'function', name: 'cityAttractions', inputSchema: { type: 'object', properties: {} } },
      ],
    });

    assert.deepEqual(
      result.content.map((part) =>
        part.type === 'tool-call'
          ? [part.toolCallId, part.toolName, JSON.parse(part.input) as unknown]
          : part.type,
      ),
      [
        ['weather_dqgshstja6p9', 'weather', { location: 'San Francisco' }],
        ['cityAttractions_dcxfx4myvx68', 'cityAttractions', { city: 'San Francisco' }],
      ],
    );
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'TOOL_CALL' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 1549, noCache: 1549, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 103, text: 103, reasoning: undefined },
    });
  });

  test('vercel-ai cohere-reasoning.json: a thinking block becomes reasoning, then text', async () => {
    const { provider } = replay(json('cohere/chat-v2/vercel-ai/cohere-reasoning.json'));
    const result = await provider
      .languageModel('command-a-reasoning-08-2025')
      .doGenerate({ prompt: userPrompt('2 + 2?') });

    assert.deepEqual(result.content, [
      {
        type: 'reasoning',
        text: 'Okay, so I need to figure out what 2 + 2 is. Let me start by recalling what addition means.',
      },
      { type: 'text', text: '2 + 2 = 4' },
    ]);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 1394, noCache: 1394, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 582, text: 582, reasoning: undefined },
    });
  });

  test('pydantic-ai cached-tokens cassette: text and the tokens usage (cached_tokens 2928 recorded)', async () => {
    const { provider } = replay(
      cassetteAnswer('cohere/chat-v2/pydantic-ai/test_request_usage_with_cached_tokens.yaml', 0),
    );
    const result = await provider
      .languageModel('command-r7b-12-2024')
      .doGenerate({ prompt: userPrompt('Hello') });

    assert.deepEqual(result.content, [{ type: 'text', text: 'Hello!' }]);
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 2935, noCache: 2935, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 4, text: 4, reasoning: undefined },
    });
  });
});

describe('cohere adapter: streamed recordings (doStream)', () => {
  test('vercel-ai cohere-text.chunks.txt framed as SSE, 4-byte chunks: text, COMPLETE, usage', async () => {
    const { transport, provider } = replay(stream('cohere/chat-v2/vercel-ai/cohere-text.chunks.txt'), 4);
    const result = await provider
      .languageModel('command-a-03-2025')
      .doStream({ prompt: userPrompt('Capital of France?') });
    const parts = await readAllParts(result.stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'The capital of France is Paris.');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 507, noCache: 507, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 10, text: 10, reasoning: undefined },
    });
    assert.equal((JSON.parse(transport.onlyRequest().bodyText) as { stream: boolean }).stream, true);
  });

  test('vercel-ai cohere-tool-call.chunks.txt: tool-plan deltas are not text; two tool calls', async () => {
    const { provider } = replay(stream('cohere/chat-v2/vercel-ai/cohere-tool-call.chunks.txt'), 25);
    const result = await provider.languageModel('command-a-03-2025').doStream({
      prompt: userPrompt('Weather and attractions in San Francisco?'),
      tools: [
        { type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } },
        { type: 'function', name: 'cityAttractions', inputSchema: { type: 'object', properties: {} } },
      ],
    });
    const parts = await readAllParts(result.stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), '');
    assert.deepEqual(
      parts.flatMap((part) =>
        part.type === 'tool-call'
          ? [[part.toolCallId, part.toolName, JSON.parse(part.input) as unknown]]
          : [],
      ),
      [
        ['weather_e8p4pn45zt0t', 'weather', { location: 'San Francisco' }],
        ['cityAttractions_pyxssbwnq9fq', 'cityAttractions', { city: 'San Francisco' }],
      ],
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'TOOL_CALL' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 1549, noCache: 1549, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 95, text: 95, reasoning: undefined },
    });
  });

  test('vercel-ai cohere-reasoning.chunks.txt: thinking deltas as reasoning, then text', async () => {
    const { provider } = replay(stream('cohere/chat-v2/vercel-ai/cohere-reasoning.chunks.txt'), 33);
    const result = await provider
      .languageModel('command-a-reasoning-08-2025')
      .doStream({ prompt: userPrompt('2 + 2?') });
    const parts = await readAllParts(result.stream);

    assert.equal(
      joinedDeltas(parts, 'reasoning-delta'),
      "The user is asking for the sum of 2 and 2. Since this is a straightforward arithmetic problem, I don't need to use any tools. I can calculate the answer directly.",
    );
    assert.equal(joinedDeltas(parts, 'text-delta'), 'The answer to 2 + 2 is 4.');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 1394, noCache: 1394, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: 54, text: 54, reasoning: undefined },
    });
  });
});

describe('cohere adapter: recorded error answers', () => {
  // The only Cohere error recorded anywhere is on the embed endpoint; chat errors share its shape.
  const notFound = (): RecordedAnswer =>
    cassetteAnswer('cohere/errors/pydantic-ai/TestCohere.test_embed_error.yaml', 0);
  const MESSAGE =
    "model 'nonexistent' not found, make sure the correct model ID was used and that you have access to the model.";

  test('classifyError: pydantic-ai embed 404 {id, message} → upstream_not_found, message kept', () => {
    const answer = notFound();
    assert.equal(answer.status, 404);
    const { provider } = replay(answer);
    const error = provider.classifyError(answer.status, answer.headers, answer.body.toString('utf8'));
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(error.upstreamStatus, 404);
    assert.equal(error.provider, 'cohere');
    assert.equal(error.retryAfterSeconds, undefined);
    assert.equal(error.message, `Provider "cohere" answered 404: ${MESSAGE}`);
  });

  test('doGenerate against the recorded 404 rejects and classifies as upstream_not_found', async () => {
    const { provider } = replay(notFound(), 16);
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('nonexistent').doGenerate({ prompt: userPrompt('Hello') }),
    );
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(error.message, `Provider "cohere" answered 404: ${MESSAGE}`);
  });
});
