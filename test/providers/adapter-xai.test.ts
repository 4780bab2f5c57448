import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import type { UpstreamExchange } from '../../src/upstream/upstream-transport.ts';
import {
  assertTokenCounts,
  chunksAsSse,
  fileAnswer,
  finishPart,
  fixtureText,
  joinedDeltas,
  partMetadata,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * xAI, built by `PROVIDER_FACTORIES.xai` on a replay transport, fed real api.x.ai recordings.
 * OpenAI clients pass through natively to `/v1/chat/completions`; every other client is translated
 * by `createXai(settings).languageModel`, which speaks xAI's Responses API (`POST /v1/responses`).
 * In the Responses usage `output_tokens` already holds the reasoning tokens (`total_tokens` =
 * `input_tokens` + `output_tokens`), and `input_tokens` holds the cached ones. The recorded tool
 * calls are xAI's server-side tools (web search, X search, code execution): provider-executed, so
 * the finish reason stays `stop`. The two vercel/ai recordings that are hand-written (file search,
 * image generation: round token counts, placeholder ids) are not used, and no xAI error answer was
 * recorded in any source, so error classification is not tested here.
 */

const API_KEY = 'xai-replay-test-key-0123456789';
const config = providerConfigFromYaml(`
providers:
  grok:
    type: xai
    api_key: ${API_KEY}
`);

const RESPONSES = 'xai/responses/vercel-ai';

/** `PROVIDER_FACTORIES.xai` itself, on a replay transport instead of the network. */
function replay(answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: PROVIDER_FACTORIES.xai(config, transport) };
}

const json = (file: string): RecordedAnswer => fileAnswer(`${RESPONSES}/${file}`, 'application/json');
/** A `.chunks.txt` of Responses events re-framed as SSE: `event: <type>` + `data: <line>`, no `[DONE]`. */
const stream = (file: string): RecordedAnswer => chunksAsSse(`${RESPONSES}/${file}`, { eventField: 'type' });

interface RecordedEvent {
  type: string;
  text?: string;
  item?: { type: string; id: string; encrypted_content?: string };
}

/** The recorded Responses events of a `.chunks.txt`, in order. */
function recordedEvents(file: string): RecordedEvent[] {
  return fixtureText(`${RESPONSES}/${file}`)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);
}

/** The full text xAI reported in the one `done` event of this type (what the deltas must add up to). */
function recordedDoneText(file: string, type: string): string {
  const events = recordedEvents(file).filter((event) => event.type === type);
  assert.equal(events.length, 1, `${file}: one ${type}`);
  const text = events[0]?.text;
  assert.ok(typeof text === 'string');
  return text;
}

/** The output text of a recorded non-streamed response. */
function recordedOutputText(file: string): string {
  const body = JSON.parse(fixtureText(`${RESPONSES}/${file}`)) as {
    output: { type: string; content?: { text: string }[] }[];
  };
  const message = body.output.find((item) => item.type === 'message');
  return (message?.content ?? []).map((part) => part.text).join('');
}

/** What a translated request looked like on the wire. */
function assertResponsesRequest(
  transport: ReplayTransport,
  model: string,
  prompt: string,
  streamed: boolean,
) {
  const request = transport.onlyRequest();
  assert.equal(request.method, 'POST');
  assert.equal(request.origin, 'https://api.x.ai');
  assert.equal(request.path, '/v1/responses');
  assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
  const body = JSON.parse(request.bodyText) as { model: string; input: unknown; stream?: boolean };
  assert.equal(body.model, model);
  assert.deepEqual(body.input, [{ role: 'user', content: [{ type: 'input_text', text: prompt }] }]);
  assert.equal(body.stream, streamed ? true : undefined);
}

type ToolCallPart = Extract<LanguageModelV4StreamPart, { type: 'tool-call' }>;

function toolCalls(parts: readonly LanguageModelV4StreamPart[]): ToolCallPart[] {
  return parts.filter((part): part is ToolCallPart => part.type === 'tool-call');
}

