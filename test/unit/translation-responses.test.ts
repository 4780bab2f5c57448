import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CanonicalGenerateResult, CanonicalStreamPart } from '../../src/core/canonical.ts';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { AnthropicStreamRelay } from '../../src/protocol/anthropic-messages/anthropic-passthrough-stream.ts';
import { AnthropicStreamEncoder } from '../../src/protocol/anthropic-messages/anthropic-stream-encoder.ts';
import { canonicalToAnthropicResponse } from '../../src/protocol/anthropic-messages/canonical-to-anthropic-response.ts';
import { canonicalToOpenAIChatResponse } from '../../src/protocol/openai-chat/canonical-to-openai-chat-response.ts';
import { OpenAIChatStreamEncoder } from '../../src/protocol/openai-chat/openai-chat-stream-encoder.ts';
import { fixtureBytes } from '../support/replay-upstream.ts';

const usage = {
  inputTokens: { total: 120, noCache: 20, cacheRead: 100, cacheWrite: 0 },
  outputTokens: { total: 30, text: 10, reasoning: 20 },
};
const finish = { unified: 'tool-calls', raw: 'tool_use' } as const;

/** A canonical stream: reasoning (with an Anthropic signature), text, one streamed tool call, finish. */
const PARTS: CanonicalStreamPart[] = [
  { type: 'stream-start', warnings: [] },
  { type: 'reasoning-start', id: 'r' },
  { type: 'reasoning-delta', id: 'r', delta: 'think' },
  { type: 'reasoning-delta', id: 'r', delta: '', providerMetadata: { anthropic: { signature: 'sig' } } },
  { type: 'reasoning-end', id: 'r' },
  { type: 'text-start', id: 't' },
  { type: 'text-delta', id: 't', delta: 'Hello' },
  { type: 'text-delta', id: 't', delta: ' world' },
  { type: 'text-end', id: 't' },
  { type: 'tool-input-start', id: 'call_1', toolName: 'get_weather' },
  { type: 'tool-input-delta', id: 'call_1', delta: '{"city":' },
  { type: 'tool-input-delta', id: 'call_1', delta: '"Paris"}' },
  { type: 'tool-input-end', id: 'call_1' },
  { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Paris"}' },
  { type: 'finish', usage, finishReason: finish },
];

function sseData(text: string): { event?: string; data: string }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
      return { event, data };
    });
}

describe('canonical → OpenAI', () => {
  test('stream: role chunk, deltas, tool call start then argument fragments, finish, usage, [DONE]', () => {
    const encoder = new OpenAIChatStreamEncoder('openai/x', true);
    const text = PARTS.map((part) => encoder.part(part)).join('') + encoder.end();
    const events = sseData(text);
    assert.equal(events.at(-1)?.data, '[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    assert.deepEqual(chunks[0].choices[0].delta, { role: 'assistant', content: '' });
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      assert.equal(chunk.model, 'openai/x');
    }
    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice: { delta: unknown }) => choice.delta));
    assert.equal(deltas.map((delta: { content?: string }) => delta.content ?? '').join(''), 'Hello world');
    assert.equal(
      deltas.map((delta: { reasoning_content?: string }) => delta.reasoning_content ?? '').join(''),
      'think',
    );
    const calls = deltas.flatMap((delta: { tool_calls?: unknown[] }) => delta.tool_calls ?? []);
    assert.deepEqual(calls[0], {
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    assert.equal(
      (calls as { function: { arguments: string } }[]).map((call) => call.function.arguments).join(''),
      '{"city":"Paris"}',
    );
    const finishChunk = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    assert.equal(finishChunk.choices[0].finish_reason, 'tool_calls');
    const usageChunk = chunks.at(-1);
    assert.deepEqual(usageChunk.choices, []);
    assert.deepEqual(usageChunk.usage, {
      prompt_tokens: 120,
      completion_tokens: 30,
      total_tokens: 150,
      prompt_tokens_details: { cached_tokens: 100 },
      completion_tokens_details: { reasoning_tokens: 20 },
    });
  });

  test('stream error: an error event, no [DONE]', () => {
    const encoder = new OpenAIChatStreamEncoder('m', false);
    const text = encoder.error(new GatewayError('upstream_timeout', 'too slow'));
    assert.deepEqual(JSON.parse(text.slice(6)).error.type, 'timeout_error');
  });

  test('complete answer: content, tool calls, reasoning, usage with details', () => {
    const result: CanonicalGenerateResult = {
      content: [
        { type: 'reasoning', text: 'hmm' },
        { type: 'text', text: 'Sure.' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{"a":1}' },
      ],
      finishReason: finish,
      usage,
      warnings: [],
    };
    const { body, usage: gatewayUsage } = canonicalToOpenAIChatResponse(result, 'm');
    const parsed = JSON.parse(body);
    assert.equal(parsed.object, 'chat.completion');
    assert.equal(parsed.choices[0].message.content, 'Sure.');
    assert.equal(parsed.choices[0].message.reasoning_content, 'hmm');
    assert.deepEqual(parsed.choices[0].message.tool_calls, [
      { id: 'c', type: 'function', function: { name: 'f', arguments: '{"a":1}' } },
    ]);
    assert.equal(parsed.choices[0].finish_reason, 'tool_calls');
    assert.equal(gatewayUsage.cacheReadTokens, 100);
  });
});

