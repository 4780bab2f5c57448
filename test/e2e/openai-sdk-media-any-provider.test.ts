import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';
import {
  MEDIA_MODELS,
  MEDIA_PROVIDERS,
  mediaProvidersYaml,
  readPngHeader,
} from '../support/media-providers.ts';

/**
 * The official `openai` SDK's `embeddings.create` and `images.generate` through the gateway to
 * every provider type that serves them, with the standalone simulator answering in each
 * provider's own API: passthrough for OpenAI-format services, each AI SDK adapter for the others.
 */

/** Float32 round trips lose digits past the 7th: equal within that. */
function assertClose(actual: readonly number[], expected: readonly number[]): void {
  assert.equal(actual.length, expected.length);
  for (let at = 0; at < actual.length; at++) assert.ok(Math.abs(actual[at]! - expected[at]!) < 1e-6);
}

describe('openai SDK → gateway → every provider type serving embeddings and images', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: OpenAI;
  before(async () => {
    simulator = await startSimulatorServer({ port: 0, models: { 'embed-broken': { fault: 503 } } });
    // A slug whose first target always fails (the simulator's `embed-broken` answers 503), and no
    // retries, so a staged 429 reaches the client at once.
    gateway = await startGateway(
      `${mediaProvidersYaml(simulator.url)}${[
        'models:',
        '  team/vectors:',
        '    type: embedding',
        '    targets:',
        '      - { provider: openai, model: embed-broken }',
        '      - { provider: cohere, model: embed-v4.0 }',
        'routing:',
        '  retries: 0',
      ].join('\n')}\n`,
    );
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  for (const provider of MEDIA_PROVIDERS) {
    for (const id of MEDIA_MODELS[provider].embedding) {
      const model = `${provider}/${id}`;
      test(`${model}: string and array, 256 dimensions, float and base64`, async () => {
        const single = await client.embeddings
          .create({ model, input: 'hello world', dimensions: 256 })
          .withResponse();
        assert.equal(single.data.data[0]?.embedding.length, 256);
        assert.equal(single.data.model, model);
        assert.equal(single.response.headers.get('x-tollgate-provider'), provider);
        const batch = await client.embeddings.create({
          model,
          input: ['hello world', 'goodbye moon'],
          dimensions: 256,
          encoding_format: 'float',
        });
        assert.equal(batch.data.length, 2);
        const decoded = single.data.data[0]!.embedding;
        assertClose(batch.data[0]!.embedding, decoded);
        const record = gateway.records.at(-1);
        assert.equal(record?.operation, 'embedding');
        assert.equal(record?.provider, provider);
      });
    }
    for (const id of MEDIA_MODELS[provider].image as readonly string[]) {
      const model = `${provider}/${id}`;
      test(`${model}: images.generate answers PNGs`, async () => {
        const result = await client.images.generate({ model, prompt: 'a red bicycle', size: '1024x1024' });
        const header = readPngHeader(Buffer.from(result.data?.[0]?.b64_json ?? '', 'base64'));
        assert.equal(header.width, 64);
        assert.equal(gateway.records.at(-1)?.provider, provider);
      });
    }
  }

  test('priced embeddings are costed on the record', async () => {
    const result = await client.embeddings.create({ model: 'openai/embed', input: 'price me' });
    const record = gateway.records.at(-1);
    assert.equal(record?.usage?.inputTokens, result.usage.prompt_tokens);
    assert.equal(record?.costNanoUsd, result.usage.prompt_tokens * 20); // $0.02 per million tokens
  });

  test('an upstream 429 reaches the client as 429, in every API shape', async () => {
    for (const model of [
      'openai/embed',
      'gemini/gemini-embedding-001',
      'bedrock/cohere.embed-v4:0',
      'cohere/embed-v4.0',
    ]) {
      await assert.rejects(
        client.embeddings.create({ model, input: 'x' }, { headers: { 'x-simulator-fail': '429' } }),
        (error: unknown) => error instanceof OpenAI.RateLimitError,
        model,
      );
    }
  });

  test('a failing target fails over to the next; order puts a provider first', async () => {
    const { data, response } = await client.embeddings
      .create({ model: 'team/vectors', input: 'fail over', dimensions: 256 })
      .withResponse();
    assert.equal(data.data[0]?.embedding.length, 256);
    assert.equal(response.headers.get('x-tollgate-provider'), 'cohere');
    assert.match(response.headers.get('x-tollgate-attempts') ?? '', /^openai:embed-broken;status=503/);
    const ordered = await client.embeddings
      .create({
        model: 'team/vectors',
        input: 'x',
        providerOptions: { gateway: { order: ['cohere'] } },
      } as never)
      .withResponse();
    assert.equal(ordered.response.headers.get('x-tollgate-provider'), 'cohere');
    assert.match(ordered.response.headers.get('x-tollgate-attempts') ?? '', /^cohere:embed-v4\.0;status=200/);
  });

  test('token ids to a provider that takes text only are a 400', async () => {
    await assert.rejects(
      client.embeddings.create({ model: 'cohere/embed-v4.0', input: [1, 2, 3] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'input',
    );
  });
});
