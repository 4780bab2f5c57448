import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifyCanonicalError } from '../../src/protocol/canonical/canonical-error.ts';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  canonicalRejection,
  cassetteAnswer,
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
 * OpenRouter (OpenAI-compatible, served by the generic OpenAI-compatible model), built as
 * `provider-registry.ts` builds it, fed real openrouter.ai recordings: SSE with `: OPENROUTER
 * PROCESSING` comments, `reasoning` deltas, error answers and an error inside a 200 stream.
 */

const API_KEY = 'sk-or-v1-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  openrouter:
    type: openrouter
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createOpenAICompatibleProvider(config, transport) };
}

const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream');

describe('openrouter adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.openrouter(config);
    assert.equal(registered.type, 'openrouter');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('doStream, pydantic-ai reasoning SSE with comment lines, 8-byte chunks: reasoning, text, usage', async () => {
    const { transport, provider } = replay(
      sse(
        'openrouter/chat-completions/pydantic-ai/extracted/test_openrouter_streaming_reasoning.0.200.response.sse',
      ),
      8,
    );
    const result = await provider
      .languageModel('anthropic/claude-sonnet-4.5')
      .doStream({ prompt: userPrompt('What is 2+2?') });
    const parts = await readAllParts(result.stream);

    assert.equal(
      joinedDeltas(parts, 'reasoning-delta'),
      'This is a simple arithmetic question. 2+2 equals 4.',
    );
    assert.equal(joinedDeltas(parts, 'text-delta'), '2 + 2 = 4');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 43, noCache: 43, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 36, text: 23, reasoning: 13 },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://openrouter.ai');
    assert.equal(request.path, '/api/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal((JSON.parse(request.bodyText) as { model: string }).model, 'anthropic/claude-sonnet-4.5');
  });
});

describe('openrouter adapter: recorded error answers', () => {
  const cases = [
    {
      name: 'crewai 401 {"error":{"message","code":401}}',
      answer: () =>
        fileAnswer(
          'openrouter/errors/crewai/extracted/test_agent_with_knowledge_with_no_crewai_knowledge.0.401.response.json',
          'application/json',
          401,
        ),
      status: 401,
      code: 'upstream_auth',
      message: 'No cookie auth credentials found',
    },
    {
      // OpenRouter puts the upstream's own words in error.metadata.raw; the reader keeps error.message.
      name: 'pydantic-ai 429 "Provider returned error" (upstream Google rate-limited)',
      answer: () => cassetteAnswer('openrouter/errors/pydantic-ai/test_openrouter_errors_raised.yaml', 0),
      status: 429,
      code: 'rate_limited',
      message: 'Provider returned error',
    },
  ] as const;

  for (const item of cases) {
    test(`classifyError: ${item.name} → ${item.code}`, () => {
      const answer = item.answer();
      assert.equal(answer.status, item.status);
      const { provider } = replay(answer);
      const error = provider.classifyError(answer.status, answer.headers, answer.body.toString('utf8'));
      assert.equal(error.code, item.code);
      assert.equal(error.upstreamStatus, item.status);
      assert.equal(error.clientCode, String(item.status), 'OpenRouter sends the HTTP status as error.code');
      // No retry-after header in these recordings: a 429 gets the gateway's default of 1 s.
      assert.equal(error.retryAfterSeconds, item.code === 'rate_limited' ? 1 : undefined);
      assert.equal(error.message, `Provider "openrouter" answered ${item.status}: ${item.message}`);
    });

    test(`doGenerate against ${item.name} rejects and classifies as ${item.code}`, async () => {
      const { provider } = replay(item.answer(), 24);
      const error = await canonicalRejection(provider, () =>
        provider
          .languageModel('google/gemini-2.0-flash-exp:free')
          .doGenerate({ prompt: userPrompt('Hello') }),
      );
      assert.equal(error.code, item.code);
      assert.equal(error.message, `Provider "openrouter" answered ${item.status}: ${item.message}`);
    });
  }

  const inStreamError = (): RecordedAnswer =>
    sse('openrouter/errors/pydantic-ai/extracted/test_openrouter_stream_error.0.200.response.sse');

  test('doStream, pydantic-ai 200 stream whose last chunk carries {"error":{"code":400,"message":"Token limit reached"}}', async () => {
    const { provider } = replay(inStreamError(), 16);
    const result = await provider
      .languageModel('minimax/minimax-m2:free')
      .doStream({ prompt: userPrompt('Hello') });
    const parts = await readAllParts(result.stream);

    assert.equal(joinedDeltas(parts, 'reasoning-delta'), 'We need to respond to a greeting. The user');
    const errors = parts.filter((part) => part.type === 'error');
    assert.equal(errors.length, 1);
    const detail =
      errors[0]?.type === 'error' ? (errors[0].error as { message?: string; code?: number }) : undefined;
    assert.equal(detail?.message, 'Token limit reached');
    assert.equal(detail?.code, 400);
    assert.equal(finishPart(parts).finishReason.unified, 'error');
  });

  test("the in-stream error part classifies with OpenRouter's message, not as an unreadable answer", async () => {
    const { provider } = replay(inStreamError());
    const result = await provider
      .languageModel('minimax/minimax-m2:free')
      .doStream({ prompt: userPrompt('Hello') });
    const part = (await readAllParts(result.stream)).find((item) => item.type === 'error');
    const error = classifyCanonicalError(part?.type === 'error' ? part.error : undefined, provider, false);
    assert.notEqual(error.code, 'upstream_malformed');
    assert.ok(error.message.includes('Token limit reached'), error.message);
  });
});
