import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGroq } from '@ai-sdk/groq';
import { classifyCanonicalError } from '../../src/protocol/canonical/canonical-error.ts';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  assertTokenCounts,
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
  UNREPORTED,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Groq (OpenAI-compatible chat with `reasoning` and `x_groq` extensions), built as
 * `provider-registry.ts` builds it, fed real api.groq.com recordings, including its error answers
 * and an error sent inside a 200 stream.
 */

const API_KEY = 'gsk_replay_test_key_0123456789';
const config = providerConfigFromYaml(`
providers:
  groq-us:
    type: groq
    api_key: ${API_KEY}
`);

/** What `PROVIDER_FACTORIES.groq` does, on a replay transport instead of the network. */
function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  const provider = createOpenAICompatibleProvider(config, transport, {
    adapter: (settings) => createGroq(settings).languageModel,
  });
  return { transport, provider };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
const stream = (path: string): RecordedAnswer => chunksAsSse(path, { done: true });
const weatherTool = [
  { type: 'function' as const, name: 'weather', inputSchema: { type: 'object' as const, properties: {} } },
];

describe('groq adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.groq(config);
    assert.equal(registered.type, 'groq');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('translated calls go through the adapter the registry names (@ai-sdk/groq)', () => {
    const { provider } = replay(json('groq/chat-completions/vercel-ai/groq-text.json'));
    assert.equal(provider.languageModel('llama-3.3-70b-versatile').provider, 'groq.chat');
  });

  test('doGenerate, vercel-ai groq-text.json: text, stop, usage; bearer to /openai/v1/chat/completions', async () => {
    const { transport, provider } = replay(json('groq/chat-completions/vercel-ai/groq-text.json'), 64);
    const result = await provider
      .languageModel('llama-3.3-70b-versatile')
      .doGenerate({ prompt: userPrompt('Invent a holiday') });

    const [text] = result.content;
    assert.equal(result.content.length, 1);
    assert.ok(text?.type === 'text');
    assert.ok(text.text.startsWith('I\'d like to introduce "Luminaria" - a joyous holiday'));
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 45, noCache: 45, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 607, text: 607, reasoning: UNREPORTED },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.groq.com');
    assert.equal(request.path, '/openai/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
  });

  test('doGenerate, vercel-ai groq-reasoning.json (qwen3): the `reasoning` field as reasoning, reasoning tokens', async () => {
    const { provider } = replay(json('groq/chat-completions/vercel-ai/groq-reasoning.json'));
    const result = await provider
      .languageModel('qwen/qwen3-32b')
      .doGenerate({ prompt: userPrompt('How many r in strawberry?') });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['reasoning', 'text'],
    );
    const [reasoning, text] = result.content;
    assert.ok(
      reasoning?.type === 'reasoning' &&
        reasoning.text.startsWith('Okay, so the user is asking how many times the letter "r"'),
    );
    assert.ok(
      text?.type === 'text' &&
        text.text.startsWith('The word "strawberry" contains **3** instances of the letter **R**.'),
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 17, noCache: 17, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 649, text: 79, reasoning: 570 },
    });
  });

  test('doGenerate, vercel-ai groq-tool-call.json: tool call with empty arguments', async () => {
    const { provider } = replay(json('groq/chat-completions/vercel-ai/groq-tool-call.json'));
    const result = await provider.languageModel('llama-3.3-70b-versatile').doGenerate({
      prompt: userPrompt('Weather?'),
      tools: weatherTool,
    });

    assert.equal(result.content.length, 1);
    const [call] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'ax9fskhev');
    assert.equal(call.toolName, 'weather');
    assert.deepEqual(JSON.parse(call.input), {});
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(result.usage, {
      inputTokens: { total: 218, noCache: 218, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 15, text: 15, reasoning: UNREPORTED },
    });
  });

  test('doStream, vercel-ai groq-text.chunks.txt framed as SSE: text and the x_groq/usage chunk', async () => {
    const { provider } = replay(stream('groq/chat-completions/vercel-ai/groq-text.chunks.txt'), 509);
    const result = await provider
      .languageModel('llama-3.3-70b-versatile')
      .doStream({ prompt: userPrompt('Invent a holiday') });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'text-delta').startsWith(
        'Introducing "Luminaria" - a new holiday that celebrates the magic of light',
      ),
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 45, noCache: 45, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 662, text: 662, reasoning: UNREPORTED },
    });
  });

  test('doStream, vercel-ai groq-reasoning.chunks.txt: reasoning deltas, then text', async () => {
    const { provider } = replay(stream('groq/chat-completions/vercel-ai/groq-reasoning.chunks.txt'), 1021);
    const result = await provider
      .languageModel('qwen/qwen3-32b')
      .doStream({ prompt: userPrompt('How many r in strawberry?') });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'reasoning-delta').startsWith(
        "Okay, let me try to figure out how many times the letter 'r'",
      ),
    );
    assert.ok(
      joinedDeltas(parts, 'text-delta').startsWith(
        'The word **"strawberry"** is spelled as **S-T-R-A-W-B-E-R-R-Y**.',
      ),
    );
    assert.deepEqual(finishPart(parts).finishReason, { unified: 'stop', raw: 'stop' });
  });

  test('doStream, vercel-ai groq-tool-call.chunks.txt: one tool call, tool_calls', async () => {
    const { provider } = replay(stream('groq/chat-completions/vercel-ai/groq-tool-call.chunks.txt'), 7);
    const result = await provider
      .languageModel('llama-3.3-70b-versatile')
      .doStream({ prompt: userPrompt('Weather?'), tools: weatherTool });
    const parts = await readAllParts(result.stream);

    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'tk85n1k4m');
    assert.deepEqual(JSON.parse(calls[0].input), {});
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 210, noCache: 210, cacheRead: UNREPORTED, cacheWrite: undefined },
      outputTokens: { total: 15, text: 15, reasoning: UNREPORTED },
    });
  });
});