describe('canonical → Anthropic', () => {
  test('stream: the event order Anthropic requires, thinking with signature, tool input deltas', () => {
    const encoder = new AnthropicStreamEncoder('anthropic/x');
    const events = sseData(PARTS.map((part) => encoder.part(part)).join('') + encoder.end());
    assert.deepEqual(
      events.map((event) => event.event),
      [
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ],
    );
    const data = events.map((event) => JSON.parse(event.data));
    assert.equal(data[0].message.model, 'anthropic/x');
    assert.deepEqual(data[1].content_block, { type: 'thinking', thinking: '', signature: '' });
    assert.deepEqual(data[3].delta, { type: 'signature_delta', signature: 'sig' });
    assert.deepEqual(data[9], {
      type: 'content_block_start',
      index: 2,
      content_block: { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} },
    });
    assert.equal(data[10].delta.partial_json + data[11].delta.partial_json, '{"city":"Paris"}');
    assert.deepEqual(data[13].delta, { stop_reason: 'tool_use', stop_sequence: null });
    assert.deepEqual(data[13].usage, {
      input_tokens: 20,
      output_tokens: 30,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100,
    });
  });

  test('complete answer: thinking, text and tool_use blocks, stop reason, usage split', () => {
    const result: CanonicalGenerateResult = {
      content: [
        { type: 'reasoning', text: 'hmm', providerMetadata: { anthropic: { signature: 'sig' } } },
        { type: 'text', text: 'Sure.' },
        { type: 'tool-call', toolCallId: 'c', toolName: 'f', input: '{"a":1}' },
      ],
      finishReason: finish,
      usage,
      warnings: [],
    };
    const parsed = JSON.parse(canonicalToAnthropicResponse(result, 'm').body);
    assert.deepEqual(parsed.content, [
      { type: 'thinking', thinking: 'hmm', signature: 'sig' },
      { type: 'text', text: 'Sure.' },
      { type: 'tool_use', id: 'c', name: 'f', input: { a: 1 } },
    ]);
    assert.equal(parsed.stop_reason, 'tool_use');
    assert.equal(parsed.usage.cache_read_input_tokens, 100);
  });
});

describe('Anthropic passthrough relay on real recordings', () => {
  test('tool streaming: bytes kept but the model, outcome done', () => {
    const recorded = fixtureBytes(
      'anthropic/messages/fantasy/extracted/claude-sonnet-4__tool_streaming.0.200.response.sse',
    );
    const relay = new AnthropicStreamRelay('anthropic/claude-sonnet-4');
    const out: Buffer[] = [];
    for (let at = 0; at < recorded.length; at += 97) {
      const bytes = relay.transform(recorded.subarray(at, at + 97));
      if (bytes) out.push(bytes);
    }
    assert.equal(relay.outcome, 'done');
    assert.equal(relay.upstreamModel, 'claude-sonnet-4-20250514');
    assert.equal(
      Buffer.concat(out).toString(),
      recorded
        .toString()
        .replace('"model":"claude-sonnet-4-20250514"', '"model":"anthropic/claude-sonnet-4"'),
    );
    assert.equal(relay.usage?.inputTokens, 394);
  });

  test('prompt caching: cache reads counted as input and as cache reads', () => {
    const recorded = fixtureBytes(
      'anthropic/messages/crewai/extracted/test_anthropic_streaming_cached_prompt_tokens.1.200.response.sse',
    );
    const relay = new AnthropicStreamRelay('m');
    relay.transform(recorded);
    assert.equal(relay.outcome, 'done');
    assert.deepEqual(relay.usage, {
      inputTokens: 3 + 1217,
      outputTokens: 6,
      cacheReadTokens: 1217,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});
