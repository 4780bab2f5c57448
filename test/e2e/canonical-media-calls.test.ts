import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseConfigText } from '../../src/config/config-load.ts';
import type { CallContext } from '../../src/core/call-context.ts';
import { newCallRecord } from '../../src/core/call-record.ts';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { runEmbeddingCall } from '../../src/protocol/canonical/canonical-embedding-call.ts';
import { runImageCall } from '../../src/protocol/canonical/canonical-image-call.ts';
import { createProviderCredentials } from '../../src/providers/provider-registry.ts';
import type { Provider } from '../../src/providers/provider-types.ts';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { ModelCatalog, type ModelTarget } from '../../src/routing/model-catalog.ts';
import {
  cosine,
  MEDIA_MODELS,
  MEDIA_PROVIDERS,
  type MediaProvider,
  mediaProvidersYaml,
  readPngHeader,
} from '../support/media-providers.ts';

/**
 * The canonical embeddings and image calls (what the OpenAI routes use for providers that do not
 * speak OpenAI's API, and the Vercel AI Gateway protocol for every provider) through each
 * provider's AI SDK model, against the standalone simulator answering in each API's format.
 */

// Which providers report embedding input tokens (the Gemini API's embedContent reports none).
const REPORTS_EMBED_USAGE: Record<MediaProvider, boolean> = {
  openai: true,
  azure: true,
  gemini: false,
  vertex: true,
  bedrock: true,
  cohere: true,
  mistral: true,
  local: true,
};

const IMAGE_OPTIONS = {
  size: undefined,
  aspectRatio: undefined,
  seed: undefined,
  files: undefined,
  mask: undefined,
  providerOptions: {},
} as const;

function context(headers: Record<string, string> = {}): CallContext {
  return {
    request: new Request('http://gateway.test/v1/test', { method: 'POST', headers }),
    requestId: 'req_test',
    record: newCallRecord('req_test', 'POST', '/v1/test'),
    pathRest: '',
    elapsedMs: () => 7,
    deferFinish() {},
    finish() {},
  };
}