function sourceUrls(parts: readonly { type: string }[]): string[] {
  const urls = parts.flatMap((part) =>
    part.type === 'source' && 'url' in part && typeof part.url === 'string' ? [part.url] : [],
  );
  return [...new Set(urls)].sort();
}

/** Reads a native exchange: its status and the body bytes it relays. */
async function relayed(exchange: UpstreamExchange): Promise<{ status: number; body: Buffer }> {
  const head = await exchange.head;
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    exchange.consume({ onData: (chunk) => chunks.push(chunk), onEnd: resolve, onError: reject });
  });
  return { status: head.status, body: Buffer.concat(chunks) };
}

describe('xai adapter: registry and native pass-through', () => {
  test('the registry builds type xai; OpenAI clients pass through natively', async () => {
    const registered = PROVIDER_FACTORIES.xai(config);
    assert.equal(registered.type, 'xai');
    assert.equal(registered.nativeProtocol, 'openai-chat');
    await registered.close();
  });

  test('translated calls go through the Responses model of @ai-sdk/xai', () => {
    const { provider } = replay(json('xai-web-search-tool.1.json'));
    assert.equal(provider.languageModel('grok-4-fast-reasoning').provider, 'xai.responses');
  });

  test('native: an OpenAI chat body goes to /v1/chat/completions (not /responses); the recorded grok-3-mini answer is relayed byte for byte', async () => {
    const recorded = fileAnswer('xai/chat-completions/vercel-ai/xai-text.json', 'application/json');
    const { transport, provider } = replay(recorded, 50);
    const body = JSON.stringify({
      model: 'grok-3-mini',
      messages: [{ role: 'user', content: 'Say a single word.' }],
    });
    const exchange = provider.startNative({
      body,
      upstreamModel: 'grok-3-mini',
      clientRequest: new Request('http://gateway.test/v1/chat/completions', { method: 'POST', body }),
    });
    const { status, body: answer } = await relayed(exchange);

    const request = transport.onlyRequest();
    assert.equal(request.origin, 'https://api.x.ai');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(request.bodyText, body);
    assert.equal(status, 200);
    assert.ok(answer.equals(recorded.body));
  });
});

