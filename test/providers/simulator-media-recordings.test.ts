import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { readPngHeader } from '../support/media-providers.ts';
import { postJson, readCassette } from './simulator-format-test-support.ts';
import { keyPaths, readFixture, shapeOf } from './simulator-test-support.ts';

// The simulator's embeddings and image replies, over HTTP, against recordings of the real APIs:
// the same keys (in order where the recorder kept it; envoy's cassettes sort keys, so those are
// compared as sorted key paths), the same vector sizes, the same error bodies.

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

type Embeddings = { data: { embedding: number[] | string }[]; usage: { prompt_tokens: number } };

function floats(base64: string): number {
  return Buffer.from(base64, 'base64').length / 4;
}

function recorded(path: string) {
  const [exchange] = readCassette(path);
  assert.ok(exchange);
  return exchange as { requestBody: Record<string, unknown>; status: number; body: unknown };
}

describe('simulator vs OpenAI embeddings recordings', () => {
  const embeddings = (body: unknown) => postJson(`${server.url}/v1/embeddings`, body);
  const withModel = (request: Record<string, unknown>) => ({ ...request, model: 'text-embedding-3-small' });

  it('answers a float request with the recorded keys and the recorded size', async () => {
    const real = recorded('openai/embeddings/envoy-ai-gateway/embeddings-basic.yaml');
    const reply = await embeddings(withModel(real.requestBody));
    assert.equal(reply.status, 200);
    const ours = JSON.parse(reply.text) as Embeddings;
    assert.deepEqual(keyPaths(ours), keyPaths(real.body));
    assert.equal(ours.data[0]?.embedding.length, (real.body as Embeddings).data[0]?.embedding.length);
    const vercel = JSON.parse(readFixture('openai/embeddings/vercel-ai/openai-embedding.json')) as unknown;
    assert.deepEqual(shapeOf(ours), shapeOf(vercel), 'key order of the API');
  });

  for (const name of ['embeddings-base64', 'embeddings-dimensions']) {
    it(`answers ${name} with as many float32 values as recorded`, async () => {
      const real = recorded(`openai/embeddings/envoy-ai-gateway/${name}.yaml`);
      const ours = JSON.parse((await embeddings(withModel(real.requestBody))).text) as Embeddings;
      const theirs = real.body as Embeddings;
      assert.deepEqual(keyPaths(ours), keyPaths(theirs));
      assert.equal(floats(ours.data[0]?.embedding as string), floats(theirs.data[0]?.embedding as string));
    });
  }

  it('counts token-id input one token an id, as recorded', async () => {
    const real = recorded('openai/embeddings/envoy-ai-gateway/embeddings-tokens.yaml');
    const ours = JSON.parse((await embeddings(withModel(real.requestBody))).text) as Embeddings;
    assert.equal(ours.usage.prompt_tokens, (real.body as Embeddings).usage.prompt_tokens);
  });

  it('refuses a bad request with the recorded error body', async () => {
    const real = recorded('openai/errors/envoy-ai-gateway/embeddings-bad-request.yaml');
    const reply = await embeddings(real.requestBody);
    assert.equal(reply.status, real.status);
    const extracted = readFixture(
      'openai/errors/envoy-ai-gateway/extracted/embeddings-bad-request.0.400.response.json',
    );
    assert.deepEqual(JSON.parse(reply.text), JSON.parse(extracted));
  });

  it('answers an unknown model with the recorded 404', async () => {
    const real = recorded('openai/errors/pydantic-ai/TestOpenAI.test_embed_error.yaml');
    const reply = await embeddings(real.requestBody);
    assert.equal(reply.status, 404);
    assert.deepEqual(JSON.parse(reply.text), real.body);
  });
});