describe('runEmbeddingCall and runImageCall on every provider type, against the simulator', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let providers: Map<string, Provider[]>;
  let catalog: ModelCatalog;
  const target = (slug: string): ModelTarget => {
    const found = catalog.resolve(slug)?.targets[0];
    assert.ok(found, `no target for ${slug}`);
    return found;
  };

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    const config = parseConfigText(mediaProvidersYaml(simulator.url), 'media.yaml', {});
    providers = createProviderCredentials(config.providers);
    catalog = new ModelCatalog(config.models, providers);
  });
  after(async () => {
    await Promise.all([...providers.values()].flat().map((provider) => provider.close()));
    await simulator.close();
  });

  for (const provider of MEDIA_PROVIDERS) {
    for (const model of MEDIA_MODELS[provider].embedding) {
      test(`${provider}/${model}: batch embeddings, sized, deterministic, recorded`, async () => {
        const ctx = context();
        const values = ['the cat sat on the mat', 'the cat sat on a mat', 'quarterly revenue grew'];
        const result = await runEmbeddingCall(ctx, target(`${provider}/${model}`), {
          values,
          dimensions: 256,
        });
        assert.equal(result.embeddings.length, 3);
        for (const vector of result.embeddings) assert.equal(vector.length, 256);
        const [cat, similar, unrelated] = result.embeddings as [number[], number[], number[]];
        assert.ok(cosine(cat, similar) > cosine(cat, unrelated), 'similar texts are closer');
        const again = await runEmbeddingCall(context(), target(`${provider}/${model}`), {
          values: [values[0]!],
          dimensions: 256,
        });
        assert.deepEqual(again.embeddings[0], cat, 'same text, same vector');
        const record = ctx.record;
        assert.equal(record.operation, 'embedding');
        assert.equal(record.provider, provider);
        assert.equal(record.upstreamModel, model);
        assert.equal(record.latencyMs, 7);
        if (REPORTS_EMBED_USAGE[provider]) {
          const tokens = result.usage?.tokens ?? 0;
          assert.ok(tokens > 0);
          assert.equal(record.usage?.inputTokens, tokens);
          assert.equal(record.costNanoUsd, tokens * 20); // $0.02 / M tokens = 20 nano-dollars a token
        } else {
          assert.equal(result.usage, undefined);
          assert.equal(record.usage, undefined);
          assert.equal(record.costNanoUsd, undefined, 'unknown usage is an unknown cost, not 0');
        }
      });
    }

    for (const model of MEDIA_MODELS[provider].image as readonly string[]) {
      test(`${provider}/${model}: two images, valid PNGs, recorded`, async () => {
        const ctx = context();
        const result = await runImageCall(ctx, target(`${provider}/${model}`), {
          ...IMAGE_OPTIONS,
          prompt: 'a lighthouse at dusk',
          n: 2,
        });
        assert.equal(result.images.length, 2);
        assert.equal(result.mediaType, 'image/png');
        for (const image of result.images) {
          const header = readPngHeader(Buffer.from(image, 'base64'));
          assert.equal(header.width, 64);
          assert.equal(header.colourType, 2);
        }
        assert.equal(ctx.record.operation, 'image');
        assert.equal(ctx.record.provider, provider);
        if (result.usage !== undefined) {
          const { inputTokens = 0, outputTokens = 0 } = result.usage;
          assert.equal(ctx.record.costNanoUsd, inputTokens * 5000 + outputTokens * 40_000);
        } else {
          assert.equal(ctx.record.costNanoUsd, undefined);
        }
      });
    }
  }

  test('an upstream failure comes out classified, so failover can act on it', async () => {
    for (const slug of [
      'gemini/gemini-embedding-001',
      'bedrock/amazon.titan-embed-text-v2:0',
      'cohere/embed-v4.0',
    ]) {
      await assert.rejects(
        runEmbeddingCall(context({ 'x-simulator-fail': '429' }), target(slug), { values: ['x'] }),
        (error: unknown) => error instanceof GatewayError && error.code === 'rate_limited',
        slug,
      );
    }
    await assert.rejects(
      runImageCall(context({ 'x-simulator-fail': '503' }), target('vertex/imagen-4.0-generate-001'), {
        ...IMAGE_OPTIONS,
        prompt: 'x',
        n: 1,
      }),
      (error: unknown) => error instanceof GatewayError && error.status >= 500,
    );
  });

  test('a size the model does not offer is a 400, not an upstream failure', async () => {
    await assert.rejects(
      runEmbeddingCall(context(), target('bedrock/amazon.titan-embed-text-v2:0'), {
        values: ['x'],
        dimensions: 100,
      }),
      (error: unknown) =>
        error instanceof GatewayError &&
        error.code === 'invalid_request' &&
        /256, 512, 1024/.test(error.message),
    );
  });

  test('a provider without embeddings or images, or an Imagen it cannot sign for, is a clear 400', async () => {
    const config = parseConfigText(
      [
        'providers:',
        '  groq: { type: groq, api_key: gsk-test-000000, catalog: false, models: [{ id: embed, type: embedding }, { id: image, type: image }] }',
        '  vertex: { type: vertex, project: p, location: us-central1, catalog: false, models: [{ id: imagen-4.0-generate-001, type: image }] }',
      ].join('\n'),
      'groq.yaml',
      {},
    );
    const groq = createProviderCredentials(config.providers);
    const groqCatalog = new ModelCatalog(config.models, groq);
    try {
      await assert.rejects(
        runEmbeddingCall(context(), groqCatalog.resolve('groq/embed')!.targets[0]!, { values: ['x'] }),
        (error: unknown) =>
          error instanceof GatewayError &&
          error.status === 400 &&
          /does not support embeddings/.test(error.message),
      );
      await assert.rejects(
        runImageCall(context(), groqCatalog.resolve('groq/image')!.targets[0]!, {
          ...IMAGE_OPTIONS,
          prompt: 'x',
          n: 1,
        }),
        (error: unknown) =>
          error instanceof GatewayError &&
          error.status === 400 &&
          /does not support image generation/.test(error.message),
      );
      // Imagen is the gateway's own model on Vertex AI, which signs with an express-mode key only.
      await assert.rejects(
        runImageCall(context(), groqCatalog.resolve('vertex/imagen-4.0-generate-001')!.targets[0]!, {
          ...IMAGE_OPTIONS,
          prompt: 'x',
          n: 1,
        }),
        (error: unknown) =>
          error instanceof GatewayError && error.status === 400 && /express-mode api_key/.test(error.message),
      );
    } finally {
      await Promise.all([...groq.values()].flat().map((provider) => provider.close()));
    }
  });
});
