import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAnthropicProvider } from '../../src/providers/anthropic/anthropic-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import { MODEL_KINDS } from '../support/model-kinds.ts';
import {
  canonicalRejection,
  cassetteAnswer,
  chunksAsSse,
  fileAnswer,
  finishPart,
  joinedDeltas,
  partMetadata,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  snapshotAnswer,
  tokenCounts,
  userPrompt,
} from '../support/replay-transport.ts';

/** Anthropic Messages API through the AI SDK adapter, fed real api.anthropic.com recordings. */

const API_KEY = 'sk-ant-api03-replay-test-key';
const config = providerConfigFromYaml(`
providers:
  claude:
    type: anthropic
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createAnthropicProvider(config, transport) };
}

const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream; charset=utf-8');
const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');

for (const [kind, modelOf] of MODEL_KINDS) {
  describe(`anthropic ${kind}: non-streamed recordings (doGenerate)`, () => {
    test('the registry builds the same provider type with its native protocol', async () => {
      const registered = PROVIDER_FACTORIES.anthropic(config);
      assert.equal(registered.type, 'anthropic');
      assert.equal(registered.nativeProtocol, 'anthropic-messages');
      await registered.close();
      assert.equal(
        replay(json('anthropic/messages/vercel-ai/anthropic-text.json')).provider.nativeProtocol,
        'anthropic-messages',
      );
    });

    test('vercel-ai anthropic-text.json: text, end_turn, usage; request to /v1/messages with x-api-key', async () => {
      const { transport, provider } = replay(json('anthropic/messages/vercel-ai/anthropic-text.json'), 64);
      const result = await modelOf(provider, 'claude-sonnet-4-5').doGenerate({ prompt: userPrompt('Hello') });

      assert.deepEqual(result.content, [
        {
          type: 'text',
          text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
        },
      ]);
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 29, text: undefined, reasoning: undefined },
      });

      const request = transport.onlyRequest();
      assert.equal(request.origin, 'https://api.anthropic.com');
      assert.equal(request.path, '/v1/messages');
      assert.equal(request.method, 'POST');
      assert.equal(request.headers['x-api-key'], API_KEY);
      assert.equal(request.headers['anthropic-version'], '2023-06-01');
      assert.equal(request.headers.authorization, undefined);
      const body = JSON.parse(request.bodyText) as { model: string; stream?: boolean; messages: unknown[] };
      assert.equal(body.model, 'claude-sonnet-4-5');
      assert.notEqual(body.stream, true);
      assert.deepEqual(body.messages, [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
    });

    test('vercel-ai anthropic-tool-no-args.json: text then a tool call with empty arguments', async () => {
      const { provider } = replay(json('anthropic/messages/vercel-ai/anthropic-tool-no-args.json'));
      const result = await modelOf(provider, 'claude-3-opus-20240229').doGenerate({
        prompt: userPrompt('Update the issue list'),
        tools: [
          { type: 'function', name: 'updateIssueList', inputSchema: { type: 'object', properties: {} } },
        ],
      });

      assert.equal(result.content.length, 2);
      const [text, call] = result.content;
      assert.equal(text?.type, 'text');
      assert.ok(text?.type === 'text' && text.text.endsWith('Okay, I will update the current issue list:'));
      assert.equal(call?.type, 'tool-call');
      assert.ok(call?.type === 'tool-call');
      assert.equal(call.toolCallId, 'toolu_01LRmxn9vGM1d2DZSDBowdZ1');
      assert.equal(call.toolName, 'updateIssueList');
      assert.deepEqual(JSON.parse(call.input), {});
      assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 602, noCache: 602, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 93, text: undefined, reasoning: undefined },
      });
    });

    test('pydantic-ai cache cassette (2nd call): cache write 418 and cache read 1111 on top of 3 fresh tokens', async () => {
      const { provider } = replay(
        cassetteAnswer('anthropic/messages/pydantic-ai/test_anthropic_cache_real_api.yaml', 1),
      );
      const result = await modelOf(provider, 'claude-sonnet-4-5').doGenerate({
        prompt: userPrompt('Summarize'),
      });

      assert.deepEqual(result.content, [
        {
          type: 'text',
          text: 'Python is a beginner-friendly, versatile programming language widely used for web development, data science, machine learning, automation, and scientific computing.',
        },
      ]);
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 1532, noCache: 3, cacheRead: 1111, cacheWrite: 418 },
        outputTokens: { total: 33, text: undefined, reasoning: undefined },
      });
    });

    test('pydantic-ai thinking cassette: a reasoning part with its signature, then the text', async () => {
      const { provider } = replay(
        cassetteAnswer('anthropic/messages/pydantic-ai/test_anthropic_model_thinking_part.yaml', 0),
      );
      const result = await modelOf(provider, 'claude-sonnet-4-5').doGenerate({
        prompt: userPrompt('How do I cross the street?'),
      });

      const [reasoning, text] = result.content;
      assert.ok(reasoning?.type === 'reasoning');
      assert.equal(
        reasoning.text,
        'This is a straightforward question about pedestrian safety. I should provide clear, practical advice about crossing the street safely.',
      );
      const signature = (reasoning.providerMetadata?.anthropic as { signature?: string } | undefined)
        ?.signature;
      assert.ok(signature?.startsWith('Eq8CCkYICxgCKkDdadQOXMzNBqjrNVAKWsgUfg49NpPg026zBGxIIGwEHVCq0JTW'));
      assert.ok(text?.type === 'text');
      assert.ok(text.text.startsWith("Here's how to cross the street safely:\n\n## Basic Steps"));
      assert.ok(text.text.endsWith('so stay alert and make safe choices.'));
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    });
  });

  describe(`anthropic ${kind}: streamed recordings (doStream)`, () => {
    test('fantasy tool_streaming SSE, cut into 7-byte chunks: text, input_json_delta tool call, tool_use', async () => {
      const { transport, provider } = replay(
        sse('anthropic/messages/fantasy/extracted/claude-sonnet-4__tool_streaming.0.200.response.sse'),
        7,
      );
      const { stream } = await modelOf(provider, 'claude-sonnet-4-20250514').doStream({
        prompt: userPrompt("What's the weather in Florence,Italy?"),
        tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
      });
      const parts = await readAllParts(stream);

      assert.equal(joinedDeltas(parts, 'text-delta'), "I'll check the weather in Florence, Italy for you.");
      const calls = parts.filter((part) => part.type === 'tool-call');
      assert.equal(calls.length, 1);
      const [call] = calls;
      assert.ok(call?.type === 'tool-call');
      assert.equal(call.toolCallId, 'toolu_01XyYVp2FLhsEv6yVQH9basi');
      assert.equal(call.toolName, 'weather');
      assert.deepEqual(JSON.parse(call.input), { location: 'Florence,Italy' });
      const inputDeltas = parts.flatMap((part) => (part.type === 'tool-input-delta' ? [part.delta] : []));
      assert.equal(inputDeltas.join(''), '{"location": "Florence,Italy"}');
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 394, noCache: 394, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 66, text: undefined, reasoning: undefined },
      });
      assert.equal(parts.filter((part) => part.type === 'error').length, 0);

      const request = transport.onlyRequest();
      assert.equal(request.path, '/v1/messages');
      assert.equal(request.headers['x-api-key'], API_KEY);
      assert.equal((JSON.parse(request.bodyText) as { stream: boolean }).stream, true);
      assert.ok((transport.exchanges[0]?.delivered ?? 0) > 100, 'the body arrived in many chunks');
    });

    test('pydantic-ai thinking stream: thinking_delta text and signature_delta, then text', async () => {
      const { provider } = replay(
        sse(
          'anthropic/messages/pydantic-ai/extracted/test_anthropic_model_thinking_part_stream.0.200.response.sse',
        ),
        13,
      );
      const { stream } = await modelOf(provider, 'claude-sonnet-4-20250514').doStream({
        prompt: userPrompt('How do I cross the street?'),
      });
      const parts = await readAllParts(stream);

      assert.equal(
        joinedDeltas(parts, 'reasoning-delta'),
        'This is a straightforward question about pedestrian safety. I should provide clear, helpful advice about how to safely cross a street. This is basic safety information that could help prevent accidents.',
      );
      const signatures = parts.flatMap((part) => {
        const signature = partMetadata(part, 'anthropic')?.signature as string | undefined;
        return part.type.startsWith('reasoning') && signature !== undefined ? [signature] : [];
      });
      assert.equal(signatures.length, 1);
      assert.ok(
        signatures[0]?.startsWith('EvMCCkYICxgCKkCHP2cSuEdcJK/0rFwqES/ecn+VurRpNTwI4XNyM0vnNfGsc9Om'),
      );
      const text = joinedDeltas(parts, 'text-delta');
      assert.ok(
        text.startsWith(
          'Here are the basic steps for safely crossing the street:\n\n**At intersections with traffic lights',
        ),
      );
      const finish = finishPart(parts);
      assert.equal(finish.finishReason.unified, 'stop');
      assert.equal(finish.finishReason.raw, 'end_turn');
      assert.equal(finish.usage.inputTokens.total, 43);
      assert.equal(finish.usage.inputTokens.noCache, 43);
    });

    test('crewai cached-prompt stream: cache_read_input_tokens 1217 in message_start', async () => {
      const { provider } = replay(
        sse(
          'anthropic/messages/crewai/extracted/test_anthropic_streaming_cached_prompt_tokens.1.200.response.sse',
        ),
        5,
      );
      const { stream } = await modelOf(provider, 'claude-sonnet-4-5').doStream({ prompt: userPrompt('Bye') });
      const parts = await readAllParts(stream);

      assert.equal(joinedDeltas(parts, 'text-delta'), 'Goodbye.');
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 1220, noCache: 3, cacheRead: 1217, cacheWrite: 0 },
        outputTokens: { total: 6, text: undefined, reasoning: undefined },
      });
    });

    test('vercel-ai anthropic-text.chunks.txt re-framed as SSE (event: <type>): text and usage', async () => {
      const { provider } = replay(
        chunksAsSse('anthropic/messages/vercel-ai/anthropic-text.chunks.txt', { eventField: 'type' }),
        3,
      );
      const { stream } = await modelOf(provider, 'claude-sonnet-4-5').doStream({
        prompt: userPrompt('Hello'),
      });
      const parts = await readAllParts(stream);

      assert.equal(
        joinedDeltas(parts, 'text-delta'),
        "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
      );
      const finish = finishPart(parts);
      assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
      assert.deepEqual(tokenCounts(finish.usage), {
        inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
        outputTokens: { total: 30, text: undefined, reasoning: undefined },
      });
    });
  });

  describe(`anthropic ${kind}: recorded error answers`, () => {
    const cases = [
      {
        name: 'anthropic-sdk-python 429 rate_limit_error (x-should-retry: true)',
        answer: () => snapshotAnswer('anthropic/errors/anthropic-sdk-python/rate-limit-429-then-200.json', 0),
        code: 'rate_limited',
        status: 429,
        clientCode: 'rate_limit_error',
        message:
          "This request would exceed your organization's rate limit of 20,000,000 prompt bytes per hour",
      },
      {
        name: 'anthropic-sdk-python 400 invalid_request_error (orphan tool_result)',
        answer: () =>
          snapshotAnswer('anthropic/errors/anthropic-sdk-python/invalid-request-400-tool-result.json', 1),
        code: 'upstream_invalid_request',
        status: 400,
        clientCode: 'invalid_request_error',
        message:
          'messages.0.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_01GHndag5wQmbzNihYmV2UBj.',
      },
      {
        name: 'pydantic-ai 404 not_found_error (misspelt model)',
        answer: () =>
          cassetteAnswer('anthropic/errors/pydantic-ai/test_model_name_suggestion[anthropic].yaml', 0),
        code: 'upstream_not_found',
        status: 404,
        clientCode: 'not_found_error',
        message: 'model: claude-sonet-4-5',
      },
      {
        name: 'pydantic-ai 404 not_found_error on count_tokens',
        answer: () =>
          cassetteAnswer('anthropic/errors/pydantic-ai/test_anthropic_count_tokens_error.yaml', 0),
        code: 'upstream_not_found',
        status: 404,
        clientCode: 'not_found_error',
        message: 'model: claude-does-not-exist',
      },
      {
        name: 'pydantic-ai 400 invalid_request_error (unsupported effort level)',
        answer: () =>
          cassetteAnswer(
            'anthropic/errors/pydantic-ai/test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml',
            0,
          ),
        code: 'upstream_invalid_request',
        status: 400,
        clientCode: 'invalid_request_error',
        message:
          "This model does not support effort level 'xhigh'. Supported levels: high, low, max, medium.",
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
        assert.equal(error.provider, 'claude');
        assert.equal(error.clientCode, item.clientCode);
        // No retry-after header in these recordings: a 429 gets the gateway's default of 1 s.
        assert.equal(error.retryAfterSeconds, item.code === 'rate_limited' ? 1 : undefined);
        assert.ok(error.message.startsWith(`Provider "claude" answered ${item.status}: `), error.message);
        assert.ok(error.message.includes(item.message), error.message);
      });

      test(`doGenerate against ${item.name} rejects and classifies as ${item.code}`, async () => {
        const { transport, provider } = replay(item.answer(), 50);
        const error = await canonicalRejection(provider, () =>
          modelOf(provider, 'claude-sonnet-4-5').doGenerate({ prompt: userPrompt('Hello') }),
        );
        assert.equal(error.code, item.code);
        assert.equal(error.upstreamStatus, item.status);
        assert.ok(error.message.includes(item.message), error.message);
        assert.equal(transport.requests.length, 1, 'the adapter does not retry by itself');
      });
    }

    test('doStream against the 429 rejects before any part and classifies as rate_limited', async () => {
      const { provider } = replay(
        snapshotAnswer('anthropic/errors/anthropic-sdk-python/rate-limit-429-then-stream-200.json', 0),
      );
      const error = await canonicalRejection(provider, () =>
        modelOf(provider, 'claude-sonnet-4-5').doStream({ prompt: userPrompt('Hello') }),
      );
      assert.equal(error.code, 'rate_limited');
      assert.equal(error.status, 429);
    });
  });
}
