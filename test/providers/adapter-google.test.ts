import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGoogleProvider } from '../../src/providers/google/google-provider.ts';
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

/** Gemini API (generateContent / streamGenerateContent) through the AI SDK adapter, fed real recordings. */

const API_KEY = 'AIzaSy-replay-test-key-000000';
const config = providerConfigFromYaml(`
providers:
  gemini:
    type: google
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createGoogleProvider(config, transport) };
}

const json = (path: string, status = 200): RecordedAnswer =>
  fileAnswer(path, 'application/json; charset=UTF-8', status);
const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream');

describe('google adapter: non-streamed recordings (doGenerate)', () => {
  test('the registry builds the same provider type, translated only', async () => {
    const registered = PROVIDER_FACTORIES.google(config);
    assert.equal(registered.type, 'google');
    assert.equal(registered.nativeProtocol, undefined);
    await registered.close();
  });

  test('vercel-ai google-text.json: text with thought signature, STOP, thoughts counted as reasoning', async () => {
    const { transport, provider } = replay(json('google/gemini/vercel-ai/google-text.json'), 32);
    const result = await provider.languageModel('gemini-3-pro-preview').doGenerate({
      prompt: userPrompt('How many r in strawberry?'),
    });

    assert.equal(result.content.length, 1);
    const [text] = result.content;
    assert.ok(text?.type === 'text');
    assert.equal(
      text.text,
      "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
    );
    assert.ok(
      (
        text.providerMetadata?.google as { thoughtSignature?: string } | undefined
      )?.thoughtSignature?.startsWith('EtoFCtcFAb4+9vtfe4MXRxQjw48U1WKrR'),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'STOP' });
    // promptTokenCount 9, candidatesTokenCount 28, thoughtsTokenCount 244 (totalTokenCount 281).
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 272, text: 28, reasoning: 244 },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://generativelanguage.googleapis.com');
    assert.equal(request.path, '/v1beta/models/gemini-3-pro-preview:generateContent');
    assert.equal(request.headers['x-goog-api-key'], API_KEY);
    assert.equal(request.headers.authorization, undefined);
    const body = JSON.parse(request.bodyText) as { contents: unknown };
    assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'How many r in strawberry?' }] }]);
  });

  test('vercel-ai google-tool-call.json: a functionCall becomes a tool call, finish tool-calls', async () => {
    const { provider } = replay(json('google/gemini/vercel-ai/google-tool-call.json'));
    const result = await provider.languageModel('gemini-3-pro-preview').doGenerate({
      prompt: userPrompt('Weather in San Francisco?'),
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
    });

    assert.equal(result.content.length, 1);
    const [call] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolName, 'weather');
    assert.ok(call.toolCallId.length > 0, 'Gemini sends no id: the adapter makes one');
    assert.deepEqual(JSON.parse(call.input), { location: 'San Francisco' });
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'STOP' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 29, noCache: 29, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 908, text: 15, reasoning: 893 },
    });
  });

  test('pydantic-ai cached-content cassette: cachedContentTokenCount 3512 is a cache read', async () => {
    const { provider } = replay(
      cassetteAnswer('google/gemini/pydantic-ai/test_google_model_cached_content.yaml', 1),
    );
    const result = await provider
      .languageModel('gemini-2.5-flash')
      .doGenerate({ prompt: userPrompt('Capital?') });

    assert.deepEqual(
      result.content.map((part) => (part.type === 'text' ? part.text : part.type)),
      ['Paris.'],
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 3520, noCache: 8, cacheRead: 3512, cacheWrite: undefined },
      outputTokens: { total: 44, text: 2, reasoning: 42 },
    });
  });

  test('pydantic-ai thinking cassette: a thought part becomes reasoning, then the text', async () => {
    const { provider } = replay(
      cassetteAnswer('google/gemini/pydantic-ai/test_google_model_thinking_part.yaml', 0),
    );
    const result = await provider.languageModel('gemini-3-pro-preview').doGenerate({
      prompt: userPrompt('How do I cross the street?'),
    });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['reasoning', 'text'],
    );
    const [reasoning, text] = result.content;
    assert.ok(reasoning?.type === 'reasoning');
    assert.ok(reasoning.text.startsWith('**A Safe Street-Crossing Guide: My Thought Process**'));
    assert.ok(text?.type === 'text');
    assert.ok(text.text.startsWith('Crossing the street safely is a fundamental skill'));
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 29, noCache: 29, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 1737, text: 736, reasoning: 1001 },
    });
  });
});

describe('google adapter: streamed recordings (doStream)', () => {
  test('pydantic-ai SSE with CRLF framing, cut into 3-byte chunks: text, STOP and the last usage', async () => {
    const { transport, provider } = replay(
      sse('google/gemini/pydantic-ai/extracted/test_google_model_stream.0.200.response.sse'),
      3,
    );
    const { stream } = await provider.languageModel('gemini-2.0-flash-exp').doStream({
      prompt: userPrompt('What is the capital of France?'),
    });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'The capital of France is Paris.\n');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 13, noCache: 13, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 8, text: 8, reasoning: 0 },
    });
    assert.equal(parts.filter((part) => part.type === 'error').length, 0);

    const request = transport.onlyRequest();
    assert.equal(request.path, '/v1beta/models/gemini-2.0-flash-exp:streamGenerateContent?alt=sse');
    assert.equal(request.headers['x-goog-api-key'], API_KEY);
  });

  test('fantasy thinking stream: thought text as reasoning, then a functionCall tool call', async () => {
    const { provider } = replay(
      sse('google/gemini/fantasy/extracted/gemini-2.5-flash__thinking-streaming.0.200.response.sse'),
      11,
    );
    const { stream } = await provider.languageModel('gemini-2.5-flash').doStream({
      prompt: userPrompt("What's the weather in Florence, Italy?"),
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(stream);

    const reasoning = joinedDeltas(parts, 'reasoning-delta');
    assert.ok(reasoning.startsWith('**Determining the Weather Inquiry**\n\n'));
    assert.ok(reasoning.includes('I will set the `location` parameter to "Florence, Italy"'));
    assert.equal(joinedDeltas(parts, 'text-delta'), '');
    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolName, 'weather');
    assert.deepEqual(JSON.parse(calls[0].input), { location: 'Florence, Italy' });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'STOP' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 54, noCache: 54, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 76, text: 14, reasoning: 62 },
    });
  });

  test('vercel-ai google-text.chunks.txt re-framed as SSE: text and thoughts usage', async () => {
    const { provider } = replay(chunksAsSse('google/gemini/vercel-ai/google-text.chunks.txt'), 17);
    const { stream } = await provider
      .languageModel('gemini-3-pro-preview')
      .doStream({ prompt: userPrompt('r?') });
    const parts = await readAllParts(stream);

    assert.equal(
      joinedDeltas(parts, 'text-delta'),
      'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y',
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 208, text: 23, reasoning: 185 },
    });
  });
});

describe('google adapter: recorded error answers', () => {
  const cases = [
    {
      name: 'vercel-ai 429 RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo',
      answer: () => json('google/errors/vercel-ai/google-429-retry-info.json', 429),
      status: 429,
      code: 'rate_limited',
      clientCode: 'RESOURCE_EXHAUSTED',
      message: 'You exceeded your current quota, please check your plan.',
    },
    {
      name: 'crewai 429 RESOURCE_EXHAUSTED with the real response headers',
      answer: () =>
        cassetteAnswer(
          'google/errors/crewai/TestAgentMultimodalGemini.test_video_file[gemini-gemini-2.0-flash].yaml',
          0,
        ),
      status: 429,
      code: 'rate_limited',
      clientCode: 'RESOURCE_EXHAUSTED',
      message: 'Resource exhausted. Please try again later.',
    },
    {
      name: 'pydantic-ai 404 NOT_FOUND (misspelt model)',
      answer: () => cassetteAnswer('google/errors/pydantic-ai/test_model_name_suggestion[google].yaml', 0),
      status: 404,
      code: 'upstream_not_found',
      clientCode: 'NOT_FOUND',
      message: 'models/gemini-3.6-flahs is not found for API version v1beta',
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
      assert.equal(error.provider, 'gemini');
      assert.equal(error.clientCode, item.clientCode);
      assert.ok(error.message.startsWith(`Provider "gemini" answered ${item.status}: `), error.message);
      assert.ok(error.message.includes(item.message), error.message);
    });

    test(`doGenerate against ${item.name} rejects and classifies as ${item.code}`, async () => {
      const { transport, provider } = replay(item.answer(), 40);
      const error = await canonicalRejection(provider, () =>
        provider.languageModel('gemini-2.0-flash').doGenerate({ prompt: userPrompt('Hello') }),
      );
      assert.equal(error.code, item.code);
      assert.equal(error.upstreamStatus, item.status);
      assert.ok(error.message.includes(item.message), error.message);
      assert.equal(transport.requests.length, 1);
    });
  }

  test('crewai 429 without a Retry-After header or RetryInfo gets the default retry-after (1 s)', () => {
    const answer = cassetteAnswer(
      'google/errors/crewai/TestAgentMultimodalGemini.test_video_file[gemini-gemini-2.0-flash].yaml',
      0,
    );
    assert.equal(answer.headers['retry-after'], undefined);
    const { provider } = replay(answer);
    assert.equal(
      provider.classifyError(429, answer.headers, answer.body.toString('utf8')).retryAfterSeconds,
      1,
    );
  });

  test('the 429 body RetryInfo.retryDelay "34.4s" becomes retryAfterSeconds 35, also after doGenerate', async () => {
    const answer = json('google/errors/vercel-ai/google-429-retry-info.json', 429);
    const { provider } = replay(answer);
    assert.equal(
      provider.classifyError(429, answer.headers, answer.body.toString('utf8')).retryAfterSeconds,
      35,
    );
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('gemini-2.0-flash').doGenerate({ prompt: userPrompt('Hello') }),
    );
    assert.equal(error.retryAfterSeconds, 35);
  });

  test('crewai 400 INVALID_ARGUMENT "API key not valid" keeps Google\'s message', () => {
    const answer = json(
      'google/errors/crewai/extracted/test_google_streaming_returns_usage_metrics.0.400.response.json',
      400,
    );
    const { provider } = replay(answer);
    const error = provider.classifyError(400, answer.headers, answer.body.toString('utf8'));
    assert.equal(error.upstreamStatus, 400);
    assert.equal(error.clientCode, 'INVALID_ARGUMENT');
    assert.equal(
      error.message,
      'Provider "gemini" answered 400: API key not valid. Please pass a valid API key.',
    );
  });

  test("crewai 400 with ErrorInfo reason API_KEY_INVALID is the gateway's credential: upstream_auth", () => {
    const answer = json(
      'google/errors/crewai/extracted/test_google_streaming_returns_usage_metrics.0.400.response.json',
      400,
    );
    const { provider } = replay(answer);
    assert.equal(
      provider.classifyError(400, answer.headers, answer.body.toString('utf8')).code,
      'upstream_auth',
    );
  });

  test('doStream against the recorded 400 (the SSE endpoint answered JSON) rejects before any part', async () => {
    const { transport, provider } = replay(
      json(
        'google/errors/crewai/extracted/test_google_streaming_returns_usage_metrics.0.400.response.json',
        400,
      ),
    );
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('gemini-2.0-flash').doStream({ prompt: userPrompt('Hello') }),
    );
    assert.equal(error.upstreamStatus, 400);
    assert.ok(error.message.includes('API key not valid.'));
    assert.equal(
      transport.onlyRequest().path,
      '/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse',
    );
  });
});