describe('xai adapter: Responses recordings (doGenerate)', () => {
  test('xai-web-search-tool.1.json: web_search call with parsed arguments, text, url sources, stop, every usage field; bearer to /v1/responses', async () => {
    const { transport, provider } = replay(json('xai-web-search-tool.1.json'), 97);
    const result = await provider
      .languageModel('grok-4-fast-reasoning')
      .doGenerate({ prompt: userPrompt('What is xAI?') });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['tool-call', 'tool-result', 'text', 'source', 'source', 'source', 'source', 'source'],
    );
    const [call, toolResult, text] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'fc_25de2f84-163c-6e9e-e42e-cd1dbd6f9ed0_0');
    assert.equal(call.toolName, 'web_search');
    assert.equal(call.providerExecuted, true);
    assert.deepEqual(JSON.parse(call.input), { query: 'what is xAI', num_results: 5 });
    assert.ok(toolResult?.type === 'tool-result' && toolResult.toolCallId === call.toolCallId);
    assert.ok(text?.type === 'text');
    assert.equal(text.text, recordedOutputText('xai-web-search-tool.1.json'));
    assert.ok(
      text.text.startsWith('xAI is an American artificial intelligence company founded by Elon Musk'),
    );
    assert.deepEqual(sourceUrls(result.content), [
      'https://en.wikipedia.org/wiki/XAI_%28company%29',
      'https://www.ibm.com/think/topics/explainable-ai',
      'https://www.owkin.com/a-z-of-ai-for-healthcare/xai',
      'https://x.ai/',
      'https://x.ai/company',
    ]);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'completed' });
    // input 1941 of which 947 cached; output 583 = total_tokens 2524 - input 1941, reasoning 380 in it.
    assertTokenCounts(result.usage, {
      inputTokens: { total: 1941, noCache: 994, cacheRead: 947, cacheWrite: undefined },
      outputTokens: { total: 583, text: 203, reasoning: 380 },
    });

    assertResponsesRequest(transport, 'grok-4-fast-reasoning', 'What is xAI?', false);
  });

  test('xai-code-execution-tool.1.json: code_execution call with the parsed code, text "55", every usage field', async () => {
    const { transport, provider } = replay(json('xai-code-execution-tool.1.json'));
    const result = await provider
      .languageModel('grok-4-fast-reasoning')
      .doGenerate({ prompt: userPrompt('What is the 10th Fibonacci number? Run code.') });

    assert.deepEqual(
      result.content.map((part) => part.type),
      ['tool-call', 'text'],
    );
    const [call, text] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'fc_5138abcf-4c4e-b0ab-7e0b-f4c81b98f455_us-east-1_0');
    assert.equal(call.toolName, 'code_execution');
    assert.equal(call.providerExecuted, true);
    const { code } = JSON.parse(call.input) as { code: string };
    assert.ok(code.startsWith('def fibonacci(n):\n    if n <= 0:\n        return 0\n'));
    assert.ok(code.endsWith('print(fibonacci(10))'));
    assert.ok(text?.type === 'text');
    assert.equal(text.text, '55');
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'completed' });
    // output 292 = total_tokens 1898 - input 1606: text 102 + reasoning 190.
    assertTokenCounts(result.usage, {
      inputTokens: { total: 1606, noCache: 371, cacheRead: 1235, cacheWrite: undefined },
      outputTokens: { total: 292, text: 102, reasoning: 190 },
    });
    assertResponsesRequest(
      transport,
      'grok-4-fast-reasoning',
      'What is the 10th Fibonacci number? Run code.',
      false,
    );
  });

  test('xai-x-search-tool.1.json: x_semantic_search call as x_search with parsed arguments, 20 sources, every usage field', async () => {
    const { provider } = replay(json('xai-x-search-tool.1.json'), 1024);
    const result = await provider
      .languageModel('grok-4-fast-reasoning')
      .doGenerate({ prompt: userPrompt('What are people saying about AI on X?') });

    const [call, toolResultOrText] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolName, 'x_search');
    assert.equal(call.providerExecuted, true);
    assert.deepEqual(JSON.parse(call.input), {
      query: 'AI artificial intelligence',
      limit: 20,
      from_date: '2025-10-01',
      to_date: '2025-10-29',
      min_score_threshold: 0.2,
    });
    assert.ok(toolResultOrText?.type === 'text');
    assert.equal(toolResultOrText.text, recordedOutputText('xai-x-search-tool.1.json'));
    assert.equal(result.content.filter((part) => part.type === 'source').length, 20);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'completed' });
    // output 1805 = total_tokens 10202 - input 8397: text 1225 + reasoning 580.
    assertTokenCounts(result.usage, {
      inputTokens: { total: 8397, noCache: 7789, cacheRead: 608, cacheWrite: undefined },
      outputTokens: { total: 1805, text: 1225, reasoning: 580 },
    });
  });
});

