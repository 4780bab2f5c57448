import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import { MODEL_KINDS } from '../support/model-kinds.ts';
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
 * OpenAI Chat Completions for clients that do not speak OpenAI (the translated path through the
 * AI SDK's OpenAI chat model), fed real api.openai.com recordings, and OpenAI's recorded error
 * answers read into the gateway taxonomy.
 */

const API_KEY = 'sk-proj-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  openai:
    type: openai
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createOpenAICompatibleProvider(config, transport) };
}

const json = (path: string, status = 200): RecordedAnswer => fileAnswer(path, 'application/json', status);
const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream; charset=utf-8');

for (const [kind, modelOf] of MODEL_KINDS) {
  describe(`openai ${kind}: non-streamed recordings (doGenerate)`, () => {
    test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
      const registered = PROVIDER_FACTORIES.openai(config);
      assert.equal(registered.type, 'openai');
      assert.equal(registered.nativeProtocol, 'openai-chat');
      await registered.close();
    });

    test('vercel-ai openai-text.json: text, stop, usage; bearer to /v1/chat/completions', async () => {
      const { transport, provider } = replay(json('openai/chat-completions/vercel-ai/openai-text.json'), 128);
      const result = await modelOf(provider, 'gpt-4o').doGenerate({ prompt: userPrompt('Invent a holiday') });

      assert.equal(result.content.length, 1);
      const [text] = result.content;
      assert.ok(text?.type === 'text');
      assert.ok(text.text.startsWith('**Holiday Name:** Galaxy Day'));
      assert.ok(text.text.endsWith('inspiring individuals to look up and dream beyond our world.'));
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 16, noCache: 16, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 363, text: 363, reasoning: 0 },
      });

      const request = transport.onlyRequest();
      assert.equal(request.origin, 'https://api.openai.com');
      assert.equal(request.path, '/v1/chat/completions');
      assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
      const body = JSON.parse(request.bodyText) as { model: string; messages: unknown; stream?: boolean };
      assert.equal(body.model, 'gpt-4o');
      assert.deepEqual(body.messages, [{ role: 'user', content: 'Invent a holiday' }]);
      assert.equal(body.stream, undefined);
    });

    test('envoy chat-basic cassette (gpt-5-nano): reasoning_tokens 320 of 377 completion tokens', async () => {
      const { provider } = replay(
        cassetteAnswer('openai/chat-completions/envoy-ai-gateway/chat-basic.yaml', 0),
      );
      const result = await modelOf(provider, 'gpt-5-nano').doGenerate({ prompt: userPrompt('Hello!') });

      const [text] = result.content;
      assert.ok(text?.type === 'text');
      assert.ok(text.text.startsWith('Hi there! How can I help you today?'));
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 8, noCache: 8, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 377, text: 57, reasoning: 320 },
      });
    });

    test('envoy chat-tools cassette: one tool call with parsed arguments, tool_calls', async () => {
      const { provider } = replay(
        cassetteAnswer('openai/chat-completions/envoy-ai-gateway/chat-tools.yaml', 0),
      );
      const result = await modelOf(provider, 'gpt-5-nano').doGenerate({
        prompt: userPrompt('Weather in Boston?'),
        tools: [
          { type: 'function', name: 'get_current_weather', inputSchema: { type: 'object', properties: {} } },
        ],
      });

      assert.equal(result.content.length, 1);
      const [call] = result.content;
      assert.ok(call?.type === 'tool-call');
      assert.equal(call.toolCallId, 'call_8fxy20OEu9ulvvaa5b5CzVA4');
      assert.equal(call.toolName, 'get_current_weather');
      assert.deepEqual(JSON.parse(call.input), { location: 'Boston, MA', unit: 'fahrenheit' });
      assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 162, noCache: 162, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 287, text: 31, reasoning: 256 },
      });
    });

    test('pydantic-ai prompt-cache cassette (2nd call): cached_tokens 4012 is a cache read', async () => {
      const { provider } = replay(
        cassetteAnswer('openai/chat-completions/pydantic-ai/test_openai_chat_prompt_cache_e2e.yaml', 1),
      );
      const result = await modelOf(provider, 'gpt-4o').doGenerate({ prompt: userPrompt('Reply OK') });

      assert.deepEqual(result.content, [{ type: 'text', text: 'OK' }]);
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 4020, noCache: 8, cacheRead: 4012, cacheWrite: 0 },
        outputTokens: { total: 4, text: 4, reasoning: 0 },
      });
    });
  });

  describe(`openai ${kind}: streamed recordings (doStream)`, () => {
    test('openai-python stream-basic-text.sse, 7-byte chunks: text and the final usage chunk', async () => {
      const { transport, provider } = replay(
        sse('openai/chat-completions/openai-python/stream-basic-text.sse'),
        7,
      );
      const { stream } = await modelOf(provider, 'gpt-4o').doStream({
        prompt: userPrompt("What's the weather like in SF?"),
      });
      const parts = await readAllParts(stream);

      assert.equal(
        joinedDeltas(parts, 'text-delta'),
        "I'm unable to provide real-time weather updates. To get the current weather in San Francisco, I recommend checking a reliable weather website or a weather app.",
      );
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 14, noCache: 14, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 30, text: 30, reasoning: 0 },
      });
      const body = JSON.parse(transport.onlyRequest().bodyText) as {
        stream: boolean;
        stream_options: unknown;
      };
      assert.equal(body.stream, true);
      assert.deepEqual(body.stream_options, { include_usage: true });
    });

    test('openai-python stream-parallel-tool-calls.sse: two interleaved tool calls', async () => {
      const { provider } = replay(
        sse('openai/chat-completions/openai-python/stream-parallel-tool-calls.sse'),
        19,
      );
      const { stream } = await modelOf(provider, 'gpt-4o').doStream({
        prompt: userPrompt('Weather in Edinburgh and the AAPL price?'),
        tools: [
          { type: 'function', name: 'GetWeatherArgs', inputSchema: { type: 'object', properties: {} } },
          { type: 'function', name: 'get_stock_price', inputSchema: { type: 'object', properties: {} } },
        ],
      });
      const parts = await readAllParts(stream);

      assert.deepEqual(
        parts.flatMap((part) =>
          part.type === 'tool-call'
            ? [[part.toolCallId, part.toolName, JSON.parse(part.input) as unknown]]
            : [],
        ),
        [
          [
            'call_JMW1whyEaYG438VE1OIflxA2',
            'GetWeatherArgs',
            { city: 'Edinburgh', country: 'GB', units: 'c' },
          ],
          ['call_DNYTawLBoN8fj3KN6qU9N1Ou', 'get_stock_price', { ticker: 'AAPL', exchange: 'NASDAQ' }],
        ],
      );
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 149, noCache: 149, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 60, text: 60, reasoning: 0 },
      });
    });

    test('openai-python stream-tool-call-strict.sse: one strict tool call', async () => {
      const { provider } = replay(
        sse('openai/chat-completions/openai-python/stream-tool-call-strict.sse'),
        3,
      );
      const { stream } = await modelOf(provider, 'gpt-4o').doStream({
        prompt: userPrompt('Weather in Edinburgh?'),
        tools: [
          { type: 'function', name: 'GetWeatherArgs', inputSchema: { type: 'object', properties: {} } },
        ],
      });
      const parts = await readAllParts(stream);

      const calls = parts.filter((part) => part.type === 'tool-call');
      assert.equal(calls.length, 1);
      assert.ok(calls[0]?.type === 'tool-call');
      assert.equal(calls[0].toolName, 'GetWeatherArgs');
      assert.deepEqual(JSON.parse(calls[0].input), { city: 'Edinburgh', country: 'UK', units: 'c' });
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 76, noCache: 76, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 24, text: 24, reasoning: 0 },
      });
    });

    test('envoy detailed-usage SSE (gpt-5-nano): all 100 tokens spent reasoning, finish length', async () => {
      const { provider } = replay(
        sse(
          'openai/chat-completions/envoy-ai-gateway/extracted/chat-streaming-detailed-usage.0.200.response.sse',
        ),
        11,
      );
      const { stream } = await modelOf(provider, 'gpt-5-nano').doStream({ prompt: userPrompt('Hello') });
      const parts = await readAllParts(stream);

      assert.equal(joinedDeltas(parts, 'text-delta'), '');
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'length', raw: 'length' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: undefined },
        outputTokens: { total: 100, text: 0, reasoning: 100 },
      });
    });
  });

  describe(`openai ${kind}: recorded error answers`, () => {
    const cases = [
      {
        name: 'crewai 401 invalid_api_key',
        answer: () =>
          json('openai/errors/crewai/extracted/test_get_knowledge_search_query.3.401.response.json', 401),
        code: 'upstream_auth',
        clientCode: 'invalid_api_key',
        param: null,
        message:
          'Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.',
      },
      {
        name: 'envoy 404 model_not_found',
        answer: () =>
          json('openai/errors/envoy-ai-gateway/extracted/chat-unknown-model.0.404.response.json', 404),
        code: 'upstream_not_found',
        clientCode: 'model_not_found',
        param: null,
        message: 'The model `gpt-4.1-nano-wrong` does not exist or you do not have access to it.',
      },
      {
        name: 'envoy 400 empty_array (messages: [])',
        answer: () =>
          json('openai/errors/envoy-ai-gateway/extracted/chat-no-messages.0.400.response.json', 400),
        code: 'upstream_invalid_request',
        clientCode: 'empty_array',
        param: 'messages',
        message: "Invalid 'messages': empty array.",
      },
      {
        name: 'envoy 400 unsupported_parameter with x-ratelimit headers',
        answer: () => cassetteAnswer('openai/errors/envoy-ai-gateway/chat-bad-request.yaml', 0),
        code: 'upstream_invalid_request',
        clientCode: 'unsupported_parameter',
        param: 'max_tokens',
        message: "Unsupported parameter: 'max_tokens' is not supported with this model.",
      },
      {
        name: 'vercel-ai 400 unsupported temperature (code null)',
        answer: () => json('openai/errors/vercel-ai/reasoning-model-temperature-error.json', 400),
        code: 'upstream_invalid_request',
        clientCode: 'upstream_invalid_request',
        param: 'temperature',
        message: "Unsupported parameter: 'temperature' is not supported with this model.",
      },
      {
        // The fixture stores the body only; OpenAI sends insufficient_quota with HTTP 429.
        name: 'vercel-ai 429 insufficient_quota (the account, not a rate: no retry)',
        answer: () => json('openai/errors/vercel-ai/openai-error.1.json', 429),
        code: 'upstream_auth',
        clientCode: 'insufficient_quota',
        param: null,
        message: 'You exceeded your current quota, please check your plan and billing details.',
      },
      {
        name: 'crewai 503 text/plain from the edge proxy',
        answer: () => cassetteAnswer('openai/errors/crewai/test_task_allow_crewai_trigger_context.yaml', 0),
        code: 'upstream_overloaded',
        clientCode: 'upstream_overloaded',
        param: null,
        message:
          'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      },
    ] as const;

    for (const item of cases) {
      test(`classifyError: ${item.name} → ${item.code}`, () => {
        const answer = item.answer();
        const { provider } = replay(answer);
        const error = provider.classifyError(answer.status, answer.headers, answer.body.toString('utf8'));
        assert.equal(error.code, item.code);
        assert.equal(error.upstreamStatus, answer.status);
        assert.equal(error.provider, 'openai');
        assert.equal(error.clientCode, item.clientCode);
        assert.equal(error.param, item.param);
        assert.equal(error.retryAfterSeconds, undefined, 'no recording carries retry-after');
        assert.ok(error.message.startsWith(`Provider "openai" answered ${answer.status}: `), error.message);
        assert.ok(error.message.includes(item.message), error.message);
      });

      test(`doGenerate against ${item.name} rejects and classifies as ${item.code}`, async () => {
        const { transport, provider } = replay(item.answer(), 32);
        const error = await canonicalRejection(provider, () =>
          modelOf(provider, 'gpt-4o').doGenerate({ prompt: userPrompt('Hello') }),
        );
        assert.equal(error.code, item.code);
        assert.ok(error.message.includes(item.message), error.message);
        assert.equal(transport.requests.length, 1);
      });
    }

    test('the 503 cassette then answered 200: a second call through the same provider succeeds', async () => {
      const transport = new ReplayTransport(
        replayOf(cassetteAnswer('openai/errors/crewai/test_task_allow_crewai_trigger_context.yaml', 0)),
        replayOf(cassetteAnswer('openai/errors/crewai/test_task_allow_crewai_trigger_context.yaml', 1)),
      );
      const provider = createOpenAICompatibleProvider(config, transport);
      const model = modelOf(provider, 'gpt-4o-mini');
      const error = await canonicalRejection(provider, () =>
        model.doGenerate({ prompt: userPrompt('Hello') }),
      );
      assert.equal(error.code, 'upstream_overloaded');
      const result = await model.doGenerate({ prompt: userPrompt('Hello') });
      assert.equal(result.finishReason.unified, 'stop');
      assert.ok(result.content.some((part) => part.type === 'text' && part.text.length > 0));
      assert.equal(transport.requests.length, 2);
    });
  });
}
