import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAzureProvider } from '../../src/providers/azure/azure-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
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
 * Azure OpenAI (v1 API, deployment name as the model) for clients that do not speak OpenAI: the
 * translated path, fed real *.openai.azure.com recordings. No Azure error answer was recorded in
 * any source (see the collection's README), so error classification is covered by the OpenAI tests
 * of the same reader.
 */

const API_KEY = 'azure-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  az:
    type: azure
    resource_name: fantasy-playground-resource
    api_key: ${API_KEY}
`);

function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createAzureProvider(config, transport) };
}

const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream; charset=utf-8');

describe('azure adapter: recordings', () => {
  test('the registry builds the same provider type; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.azure(config);
    assert.equal(registered.type, 'azure');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
    assert.equal(config.baseUrl, 'https://fantasy-playground-resource.openai.azure.com/openai/v1');
  });

  test('doGenerate, envoy azure-chat-basic cassette: text, stop, reasoning tokens in usage', async () => {
    const { transport, provider } = replay(
      cassetteAnswer('azure-openai/chat-completions/envoy-ai-gateway/azure-chat-basic.yaml', 0),
      100,
    );
    const result = await provider.languageModel('gpt-5-nano').doGenerate({ prompt: userPrompt('Hello!') });

    assert.equal(result.content.length, 1);
    const [text] = result.content;
    assert.ok(text?.type === 'text');
    assert.ok(text.text.startsWith('Hi there! How can I help today?'));
    assert.ok(
      text.text.endsWith('and I’ll give you a quick rundown.'),
      'multi-byte characters survive the chunking',
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    // prompt_tokens 8, completion_tokens 271 of which reasoning_tokens 192, cached_tokens 0.
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 8, noCache: 8, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 271, text: 79, reasoning: 192 },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://fantasy-playground-resource.openai.azure.com');
    assert.equal(new URL(request.path, request.origin).pathname, '/openai/v1/chat/completions');
    assert.equal((JSON.parse(request.bodyText) as { model: string }).model, 'gpt-5-nano');
  });

  test('translated calls authenticate with the api-key header, like native ones', async () => {
    const { transport, provider } = replay(
      cassetteAnswer('azure-openai/chat-completions/envoy-ai-gateway/azure-chat-basic.yaml', 0),
    );
    await provider.languageModel('gpt-5-nano').doGenerate({ prompt: userPrompt('Hello!') });
    const request = transport.onlyRequest();
    assert.equal(request.headers['api-key'], API_KEY);
    assert.equal(request.headers.authorization, undefined);
  });

  test('doStream, fantasy o4-mini SSE (prompt_filter_results first, usage chunk last), 6-byte chunks', async () => {
    const { transport, provider } = replay(
      sse(
        'azure-openai/chat-completions/fantasy/extracted/azure-o4-mini__simple_streaming.0.200.response.sse',
      ),
      6,
    );
    const { stream } = await provider
      .languageModel('o4-mini')
      .doStream({ prompt: userPrompt('Say hi in Portuguese') });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'Oi!');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 19, noCache: 19, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 149, text: 21, reasoning: 128 },
    });
    assert.equal(parts.filter((part) => part.type === 'error').length, 0);
    const body = JSON.parse(transport.onlyRequest().bodyText) as {
      stream: boolean;
      stream_options?: unknown;
    };
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  test('doStream, fantasy o4-mini tool streaming: one tool call assembled from argument deltas', async () => {
    const { provider } = replay(
      sse('azure-openai/chat-completions/fantasy/extracted/azure-o4-mini__tool_streaming.0.200.response.sse'),
      10,
    );
    const { stream } = await provider.languageModel('o4-mini').doStream({
      prompt: userPrompt("What's the weather in Florence, Italy?"),
      tools: [{ type: 'function', name: 'weather', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(stream);

    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'call_n1TZAnAlhuLNeb1FaV1XCDuD');
    assert.equal(calls[0].toolName, 'weather');
    assert.deepEqual(JSON.parse(calls[0].input), { location: 'Florence, Italy' });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 64, noCache: 64, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 87, text: 23, reasoning: 64 },
    });
  });

  test('doStream, vercel-ai model-router chunks re-framed as SSE: the routed model answers', async () => {
    const { provider } = replay(
      chunksAsSse('azure-openai/chat-completions/vercel-ai/azure-model-router.1.chunks.txt', { done: true }),
      32,
    );
    const { stream } = await provider
      .languageModel('model-router')
      .doStream({ prompt: userPrompt('Capital?') });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'Capital of Denmark.');
    const metadata = parts.find((part) => part.type === 'response-metadata');
    assert.equal(
      metadata?.type === 'response-metadata' ? metadata.modelId : undefined,
      'gpt-5-nano-2025-08-07',
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'stop' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 15, noCache: 15, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 78, text: 14, reasoning: 64 },
    });
  });
});
