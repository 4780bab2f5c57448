import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import {
  embeddingToBase64,
  simulatorEmbedding,
} from '../../src/providers/simulator/simulator-embed-vectors.ts';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { simulatorMediaKind, simulatorModelType } from '../../src/providers/simulator/simulator-models.ts';
import { encodeSolidPng } from '../../src/providers/simulator/simulator-png.ts';
import { cosine, readPngHeader } from '../support/media-providers.ts';
import { postJson, SIGV4_HEADERS } from './simulator-format-test-support.ts';

describe('simulator embeddings: deterministic feature hashing', () => {
  it('gives the same unit vector for the same text, of the requested size', () => {
    const a = simulatorEmbedding('Hello, embeddings!', 300);
    assert.deepEqual(a, simulatorEmbedding('Hello, embeddings!', 300));
    assert.equal(a.length, 300);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-6);
  });

  it('puts similar texts closer than unrelated ones', () => {
    const base = simulatorEmbedding('how do I reset my password', 1536);
    const close = simulatorEmbedding('how can I reset my password?', 1536);
    const far = simulatorEmbedding('the weather in Lisbon is mild', 1536);
    assert.ok(cosine(base, close) > 0.8, String(cosine(base, close)));
    assert.ok(cosine(base, far) < 0.3, String(cosine(base, far)));
  });

  it('encodes base64 as little-endian float32, as OpenAI does', () => {
    const vector = [0.5, -0.25, 1];
    const bytes = Buffer.from(embeddingToBase64(vector), 'base64');
    assert.deepEqual([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)], vector);
  });
});

describe('simulator PNG encoder', () => {
  it('writes a signature, valid CRCs and pixel data that inflates to the image', () => {
    const png = encodeSolidPng(5, 3, { r: 10, g: 20, b: 30 });
    assert.deepEqual(readPngHeader(png), { width: 5, height: 3, bitDepth: 8, colourType: 2 });
    const chunks: string[] = [];
    let idat: Buffer = Buffer.alloc(0);
    for (let at = 8; at < png.length; ) {
      const length = png.readUInt32BE(at);
      const type = png.toString('ascii', at + 4, at + 8);
      const data = png.subarray(at + 8, at + 8 + length);
      assert.equal(png.readUInt32BE(at + 8 + length), crc32(png.subarray(at + 4, at + 8 + length)), type);
      if (type === 'IDAT') idat = data;
      chunks.push(type);
      at += 12 + length;
    }
    assert.deepEqual(chunks, ['IHDR', 'IDAT', 'IEND']);
    const pixels = inflateSync(idat);
    assert.equal(pixels.length, 3 * (1 + 5 * 3));
    assert.deepEqual([...pixels.subarray(0, 4)], [0, 10, 20, 30]);
  });
});

describe('simulator media model names', () => {
  it('knows embedding and image models by kind or by real ids', () => {
    for (const name of [
      'embed',
      'simulator/embed-large',
      'text-embedding-3-small',
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-v4:0',
      'gemini-embedding-001',
    ]) {
      assert.equal(simulatorMediaKind(name), 'embed', name);
    }
    for (const name of ['image', 'imagen-4.0-generate-001', 'gpt-image-1', 'gemini-2.5-flash-image']) {
      assert.equal(simulatorMediaKind(name), 'image', name);
    }
    assert.equal(simulatorMediaKind('echo'), undefined);
    assert.equal(simulatorModelType('lorem'), 'language');
    assert.equal(simulatorModelType('embed'), 'embedding');
  });
});

