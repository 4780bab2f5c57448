import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, findTopLevelSpans } from '../../src/protocol/json-body/json-top-level-spans.ts';
import {
  buildPassthroughRequestBody,
  rewritePassthroughResponseBody,
} from '../../src/protocol/openai-chat/openai-chat-passthrough-body.ts';
import type { OpenAIChatRequest } from '../../src/protocol/openai-chat/openai-chat-request-schema.ts';

describe('findTopLevelSpans', () => {
  test('finds top-level values only, whatever nests or escapes around them', () => {
    const text =
      '{ "messages": [{"role":"user","content":"say \\"model\\": \\"x\\" {[" , "model":"inner"}],\n  "model" : "gpt-4o" , "n": 2 }';
    const { spans, closeBrace } = findTopLevelSpans(text, ['model', 'n', 'absent']);
    const model = spans.get('model');
    assert.ok(model);
    assert.equal(text.slice(model.start, model.end), '"gpt-4o"');
    const n = spans.get('n');
    assert.ok(n);
    assert.equal(text.slice(n.start, n.end), '2');
    assert.equal(spans.has('absent'), false);
    assert.equal(text[closeBrace], '}');
    assert.equal(closeBrace, text.length - 1);
  });

  test('the last duplicate wins, as with JSON.parse', () => {
    const text = '{"model":"a","model":"b"}';
    const span = findTopLevelSpans(text, ['model']).spans.get('model');
    assert.ok(span);
    assert.equal(text.slice(span.start, span.end), '"b"');
  });

  test('objects, arrays, literals and strings ending in backslashes', () => {
    const text = '{"a":{"b":[1,{"c":"}"}]},"d":"\\\\","e":true,"f":null,"g":-1.5e3}';
    const { spans } = findTopLevelSpans(text, ['a', 'd', 'e', 'f', 'g']);
    const slice = (key: string) => {
      const span = spans.get(key);
      return span === undefined ? undefined : text.slice(span.start, span.end);
    };
    assert.equal(slice('a'), '{"b":[1,{"c":"}"}]}');
    assert.equal(slice('d'), '"\\\\"');
    assert.equal(slice('e'), 'true');
    assert.equal(slice('f'), 'null');
    assert.equal(slice('g'), '-1.5e3');
  });

  test('applyEdits splices in any order', () => {
    assert.equal(
      applyEdits('0123456789', [
        { span: { start: 6, end: 8 }, text: 'X' },
        { span: { start: 1, end: 2 }, text: 'YY' },
        { span: { start: 10, end: 10 }, text: '!' },
      ]),
      '0YY2345X89!',
    );
  });
});

describe('buildPassthroughRequestBody', () => {
  const request = (overrides: Partial<OpenAIChatRequest>): OpenAIChatRequest => ({
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    ...overrides,
  });

  test('keeps every byte but the model id', () => {
    const text =
      '{\n  "model": "openai/gpt-4o",\n  "messages": [{"role":"user","content":"hi 😀 \\u00e9"}]\n}';
    assert.equal(
      buildPassthroughRequestBody(text, request({}), 'gpt-4o'),
      '{\n  "model": "gpt-4o",\n  "messages": [{"role":"user","content":"hi 😀 \\u00e9"}]\n}',
    );
  });

  test('returns the same string when nothing changes', () => {
    const text = '{"model":"gpt-4o","messages":[]}';
    assert.equal(buildPassthroughRequestBody(text, request({ model: 'gpt-4o' }), 'gpt-4o'), text);
  });

  test('streams: include_usage appended, or merged into existing stream_options', () => {
    const appended = buildPassthroughRequestBody(
      '{"model":"m","stream":true}',
      request({ model: 'm', stream: true }),
      'm',
    );
    assert.equal(appended, '{"model":"m","stream":true,"stream_options":{"include_usage":true}}');
    const merged = buildPassthroughRequestBody(
      '{"model":"m","stream":true,"stream_options":{"include_usage":false,"x":1}}',
      request({ model: 'm', stream: true, stream_options: { include_usage: false, x: 1 } }),
      'm',
    );
    assert.deepEqual(JSON.parse(merged).stream_options, { include_usage: true, x: 1 });
    const asked = '{"model":"m","stream":true,"stream_options":{"include_usage":true}}';
    assert.equal(
      buildPassthroughRequestBody(
        asked,
        request({ model: 'm', stream: true, stream_options: { include_usage: true } }),
        'm',
      ),
      asked,
    );
  });
});

describe('rewritePassthroughResponseBody', () => {
  test('swaps the model, reads usage, keeps every other byte', () => {
    const text =
      '{"id":"x","model":"gpt-4o-2024-08-06","choices":[{"message":{"content":"a \\"model\\":\\"b\\""}}],"usage":{"prompt_tokens":3,"completion_tokens":4}}';
    const out = rewritePassthroughResponseBody(text, 'openai/gpt-4o', 'openai');
    assert.equal(out.body, text.replace('"gpt-4o-2024-08-06"', '"openai/gpt-4o"'));
    assert.equal(out.upstreamModel, 'gpt-4o-2024-08-06');
    assert.equal(out.usage?.inputTokens, 3);
    assert.equal(out.usage?.outputTokens, 4);
  });

  test('truncated, non-object or trailing garbage bodies are upstream_malformed', () => {
    for (const text of [
      '{"id":"x","model":"m","choices":[',
      '<html>502</html>',
      '[1]',
      '{"a":1} trailing',
      '',
    ]) {
      assert.throws(() => rewritePassthroughResponseBody(text, 'p', 'up'), /not JSON/, text);
    }
  });
});