describe('groq adapter: recorded error answers', () => {
  const cases = [
    {
      name: 'pydantic-ai 404 model_not_found (misspelt model)',
      answer: () => cassetteAnswer('groq/errors/pydantic-ai/test_model_name_suggestion[groq].yaml', 0),
      status: 404,
      code: 'upstream_not_found',
      clientCode: 'model_not_found',
      message: 'The model `llama-3.3-70b-versatlie` does not exist or you do not have access to it.',
    },
    {
      name: 'pydantic-ai 404 model_not_found (tool test)',
      answer: () => cassetteAnswer('groq/errors/pydantic-ai/test_tool_regular_error.yaml', 0),
      status: 404,
      code: 'upstream_not_found',
      clientCode: 'model_not_found',
      message: 'The model `non-existent` does not exist or you do not have access to it.',
    },
    {
      name: 'pydantic-ai 400 tool_use_failed (with failed_generation)',
      answer: () => cassetteAnswer('groq/errors/pydantic-ai/test_tool_use_failed_error.yaml', 0),
      status: 400,
      code: 'upstream_invalid_request',
      clientCode: 'tool_use_failed',
      message:
        'Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema',
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
      assert.equal(error.provider, 'groq-us');
      assert.equal(error.clientCode, item.clientCode);
      assert.ok(
        error.message.startsWith(`Provider "groq-us" answered ${item.status}: ${item.message}`),
        error.message,
      );
    });

    test(`doGenerate against ${item.name} rejects and classifies as ${item.code}`, async () => {
      const { provider } = replay(item.answer(), 20);
      const error = await canonicalRejection(provider, () =>
        provider.languageModel('llama-3.3-70b-versatile').doGenerate({ prompt: userPrompt('Hello') }),
      );
      assert.equal(error.code, item.code);
      assert.ok(error.message.includes(item.message), error.message);
    });
  }

  const inStreamError = (): RecordedAnswer =>
    fileAnswer(
      'groq/chat-completions/pydantic-ai/extracted/test_tool_use_failed_error_streaming.0.200.response.sse',
      'text/event-stream',
    );
  const IN_STREAM_MESSAGE =
    "Tool call validation failed: tool call validation failed: parameters for tool get_something_by_name did not match schema: errors: [missing properties: 'name', additionalProperties 'invalid_param' not allowed]";

  test('doStream, pydantic-ai 200 stream ending in `event: error` (tool_use_failed): reasoning, then an error part', async () => {
    const { provider } = replay(inStreamError(), 50);
    const result = await provider
      .languageModel('openai/gpt-oss-120b')
      .doStream({ prompt: userPrompt('Call the tool') });
    const parts = await readAllParts(result.stream);

    assert.ok(
      joinedDeltas(parts, 'reasoning-delta').startsWith(
        'We need to call the tool with invalid parameters first',
      ),
    );
    const errors = parts.filter((part) => part.type === 'error');
    assert.equal(errors.length, 1);
    const detail =
      errors[0]?.type === 'error' ? (errors[0].error as { message?: string; code?: string }) : undefined;
    assert.equal(detail?.message, IN_STREAM_MESSAGE);
    assert.equal((detail as { type?: string } | undefined)?.type, 'invalid_request_error');
    assert.equal(finishPart(parts).finishReason.unified, 'error');
  });

  test("the in-stream error part classifies as upstream_invalid_request with Groq's message", async () => {
    const { provider } = replay(inStreamError());
    const result = await provider
      .languageModel('openai/gpt-oss-120b')
      .doStream({ prompt: userPrompt('Call the tool') });
    const part = (await readAllParts(result.stream)).find((item) => item.type === 'error');
    const error = classifyCanonicalError(part?.type === 'error' ? part.error : undefined, provider, false);
    assert.equal(error.code, 'upstream_invalid_request');
    assert.ok(error.message.includes(IN_STREAM_MESSAGE), error.message);
  });
});