describe('simulator media APIs over HTTP', () => {
  let server: SimulatorServer;
  before(async () => {
    server = await startSimulatorServer();
  });
  after(() => server.close());

  it('Bedrock Titan V2: embedding, embeddingsByType, inputTextTokenCount; 256/512/1024 only', async () => {
    const url = `${server.url}/model/${encodeURIComponent('amazon.titan-embed-text-v2:0')}/invoke`;
    const reply = await postJson(url, { inputText: 'hello', dimensions: 256 }, SIGV4_HEADERS);
    const body = JSON.parse(reply.text) as { embedding: number[]; inputTextTokenCount: number };
    assert.deepEqual(Object.keys(body), ['embedding', 'embeddingsByType', 'inputTextTokenCount']);
    assert.equal(body.embedding.length, 256);
    const refused = await postJson(url, { inputText: 'hello', dimensions: 100 }, SIGV4_HEADERS);
    assert.equal(refused.status, 400);
    assert.match(refused.headers.get('x-amzn-errortype') ?? '', /^ValidationException/);
    assert.equal((await postJson(url, { inputText: 'hello' })).status, 403, 'unsigned');
  });

  it('Bedrock Cohere Embed: floats by type when asked, token count in a header', async () => {
    const url = `${server.url}/model/cohere.embed-english-v3/invoke`;
    const plain = await postJson(url, { texts: ['a', 'b'], input_type: 'search_document' }, SIGV4_HEADERS);
    const body = JSON.parse(plain.text) as { embeddings: number[][]; response_type: string };
    assert.equal(body.response_type, 'embeddings_floats');
    assert.equal(body.embeddings[1]?.length, 1024);
    assert.ok(Number(plain.headers.get('x-amzn-bedrock-input-token-count')) >= 2);
    const typed = await postJson(
      url,
      { texts: ['a'], input_type: 'search_query', embedding_types: ['float'] },
      SIGV4_HEADERS,
    );
    assert.equal((JSON.parse(typed.text) as { response_type: string }).response_type, 'embeddings_by_type');
  });

  it('Gemini embedContent, and Imagen :predict with sampleCount', async () => {
    const single = await postJson(`${server.url}/v1beta/models/gemini-embedding-001:embedContent`, {
      content: { parts: [{ text: 'hello' }] },
      outputDimensionality: 8,
    });
    assert.equal((JSON.parse(single.text) as { embedding: { values: number[] } }).embedding.values.length, 8);
    const images = await postJson(`${server.url}/v1beta/models/imagen-4.0-generate-001:predict`, {
      instances: [{ prompt: 'a fox' }],
      parameters: { sampleCount: 3 },
    });
    const { predictions } = JSON.parse(images.text) as {
      predictions: { bytesBase64Encoded: string; mimeType: string }[];
    };
    assert.equal(predictions.length, 3);
    assert.equal(predictions[0]?.mimeType, 'image/png');
    readPngHeader(Buffer.from(predictions[0]!.bytesBase64Encoded, 'base64'));
  });

  it('a Gemini image model answers generateContent with an inline PNG', async () => {
    const reply = await postJson(`${server.url}/v1beta/models/gemini-2.5-flash-image:generateContent`, {
      contents: [{ role: 'user', parts: [{ text: 'a fox' }] }],
      generationConfig: { responseModalities: ['IMAGE'] },
    });
    const body = JSON.parse(reply.text) as {
      candidates: { content: { parts: { inlineData: { mimeType: string; data: string } }[] } }[];
    };
    const part = body.candidates[0]?.content.parts[0]?.inlineData;
    assert.equal(part?.mimeType, 'image/png');
    readPngHeader(Buffer.from(part?.data ?? '', 'base64'));
  });

  it('Azure deployments: embeddings on the deployment path, its own 404', async () => {
    const embed = await postJson(
      `${server.url}/openai/deployments/embed-small/embeddings?api-version=2024-10-21`,
      {
        input: 'x',
      },
    );
    assert.equal(embed.status, 200);
    const missing = await postJson(`${server.url}/openai/deployments/gpt-4o/embeddings`, { input: 'x' });
    assert.equal(missing.status, 404);
    assert.equal((JSON.parse(missing.text) as { error: { code: string } }).error.code, 'DeploymentNotFound');
  });

  it('stages faults on media calls as on chat: a status with retry-after, malformed bytes', async () => {
    const limited = await postJson(
      `${server.url}/v1/embeddings`,
      { model: 'embed', input: 'x' },
      { 'x-simulator-fail': '429', 'x-simulator-retry-after': '3' },
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    const broken = await postJson(
      `${server.url}/v2/embed`,
      { model: 'embed', texts: ['x'], input_type: 'search_query' },
      {
        'x-simulator-fail': 'malformed',
      },
    );
    assert.equal(broken.status, 200);
    assert.throws(() => JSON.parse(broken.text));
  });
});
