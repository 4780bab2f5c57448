import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';
import { cosine, readPngHeader } from '../support/media-providers.ts';

/**
 * The official `openai` SDK's `embeddings.create` and `images.generate` against the default
 * gateway (`npm start` with no config: the built-in simulator); every provider type is covered by
 * `openai-sdk-media-any-provider.test.ts`.
 */

/** Float32 round trips lose digits past the 7th: equal within that. */
function assertClose(actual: readonly number[], expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  for (let at = 0; at < actual.length; at++) assert.ok(Math.abs(actual[at]! - expected[at]!) < 1e-6);
}

function decodeBase64Floats(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
}

describe('openai SDK → default gateway (built-in simulator): embeddings and images', () => {
  let gateway: GatewayHarness;
  let client: OpenAI;
  before(async () => {
    gateway = await startGateway();
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(() => gateway.close());

  test('a string, OpenAI-sized by default; the SDK decodes its default base64', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'simulator/embed', input: 'How do I reset my password?' })
      .withResponse();
    assert.equal(data.object, 'list');
    assert.equal(data.model, 'simulator/embed');
    assert.equal(data.data[0]?.embedding.length, 1536);
    assert.ok((data.usage.prompt_tokens ?? 0) > 0);
    assert.equal(response.headers.get('x-tollgate-provider'), 'simulator');
    const record = gateway.records.at(-1);
    assert.equal(record?.operation, 'embedding');
    assert.equal(record?.usage?.inputTokens, data.usage.prompt_tokens);
    assert.equal(record?.costNanoUsd, undefined, 'the simulator has no price: cost unknown');
  });

  test('an array with dimensions, float and base64 alike; deterministic; similar texts closer', async () => {
    const input = ['the cat sat on the mat', 'the cat sat on a mat', 'quarterly revenue grew'];
    const float = await client.embeddings.create({
      model: 'simulator/embed',
      input,
      dimensions: 64,
      encoding_format: 'float',
    });
    const raw = await fetch(`${gateway.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'simulator/embed', input, dimensions: 64, encoding_format: 'base64' }),
    });
    const base64 = (await raw.json()) as { data: { index: number; embedding: string }[] };
    assert.deepEqual(
      float.data.map((item) => item.index),
      [0, 1, 2],
    );
    for (const [index, item] of float.data.entries()) {
      assert.equal(item.embedding.length, 64);
      const decoded = decodeBase64Floats(base64.data[index]!.embedding);
      assertClose(decoded, item.embedding);
    }
    const [cat, similar, unrelated] = float.data.map((item) => item.embedding) as [
      number[],
      number[],
      number[],
    ];
    assert.ok(cosine(cat, similar) > 0.7, `similar: ${cosine(cat, similar)}`);
    assert.ok(cosine(cat, similar) > cosine(cat, unrelated) + 0.3);
    const again = await client.embeddings.create({
      model: 'simulator/embed',
      input: input[0]!,
      dimensions: 64,
      encoding_format: 'float',
    });
    assert.deepEqual(again.data[0]?.embedding, cat);
  });

  test('token-id input passes through to a provider speaking OpenAI natively', async () => {
    const result = await client.embeddings.create({
      model: 'simulator/embed',
      input: [4438, 656, 358, 7738],
    });
    assert.equal(result.data.length, 1);
    assert.equal(result.usage.prompt_tokens, 4);
  });

  test('images.generate: b64_json PNGs by default, a data: URL for response_format url', async () => {
    const result = await client.images.generate({ model: 'simulator/image', prompt: 'a lighthouse', n: 2 });
    assert.equal(result.data?.length, 2);
    for (const image of result.data ?? []) {
      const header = readPngHeader(Buffer.from(image.b64_json ?? '', 'base64'));
      assert.deepEqual([header.width, header.height, header.bitDepth], [64, 64, 8]);
    }
    assert.ok((result.usage?.output_tokens ?? 0) > 0);
    const record = gateway.records.at(-1);
    assert.equal(record?.operation, 'image');
    assert.equal(record?.usage?.outputTokens, result.usage?.output_tokens);
    const url = await client.images.generate({
      model: 'simulator/image',
      prompt: 'x',
      response_format: 'url',
    });
    assert.match(url.data?.[0]?.url ?? '', /^data:image\/png;base64,iVBORw0KGgo/);
  });

  test('GET /v1/models lists the embedding and image models with their type', async () => {
    const models = (await client.models.list()).data as unknown as { id: string; type: string }[];
    const types = Object.fromEntries(models.map((model) => [model.id, model.type]));
    assert.equal(types['simulator/embed'], 'embedding');
    assert.equal(types['simulator/image'], 'image');
    assert.equal(types['simulator/echo'], 'language');
  });

  test('a model of the wrong type is a 400 in OpenAI shape, before any upstream call', async () => {
    await assert.rejects(
      client.embeddings.create({ model: 'simulator/echo', input: 'x' }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal(error.code, 'model_type_mismatch');
        assert.match(error.message, /language model, not an embedding model/);
        return true;
      },
    );
    await assert.rejects(
      client.chat.completions.create({
        model: 'simulator/embed',
        messages: [{ role: 'user', content: 'x' }],
      }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError && /POST \/v1\/embeddings/.test(error.message),
    );
    await assert.rejects(
      client.images.generate({ model: 'simulator/embed', prompt: 'x' }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.code === 'model_type_mismatch',
    );
  });

  test('a malformed body is a 400 naming the field', async () => {
    for (const [path, body, param] of [
      ['/embeddings', '{"model": "simulator/embed", "input": ', null],
      ['/embeddings', '{"model": "simulator/embed"}', 'input'],
      [
        '/embeddings',
        '{"model": "simulator/embed", "input": "x", "encoding_format": "int8"}',
        'encoding_format',
      ],
      ['/images/generations', '{"model": "simulator/image", "prompt": "x", "n": 0}', 'n'],
      ['/images/generations', '{"model": "simulator/image", "prompt": "x", "stream": true}', 'stream'],
    ] as const) {
      const response = await fetch(`${gateway.baseURL}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(response.status, 400);
      const { error } = (await response.json()) as { error: { type: string; param: string | null } };
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param);
    }
  });
});
