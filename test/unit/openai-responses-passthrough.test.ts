import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { openAIResponsesNativeCodec } from '../../src/protocol/openai-responses/openai-responses-native-codec.ts';
import {
  buildResponsesPassthroughBody,
  rewriteResponsesPassthroughBody,
} from '../../src/protocol/openai-responses/openai-responses-passthrough-body.ts';
import { OpenAIResponsesStreamRelay } from '../../src/protocol/openai-responses/openai-responses-passthrough-stream.ts';
import { openAIResponsesRequestSchema } from '../../src/protocol/openai-responses/openai-responses-request-schema.ts';

const FIXTURES = new URL('../fixtures/providers/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');
const SIMPLE = read(
  'openai/responses/fantasy/extracted/openai-gpt-4o-mini__simple_streaming.0.200.response.sse',
);
const THINKING = read(
  'openai/responses/fantasy/extracted/openai-o4-mini__thinking-streaming.1.200.response.sse',
);

/** Relays a body in chunks of `size` bytes (cutting events and UTF-8 sequences anywhere). */
function relay(text: string, size: number, publicModel = 'openai/gpt-4o-mini') {
  const stream = new OpenAIResponsesStreamRelay(publicModel);
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const piece = stream.transform(bytes.subarray(at, at + size));
    if (piece !== undefined) out.push(piece);
  }
  return { stream, text: Buffer.concat(out).toString('utf8') };
}

describe('OpenAI Responses passthrough: the stream relay', () => {
  test('relays a recorded stream byte for byte but the model, reading usage and ids', () => {
    for (const size of [1, 37, 4096]) {
      const { stream, text } = relay(SIMPLE, size);
      assert.equal(
        text,
        SIMPLE.replaceAll('"model":"gpt-4o-mini-2024-07-18"', '"model":"openai/gpt-4o-mini"'),
      );
      assert.equal(stream.outcome, 'done');
      assert.equal(stream.upstreamModel, 'gpt-4o-mini-2024-07-18');
      assert.equal(stream.deltaEvents, 7);
      assert.deepEqual(stream.usage, {
        inputTokens: 20,
        outputTokens: 8,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      });
    }
  });

  test('reads reasoning tokens from a long final event without parsing its text', () => {
    const { stream } = relay(THINKING, 1000, 'openai/o4-mini');
    assert.equal(stream.usage?.reasoningTokens, 64);
    assert.equal(stream.usage?.outputTokens, 196);
    assert.equal(stream.outcome, 'done');
  });

  test('an error it adds continues the numbering and names the response', () => {
    const cut = SIMPLE.slice(0, SIMPLE.indexOf('event: response.output_text.done'));
    const codec = openAIResponsesNativeCodec();
    const stream = codec.createRelay('m');
    stream.transform(Buffer.from(cut));
    assert.equal(stream.outcome, 'open');
    const tail = codec.errorEvent(new GatewayError('upstream_timeout', 'Too slow.'));
    const [error, failed] = tail
      .split('\n\n')
      .map((block) => JSON.parse(block.split('\ndata: ')[1] ?? 'null'));
    assert.equal(error.type, 'error');
    assert.equal(error.sequence_number, 11);
    assert.equal(error.error.code, 'upstream_timeout');
    assert.equal(failed.type, 'response.failed');
    assert.equal(failed.sequence_number, 12);
    assert.equal(failed.response.id, 'resp_0a6fc3349e38704d016a3c120ac63c819e941b6f18b7170ff4');
    assert.equal(failed.response.status, 'failed');
  });

  test('an upstream error event, and a malformed event', () => {
    const recorded = read('openai/errors/vercel-ai/openai-error.1.chunks.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`)
      .join('');
    assert.equal(relay(recorded, 64).stream.outcome, 'upstream-error');
    const broken = relay('event: response.created\ndata: {"type":"response.cre\n\n', 8);
    assert.equal(broken.stream.outcome, 'malformed');
  });
});

describe('OpenAI Responses passthrough: bodies', () => {
  const cassette = parseYaml(read('openai/responses/fantasy/openai-gpt-4o-mini__simple.yaml')) as {
    interactions: { response: { body: string } }[];
  };
  const body = cassette.interactions[0]!.response.body;

  test('a recorded non-stream answer: model swapped in place, usage read', () => {
    const rewritten = rewriteResponsesPassthroughBody(body, 'openai/gpt-4o-mini', 'openai');
    assert.equal(
      rewritten.body,
      body.replace('"model": "gpt-4o-mini-2024-07-18"', '"model": "openai/gpt-4o-mini"'),
    );
    assert.equal(rewritten.upstreamModel, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(rewritten.usage, {
      inputTokens: 20,
      outputTokens: 3,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
    assert.throws(
      () => rewriteResponsesPassthroughBody('<html>oops</html>', 'm', 'openai'),
      (error: unknown) => error instanceof GatewayError && error.code === 'upstream_malformed',
    );
  });

  test('the request: model replaced, gateway fields removed, nothing else touched', () => {
    const text =
      '{"model":"openai/gpt-4o", "input":"hi","providerOptions":{"gateway":{"order":["openai"]}},"store":false,"models":["b"]}';
    const request = openAIResponsesRequestSchema.parse(JSON.parse(text));
    assert.equal(
      buildResponsesPassthroughBody(text, request, 'gpt-4o'),
      '{"model":"gpt-4o", "input":"hi","store":false}',
    );
    const plain = '{"model":"gpt-4o","input":"hi"}';
    assert.equal(
      buildResponsesPassthroughBody(plain, openAIResponsesRequestSchema.parse(JSON.parse(plain)), 'gpt-4o'),
      plain,
    );
  });
});
