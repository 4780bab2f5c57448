import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OpenAIChatStreamRelay } from '../../src/protocol/openai-chat/openai-chat-passthrough-stream.ts';
import { SseEventSplitter } from '../../src/protocol/sse/sse-event-splitter.ts';
import { fixtureBytes } from '../support/replay-upstream.ts';

describe('SseEventSplitter', () => {
  test('yields whole events across arbitrary chunk boundaries, for LF and CRLF framing', () => {
    for (const separator of ['\n\n', '\r\n\r\n']) {
      const events = ['data: {"a":1}', 'event: x\ndata: {"b":2}', ': keep-alive', 'data: [DONE]'].map(
        (event) => event.replaceAll('\n', separator === '\n\n' ? '\n' : '\r\n') + separator,
      );
      const whole = Buffer.from(events.join(''));
      for (let size = 1; size <= whole.length; size += 3) {
        const splitter = new SseEventSplitter();
        const out: string[] = [];
        for (let at = 0; at < whole.length; at += size) {
          for (const event of splitter.push(whole.subarray(at, at + size))) out.push(event.toString());
        }
        assert.deepEqual(out, events, `chunk size ${size}`);
        assert.equal(splitter.remainder, undefined);
      }
    }
  });

  test('keeps an unterminated tail as the remainder', () => {
    const splitter = new SseEventSplitter();
    assert.deepEqual(splitter.push(Buffer.from('data: {"a":1}\n\ndata: {"b"')).map(String), [
      'data: {"a":1}\n\n',
    ]);
    assert.equal(splitter.remainder?.toString(), 'data: {"b"');
  });
});

describe('OpenAIChatStreamRelay on a real recording', () => {
  const recorded = fixtureBytes(
    'openai/chat-completions/envoy-ai-gateway/extracted/chat-streaming-detailed-usage.0.200.response.sse',
  );

  function relay(forwardUsage: boolean, chunkSize: number) {
    const relay = new OpenAIChatStreamRelay('openai/gpt-5-nano', forwardUsage);
    const out: Buffer[] = [];
    for (let at = 0; at < recorded.length; at += chunkSize) {
      const bytes = relay.transform(recorded.subarray(at, at + chunkSize));
      if (bytes) out.push(bytes);
    }
    return { relay, text: Buffer.concat(out).toString('utf8') };
  }

  test('replaces the model, reads every usage field, reaches done', () => {
    const { relay: result, text } = relay(true, 7);
    assert.equal(result.outcome, 'done');
    assert.equal(result.upstreamModel, 'gpt-5-nano-2025-08-07');
    assert.deepEqual(result.usage, {
      inputTokens: 12,
      outputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 100,
    });
    assert.equal(
      text,
      recorded.toString('utf8').replaceAll('"model":"gpt-5-nano-2025-08-07"', '"model":"openai/gpt-5-nano"'),
    );
  });

  test('drops the usage-only chunk when the client did not ask for it', () => {
    const { relay: result, text } = relay(false, 4096);
    assert.ok(result.usage);
    assert.doesNotMatch(text, /"usage":\{/);
    assert.match(text, /data: \[DONE\]\n\n$/);
  });

  test('flags garbage and upstream error events', () => {
    const garbage = new OpenAIChatStreamRelay('m', false);
    const out = garbage.transform(
      Buffer.from(
        'data: {"id":"1","model":"x","choices":[]}\n\ndata: {"id":"chatcmpl-x","object":"chat.comp\xff\n\n',
      ),
    );
    assert.equal(garbage.outcome, 'malformed');
    assert.equal(out?.toString(), 'data: {"id":"1","model":"m","choices":[]}\n\n');

    const failing = new OpenAIChatStreamRelay('m', false);
    const error = failing.transform(
      Buffer.from('data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'),
    );
    assert.equal(failing.outcome, 'upstream-error');
    assert.match(error?.toString() ?? '', /overloaded/);
  });

  test('comments and keep-alives pass through untouched', () => {
    const relayed = new OpenAIChatStreamRelay('m', false);
    assert.equal(
      relayed.transform(Buffer.from(': OPENROUTER PROCESSING\n\n'))?.toString(),
      ': OPENROUTER PROCESSING\n\n',
    );
    assert.equal(relayed.outcome, 'open');
  });
});