describe('xai adapter: Responses recordings (doStream, events framed as SSE)', () => {
  test('xai-text-with-reasoning-streaming.1.chunks.txt, 31-byte chunks: reasoning summary, text, stop, every usage field; stream:true to /v1/responses', async () => {
    const file = 'xai-text-with-reasoning-streaming.1.chunks.txt';
    const { transport, provider } = replay(stream(file), 31);
    const result = await provider
      .languageModel('grok-code-fast-1')
      .doStream({ prompt: userPrompt('What is specifically notable about the style of Sonoran food?') });
    const parts = await readAllParts(result.stream);

    const order = parts
      .map((part) => part.type)
      .filter((type) => type !== 'reasoning-delta' && type !== 'text-delta');
    assert.deepEqual(order, [
      'stream-start',
      'response-metadata',
      'reasoning-start',
      'reasoning-end',
      'text-start',
      'text-end',
      'finish',
    ]);
    const reasoning = joinedDeltas(parts, 'reasoning-delta');
    assert.equal(reasoning, recordedDoneText(file, 'response.reasoning_summary_text.done'));
    assert.ok(reasoning.startsWith('First, the question is: "What is specifically notable'));
    const text = joinedDeltas(parts, 'text-delta');
    assert.equal(text, recordedDoneText(file, 'response.output_text.done'));
    assert.ok(text.startsWith('### Overview of Sonoran Cuisine\n'));
    const reasoningEnd = parts.find((part) => part.type === 'reasoning-end');
    assert.ok(reasoningEnd !== undefined);
    assert.deepEqual(partMetadata(reasoningEnd, 'xai'), {
      itemId: 'rs_bf3b2b34-79d4-a45c-7be8-d1e5f96386c2',
    });

    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'completed' });
    // output 923 = total_tokens 1139 - input 216: text 600 + reasoning 323.
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 216, noCache: 24, cacheRead: 192, cacheWrite: undefined },
      outputTokens: { total: 923, text: 600, reasoning: 323 },
    });

    assertResponsesRequest(
      transport,
      'grok-code-fast-1',
      'What is specifically notable about the style of Sonoran food?',
      true,
    );
  });

  test('xai-text-with-reasoning-streaming-store-false.1.chunks.txt: the encrypted reasoning rides on reasoning-end; every usage field', async () => {
    const file = 'xai-text-with-reasoning-streaming-store-false.1.chunks.txt';
    const { provider } = replay(stream(file), 251);
    const result = await provider
      .languageModel('grok-code-fast-1')
      .doStream({ prompt: userPrompt('What is specifically notable about the style of Sonoran food?') });
    const parts = await readAllParts(result.stream);

    assert.equal(
      joinedDeltas(parts, 'reasoning-delta'),
      recordedDoneText(file, 'response.reasoning_summary_text.done'),
    );
    assert.equal(joinedDeltas(parts, 'text-delta'), recordedDoneText(file, 'response.output_text.done'));
    const reasoningItem = recordedEvents(file).find(
      (event) => event.type === 'response.output_item.done' && event.item?.type === 'reasoning',
    )?.item;
    assert.ok(reasoningItem?.encrypted_content !== undefined && reasoningItem.encrypted_content.length > 0);
    const reasoningEnd = parts.find((part) => part.type === 'reasoning-end');
    assert.ok(reasoningEnd !== undefined);
    assert.deepEqual(partMetadata(reasoningEnd, 'xai'), {
      reasoningEncryptedContent: reasoningItem.encrypted_content,
      itemId: reasoningItem.id,
    });

    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'completed' });
    // output 831 = total_tokens 1047 - input 216: text 578 + reasoning 253.
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 216, noCache: 24, cacheRead: 192, cacheWrite: undefined },
      outputTokens: { total: 831, text: 578, reasoning: 253 },
    });
  });

  test('xai-web-search-tool.1.chunks.txt, 17-byte chunks: web_search call with parsed arguments, text, sources, every usage field', async () => {
    const file = 'xai-web-search-tool.1.chunks.txt';
    const { transport, provider } = replay(stream(file), 17);
    const result = await provider
      .languageModel('grok-4-fast-reasoning')
      .doStream({ prompt: userPrompt('What is xAI?') });
    const parts = await readAllParts(result.stream);

    const calls = toolCalls(parts);
    assert.equal(calls.length, 1);
    const [call] = calls;
    assert.ok(call !== undefined);
    assert.equal(call.toolCallId, 'fc_98a8d4aa-fc8b-fd93-e673-d5a8f1c9cee8_0');
    assert.equal(call.toolName, 'web_search');
    assert.equal(call.providerExecuted, true);
    assert.deepEqual(JSON.parse(call.input), { query: 'what is xAI', num_results: 5 });
    const inputDeltas = parts.flatMap((part) =>
      part.type === 'tool-input-delta' && part.id === call.toolCallId ? [part.delta] : [],
    );
    assert.equal(inputDeltas.join(''), call.input);
    assert.ok(parts.some((part) => part.type === 'tool-result' && part.toolCallId === call.toolCallId));

    const text = joinedDeltas(parts, 'text-delta');
    assert.equal(text, recordedDoneText(file, 'response.output_text.done'));
    assert.ok(text.startsWith('xAI is an American artificial intelligence company founded by Elon Musk'));
    assert.equal(joinedDeltas(parts, 'reasoning-delta'), '');
    // Each citation arrives twice (annotation.added, then the finished message); five distinct URLs.
    assert.deepEqual(sourceUrls(parts), [
      'https://en.wikipedia.org/wiki/XAI_%28company%29',
      'https://www.ibm.com/think/topics/explainable-ai',
      'https://www.owkin.com/a-z-of-ai-for-healthcare/xai',
      'https://x.ai/',
      'https://x.ai/company',
    ]);

    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'completed' });
    // output 695 = total_tokens 2570 - input 1875: text 298 + reasoning 397.
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 1875, noCache: 297, cacheRead: 1578, cacheWrite: undefined },
      outputTokens: { total: 695, text: 298, reasoning: 397 },
    });
    assertResponsesRequest(transport, 'grok-4-fast-reasoning', 'What is xAI?', true);
  });

  test('xai-x-search-tool.chunks.txt: six server-side calls (x_keyword_search, view_x_video with parsed arguments; four web searches), text, every usage field', async () => {
    const file = 'xai-x-search-tool.chunks.txt';
    const { provider } = replay(stream(file), 509);
    const result = await provider
      .languageModel('grok-4-fast-reasoning')
      .doStream({ prompt: userPrompt('What are the latest videos and images from xAI on X?') });
    const parts = await readAllParts(result.stream);

    const calls = toolCalls(parts);
    assert.deepEqual(
      calls.map((call) => call.toolName),
      ['x_search', 'web_search', 'web_search', 'web_search', 'web_search', 'view_x_video'],
    );
    assert.ok(calls.every((call) => call.providerExecuted === true));
    const [keywordSearch] = calls;
    const videoView = calls[5];
    assert.ok(keywordSearch !== undefined && videoView !== undefined);
    assert.equal(keywordSearch.toolCallId, 'ctc_b7b464ea-cc85-d44a-0f2f-1f7320e703c3_xs_call_24148162');
    assert.deepEqual(JSON.parse(keywordSearch.input), {
      query: 'from:xai filter:media',
      limit: 20,
      mode: 'Latest',
    });
    assert.deepEqual(JSON.parse(videoView.input), {
      video_url:
        'https://video.twimg.com/amplify_video/1991284765027364866/vid/avc1/468x270/kRkbodV96jk4PmbG.mp4',
    });
    // xAI recorded the nested web searches without arguments: the input is empty, not JSON.
    assert.deepEqual(
      calls.slice(1, 5).map((call) => call.input),
      ['', '', '', ''],
    );
    const results = parts.filter((part) => part.type === 'tool-result');
    assert.deepEqual(
      results.map((part) => part.toolCallId).sort(),
      calls.map((call) => call.toolCallId).sort(),
    );

    const text = joinedDeltas(parts, 'text-delta');
    assert.equal(text, recordedDoneText(file, 'response.output_text.done'));
    assert.ok(text.startsWith('### Latest Videos and Images from xAI on X (as of December 1, 2025)'));
    assert.equal(sourceUrls(parts).length, 20);

    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'completed' });
    // output 3077 = total_tokens 30313 - input 27236: text 1986 + reasoning 1091.
    assertTokenCounts(finish.usage, {
      inputTokens: { total: 27236, noCache: 22651, cacheRead: 4585, cacheWrite: undefined },
      outputTokens: { total: 3077, text: 1986, reasoning: 1091 },
    });
  });
});