describe('simulator vs OpenAI image generation recording', () => {
  it('answers response_format url with the recorded keys (a data: URL)', async () => {
    const real = recorded('openai/images/envoy-ai-gateway/image-generation-basic.yaml');
    const reply = await postJson(`${server.url}/v1/images/generations`, {
      ...real.requestBody,
      model: 'gpt-image-1-mini',
      response_format: 'url',
    });
    const ours = JSON.parse(reply.text) as { data: { url: string }[] };
    assert.deepEqual(keyPaths(ours), keyPaths(real.body));
    assert.match(ours.data[0]?.url ?? '', /^data:image\/png;base64,/);
  });

  it('answers b64_json with a PNG and gpt-image usage', async () => {
    const real = recorded('openai/images/envoy-ai-gateway/image-generation-basic.yaml');
    const reply = await postJson(`${server.url}/v1/images/generations`, {
      ...real.requestBody,
      model: 'gpt-image-1',
    });
    const ours = JSON.parse(reply.text) as { data: { b64_json: string }[]; usage: { output_tokens: number } };
    assert.equal(readPngHeader(Buffer.from(ours.data[0]!.b64_json, 'base64')).width, 64);
    assert.ok(ours.usage.output_tokens > 0);
  });
});

describe('simulator vs Cohere v2 embed recordings', () => {
  it('answers with the recorded keys, in order', async () => {
    const real = recorded('cohere/embed/pydantic-ai/TestCohere.test_query.yaml');
    const reply = await postJson(`${server.url}/v2/embed`, real.requestBody);
    const ours = JSON.parse(reply.text) as { embeddings: { float: number[][] } };
    const vercel = JSON.parse(readFixture('cohere/embed/vercel-ai/cohere-embedding.json')) as unknown;
    assert.deepEqual(shapeOf(ours), shapeOf(vercel));
    const theirs = real.body as { embeddings: { float: number[][] } };
    assert.equal(ours.embeddings.float[0]?.length, theirs.embeddings.float[0]?.length);
  });

  it('answers an unknown model with the recorded 404', async () => {
    const real = recorded('cohere/errors/pydantic-ai/TestCohere.test_embed_error.yaml');
    const reply = await postJson(`${server.url}/v2/embed`, real.requestBody);
    assert.equal(reply.status, 404);
    const ours = JSON.parse(reply.text) as { message: string };
    assert.deepEqual(Object.keys(ours), Object.keys(real.body as object));
    assert.equal(ours.message, (real.body as { message: string }).message);
  });
});

describe('simulator vs Gemini API and Vertex AI embeddings recordings', () => {
  it('answers batchEmbedContents with the requested size', async () => {
    const real = recorded('google/embeddings/pydantic-ai/TestGoogle.test_query_with_dimensions.yaml');
    const reply = await postJson(
      `${server.url}/v1beta/models/gemini-embedding-2-preview:batchEmbedContents`,
      real.requestBody,
    );
    const ours = JSON.parse(reply.text) as { embeddings: { values: number[] }[] };
    assert.deepEqual(shapeOf(ours), shapeOf(real.body));
    assert.equal(ours.embeddings[0]?.values.length, 768);
  });

  it('answers an unknown model with the recorded 404', async () => {
    const real = recorded('google/errors/pydantic-ai/TestGoogle.test_embed_error.yaml');
    const reply = await postJson(
      `${server.url}/v1beta/models/nonexistent-model:batchEmbedContents`,
      real.requestBody,
    );
    assert.equal(reply.status, 404);
    assert.deepEqual(JSON.parse(reply.text), real.body);
  });

  it("answers Vertex AI's :predict with the recorded keys, in order", async () => {
    const reply = await postJson(
      `${server.url}/v1/projects/p/locations/us-central1/publishers/google/models/text-embedding-005:predict`,
      { instances: [{ content: 'sunny day at the beach' }, { content: 'rainy day in the city' }] },
    );
    const ours = JSON.parse(reply.text) as { predictions: { embeddings: { values: number[] } }[] };
    const vercel = JSON.parse(
      readFixture('google/embeddings/vercel-ai/google-vertex-embedding.json'),
    ) as unknown;
    assert.deepEqual(shapeOf(ours), shapeOf(vercel));
    assert.equal(ours.predictions.length, 2);
  });
});
