import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import * as gateway4 from '@ai-sdk/gateway';
import * as ai7 from 'ai';
import * as gateway3 from 'ai-sdk-gateway3';
import * as ai6 from 'ai6';
import { newCallRecord } from '../../src/core/call-record.ts';
import { GatewayError, type GatewayErrorCode } from '../../src/core/gateway-error.ts';
import { vercelGatewayErrorStatus } from '../../src/protocol/vercel-gateway/vercel-gateway-error-format.ts';
import { errorResponse } from '../../src/server/error-response.ts';
import { type FaultUpstream, startFaultUpstream } from '../support/fault-upstream.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The Vercel AI Gateway drop-in: the real `ai` + `@ai-sdk/gateway` packages of both client lines
 * (ai@6 with gateway 3.x on `/v3/ai`, ai@7 with gateway 4.x on `/v4/ai`) against Tollgate over
 * HTTP, with the simulator as separate OpenAI-format and Anthropic-format upstreams. Only
 * `baseURL` and the API key differ from an app written for Vercel's hosted gateway.
 */

/** The part of each line's API these tests use (the 6.x and 7.x signatures agree on it). */
type Ai = typeof ai7;
type Gateway = typeof gateway4;

const LINES: { name: string; prefix: string; spec: string; ai: Ai; gateway: Gateway }[] = [
  {
    name: 'ai@6 + @ai-sdk/gateway@3',
    prefix: '/v3/ai',
    spec: 'v3',
    ai: ai6 as unknown as Ai,
    gateway: gateway3 as unknown as Gateway,
  },
  { name: 'ai@7 + @ai-sdk/gateway@4', prefix: '/v4/ai', spec: 'v4', ai: ai7, gateway: gateway4 },
];

const KEY = 'tg-vercel-client-key';

// The adapters' compatibility notes reach the client as warnings (as they should); keep the
// test output readable.
(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

interface GatewayMeta {
  generationId: string;
  cost?: string;
  marketCost?: string;
  routing: {
    originalModelId: string;
    finalProvider: string;
    resolvedProvider: string;
    modelAttemptCount: number;
    modelAttempts: {
      modelId: string;
      success: boolean;
      providerAttempts: { provider: string; success: boolean; statusCode: number }[];
    }[];
  };
}

function gatewayMeta(metadata: unknown): GatewayMeta {
  const gateway = (metadata as { gateway?: GatewayMeta } | undefined)?.gateway;
  assert.ok(gateway !== undefined, 'providerMetadata.gateway is present');
  return gateway;
}

describe('Vercel AI Gateway protocol with the real ai + @ai-sdk/gateway clients', () => {
  let openaiUpstream: FaultUpstream;
  let anthropicUpstream: FaultUpstream;
  let harness: GatewayHarness;

  before(async () => {
    openaiUpstream = await startFaultUpstream({ name: 'openai-format' });
    anthropicUpstream = await startFaultUpstream({ name: 'anthropic-format' });
    const forward = `catalog: false, forward_headers: ['x-simulator-*']`;
    harness = await startGateway(`
auth:
  api_keys: [{ name: app, key: ${KEY} }]
providers:
  openai: { type: openai, base_url: ${openaiUpstream.url}/v1, api_key: sk-openai-system, ${forward} }
  anthropic: { type: anthropic, base_url: ${anthropicUpstream.url}/v1, api_key: sk-ant-system, ${forward} }
  simulator: { type: simulator }
models:
  acme/echo:
    targets:
      - { provider: openai, model: echo, pricing: { input: 3, output: 15 } }
      - { provider: anthropic, model: echo, pricing: { input: 3, output: 15 } }
  acme/tools:
    targets: [{ provider: anthropic, model: tools }, { provider: openai, model: tools }]
  acme/priced:
    targets:
      - { provider: openai, model: echo-priced, pricing: { input: 5, output: 20 } }
      - { provider: anthropic, model: echo-priced, pricing: { input: 1, output: 4 } }
  acme/broken:
    targets: [{ provider: openai, model: echo-broken }]
    routing: { retries: 0 }
  acme/solo:
    targets: [{ provider: openai, model: echo-solo }]
    routing: { retries: 0 }
  acme/dep:
    targets: [{ provider: openai, model: echo-dep }]
    routing: { retries: 0 }
`);
  });
  after(async () => {
    await harness.close();
    await openaiUpstream.close();
    await anthropicUpstream.close();
  });

  for (const line of LINES) {
    describe(line.name, () => {
      const { ai } = line;
      let provider: ReturnType<Gateway['createGateway']>;
      before(() => {
        provider = line.gateway.createGateway({ baseURL: `${harness.url}${line.prefix}`, apiKey: KEY });
      });

      test('generateText: text, usage, providerMetadata.gateway with routing, cost and generation id', async () => {
        const result = await ai.generateText({
          model: provider('acme/echo'),
          prompt: 'hello gateway',
          maxRetries: 0,
        });
        assert.match(result.text, /hello gateway/);
        assert.ok((result.usage.inputTokens ?? 0) > 0);
        assert.ok((result.usage.outputTokens ?? 0) > 0);
        assert.equal(result.finishReason, 'stop');
        const meta = gatewayMeta(result.providerMetadata);
        assert.match(meta.generationId, /^gen_[0-9A-Z]{26}$/);
        assert.equal(meta.routing.originalModelId, 'acme/echo');
        assert.equal(meta.routing.finalProvider, 'openai');
        assert.match(meta.cost ?? '', /^\d+\.\d+$/);
        assert.ok(Number(meta.cost) > 0);
        const record = harness.records.find((entry) => entry.generationId === meta.generationId);
        assert.ok(record !== undefined, 'the call record has the same generation id');
        assert.equal(record.provider, 'openai');
        await new Promise((resolve) => setTimeout(resolve, 50));
        const line = harness.logLines.find((entry) => entry.generationId === meta.generationId);
        assert.equal(line?.model, 'acme/echo', 'the log line carries the generation id');
      });

      test('providerOptions.gateway.order picks the provider, visible in routing', async () => {
        const result = await ai.generateText({
          model: provider('acme/echo'),
          prompt: 'order please',
          providerOptions: {
            gateway: { order: ['anthropic', 'openai'], user: 'user-42', tags: ['feature:order'] },
          },
          maxRetries: 0,
        });
        const meta = gatewayMeta(result.providerMetadata);
        assert.equal(meta.routing.finalProvider, 'anthropic');
        assert.equal(meta.routing.resolvedProvider, 'anthropic');
        const record = harness.records.find((entry) => entry.generationId === meta.generationId);
        assert.equal(record?.user, 'user-42');
        assert.deepEqual(record?.tags, ['feature:order']);
      });

      test('providerOptions.gateway.sort: cost ranks the cheaper provider first, with routing.sort', async () => {
        const plain = await ai.generateText({
          model: provider('acme/priced'),
          prompt: 'default',
          maxRetries: 0,
        });
        assert.equal(gatewayMeta(plain.providerMetadata).routing.finalProvider, 'openai');
        const sorted = await ai.generateText({
          model: provider('acme/priced'),
          prompt: 'cheapest please',
          providerOptions: { gateway: { sort: 'cost' } },
          maxRetries: 0,
        });
        const routing = gatewayMeta(sorted.providerMetadata).routing as GatewayMeta['routing'] & {
          sort?: { option: string; executionOrder: string[] };
        };
        assert.equal(routing.finalProvider, 'anthropic');
        assert.deepEqual(routing.sort, { option: 'cost', executionOrder: ['anthropic', 'openai'] });
      });

      test('providerOptions.gateway.models falls back to another model, both in modelAttempts', async () => {
        openaiUpstream.set({ fail: 503 });
        const result = await ai
          .generateText({
            model: provider('acme/broken'),
            prompt: 'fall back',
            providerOptions: { gateway: { models: ['acme/tools'] } },
            maxRetries: 0,
          })
          .finally(() => openaiUpstream.clear());
        const meta = gatewayMeta(result.providerMetadata);
        assert.equal(meta.routing.modelAttemptCount, 2);
        const [first, second] = meta.routing.modelAttempts;
        assert.equal(first?.modelId, 'acme/broken');
        assert.equal(first?.success, false);
        assert.equal(first?.providerAttempts[0]?.statusCode, 503);
        assert.equal(second?.modelId, 'acme/tools');
        assert.equal(second?.success, true);
      });

      test('streamText with a tool loop: tool call, execution, final answer, metadata on finish', async () => {
        const result = ai.streamText({
          model: provider('acme/tools'),
          prompt: 'What is the weather in Berlin?',
          tools: {
            getWeather: ai.tool({
              description: 'Get the weather for a city',
              inputSchema: ai.jsonSchema<{ city: string }>({
                type: 'object',
                properties: { city: { type: 'string' } },
                required: ['city'],
                additionalProperties: false,
              }),
              execute: async ({ city }) => ({ city, temperatureC: 21 }),
            }),
          },
          stopWhen: ai.stepCountIs(3),
          maxRetries: 0,
        });
        let firstContentGenerationId: string | undefined;
        for await (const part of result.fullStream) {
          const metadata = (part as { providerMetadata?: { gateway?: { generationId?: string } } })
            .providerMetadata;
          firstContentGenerationId ??= metadata?.gateway?.generationId;
        }
        const steps = await result.steps;
        assert.deepEqual(
          steps.map((step) => step.finishReason),
          ['tool-calls', 'stop'],
        );
        assert.equal(steps[0]?.toolCalls[0]?.toolName, 'getWeather');
        assert.match(await result.text, /The tool returned/);
        const meta = gatewayMeta(await result.providerMetadata);
        assert.equal(meta.routing.finalProvider, 'anthropic');
        assert.match(firstContentGenerationId ?? '', /^gen_/);
        const usage = await result.totalUsage;
        assert.ok((usage.inputTokens ?? 0) > 0 && (usage.outputTokens ?? 0) > 0);
      });

      test('structured output: Output.object and generateObject parse against the schema', async () => {
        const schema = ai.jsonSchema<{ city: string; temperatureC: number }>({
          type: 'object',
          properties: { city: { type: 'string' }, temperatureC: { type: 'number' } },
          required: ['city', 'temperatureC'],
          additionalProperties: false,
        });
        for (const model of ['acme/echo', 'acme/tools']) {
          const { output } = await ai.generateText({
            model: provider(model),
            output: ai.Output.object({ schema }),
            prompt: 'weather as JSON',
            maxRetries: 0,
          });
          assert.equal(typeof output.city, 'string', model);
          assert.equal(typeof output.temperatureC, 'number', model);
        }
        if (line.spec === 'v3') {
          const { object } = await ai.generateObject({
            model: provider('acme/echo'),
            schema,
            prompt: 'weather',
            maxRetries: 0,
          });
          assert.equal(typeof object.temperatureC, 'number');
        }
      });

      test('embed and embedMany: deterministic vectors with usage', async () => {
        const model = provider.embeddingModel('simulator/embed');
        const one = await ai.embed({ model, value: 'sunny day at the beach', maxRetries: 0 });
        const again = await ai.embed({ model, value: 'sunny day at the beach', maxRetries: 0 });
        assert.ok(one.embedding.length > 0);
        assert.deepEqual(one.embedding, again.embedding);
        assert.ok((one.usage.tokens ?? 0) > 0);
        const many = await ai.embedMany({ model, values: ['a', 'b c', 'd e f'], maxRetries: 0 });
        assert.equal(many.embeddings.length, 3);
        assert.equal(gatewayMeta(one.providerMetadata).routing.finalProvider, 'simulator');
      });

      test('generateImage: PNG images', async () => {
        const { images } = await ai.generateImage({
          model: provider.imageModel('simulator/image'),
          prompt: 'a red square',
          n: 2,
          size: '512x512',
          maxRetries: 0,
        });
        assert.equal(images.length, 2);
        for (const image of images) {
          assert.equal(image.mediaType, 'image/png');
          assert.deepEqual([...image.uint8Array.slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
        }
      });

      test('getAvailableModels: models with string prices and the line’s specification version', async () => {
        const { models } = await provider.getAvailableModels();
        const echo = models.find((model) => model.id === 'acme/echo');
        assert.ok(echo !== undefined);
        assert.equal(echo.specification.specificationVersion, line.spec);
        assert.equal(echo.pricing?.input, '0.000003');
        assert.equal(echo.pricing?.output, '0.000015');
        const types = new Set(models.map((model) => model.modelType));
        assert.ok(types.has('embedding') && types.has('image') && types.has('language'));
      });

      test('getCredits, getGenerationInfo and getSpendReport read the calls this key made', async () => {
        const result = await ai.generateText({
          model: provider('acme/echo'),
          prompt: 'account',
          providerOptions: { gateway: { tags: ['report-tag'] } },
          maxRetries: 0,
        });
        const meta = gatewayMeta(result.providerMetadata);
        const credits = await provider.getCredits();
        assert.equal(typeof credits.balance, 'string');
        assert.ok(Number(credits.totalUsed) > 0);
        const info = await provider.getGenerationInfo({ id: meta.generationId });
        assert.equal(info.id, meta.generationId);
        assert.equal(info.model, 'acme/echo');
        assert.equal(info.providerName, 'openai');
        assert.ok(info.promptTokens > 0);
        assert.ok(Math.abs(info.totalCost - Number(meta.cost)) < 1e-12);
        const today = new Date().toISOString().slice(0, 10);
        const report = await provider.getSpendReport({
          startDate: today,
          endDate: today,
          groupBy: 'tag',
          tags: ['report-tag'],
        });
        const row = report.results.find((entry) => entry.tag === 'report-tag');
        assert.ok(row !== undefined && (row.requestCount ?? 0) >= 1 && row.totalCost > 0);
      });

      test('errors surface as the right client error classes', async () => {
        const call = (model: string, headers?: Record<string, string>, key = KEY) =>
          line.gateway
            .createGateway({ baseURL: `${harness.url}${line.prefix}`, apiKey: key })(model)
            .doGenerate({
              prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
              headers,
            } as never)
            .then(
              () => assert.fail('expected an error'),
              (error: unknown) => error,
            );
        const notFound = await call('acme/nope');
        assert.ok(line.gateway.GatewayModelNotFoundError.isInstance(notFound), String(notFound));
        assert.equal((notFound as { modelId?: string }).modelId, 'acme/nope');
        const auth = await call('acme/echo', undefined, 'wrong-key');
        assert.ok(line.gateway.GatewayAuthenticationError.isInstance(auth), String(auth));
        const dependency = await call('acme/dep', { 'x-simulator-fail': '401' });
        assert.ok(line.gateway.GatewayFailedDependencyError.isInstance(dependency), String(dependency));
        const internal = await call('acme/solo', { 'x-simulator-fail': '500' });
        assert.ok(line.gateway.GatewayInternalServerError.isInstance(internal), String(internal));
        assert.equal((internal as { statusCode?: number }).statusCode, 502);
        const limited = await call('acme/solo', {
          'x-simulator-fail': '429',
          'x-simulator-retry-after': '7',
        });
        assert.ok(line.gateway.GatewayRateLimitError.isInstance(limited), String(limited));
        const invalid = await ai
          .generateText({
            model: provider('acme/echo'),
            prompt: 'x',
            providerOptions: { gateway: { order: 'anthropic' } as never },
            maxRetries: 0,
          })
          .then(
            () => assert.fail('expected an error'),
            (error: unknown) => error,
          );
        assert.ok(line.gateway.GatewayInvalidRequestError.isInstance(invalid), String(invalid));
      });

      test('a 429 with retry-after is retried by the client and then served', async () => {
        openaiUpstream.resetCounts();
        openaiUpstream.set({ fail: 429, retryAfter: 1 });
        const started = performance.now();
        const pending = ai.generateText({ model: provider('acme/solo'), prompt: 'retry me', maxRetries: 2 });
        while (openaiUpstream.count() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        openaiUpstream.clear();
        const result = await pending;
        assert.match(result.text, /retry me/);
        assert.equal(openaiUpstream.count(), 2);
        assert.ok(performance.now() - started >= 900, 'the client waited for retry-after');
      });

      test('byok: the request’s own key serves first, billed as byok, never logged', async () => {
        const secret = 'sk-request-own-key-0123456789';
        openaiUpstream.resetCounts();
        const result = await ai.generateText({
          model: provider('acme/echo'),
          prompt: 'my key',
          providerOptions: {
            gateway: {
              // Keys for a provider that does not serve the model are simply unused.
              byok: { openai: [{ apiKey: secret }], vertex: [{ apiKey: 'vertex-unused-key' }] },
              zeroDataRetention: true,
            },
          },
          maxRetries: 0,
        });
        const meta = gatewayMeta(result.providerMetadata);
        const attempt = meta.routing.modelAttempts[0]?.providerAttempts[0] as
          | { credentialType?: string }
          | undefined;
        assert.equal(attempt?.credentialType, 'byok');
        assert.equal(meta.routing.finalProvider, 'openai(byok)');
        assert.equal(meta.cost, '0');
        assert.ok(Number(meta.marketCost) > 0);
        assert.equal((meta as { enabledZeroDataRetention?: boolean }).enabledZeroDataRetention, true);
        const record = harness.records.find((entry) => entry.generationId === meta.generationId);
        assert.equal(record?.byok, true);
        assert.equal(record?.zeroDataRetention, true);
        assert.equal(openaiUpstream.requests[0]?.credential, `Bearer ${secret}`);
        assert.ok(!harness.rawLog().includes(secret), 'the request key never reaches the log');
      });

      test('a stream that breaks mid-way ends with an error part', async () => {
        const result = ai.streamText({
          model: provider('acme/solo'),
          prompt: 'break please',
          headers: { 'x-simulator-fail': 'cut', 'x-simulator-fail-after': '2' },
          maxRetries: 0,
          onError: () => {},
        });
        const types: string[] = [];
        for await (const part of result.fullStream) types.push(part.type);
        assert.ok(types.includes('text-delta'), types.join(','));
        assert.ok(types.includes('error'), types.join(','));
      });
    });
  }

  describe('every gateway error as the real clients classify it', () => {
    // Errors no route produces yet (403 needs per-key permissions) are rendered by the same
    // function the gateway uses and fed to the real clients by a stub server.
    const expected: Partial<Record<GatewayErrorCode, string>> = {
      authentication: 'GatewayAuthenticationError',
      invalid_request: 'GatewayInvalidRequestError',
      permission_denied: 'GatewayForbiddenError',
      model_not_found: 'GatewayModelNotFoundError',
      rate_limited: 'GatewayRateLimitError',
      upstream_auth: 'GatewayFailedDependencyError',
      upstream_error: 'GatewayInternalServerError',
      upstream_timeout: 'GatewayInternalServerError',
      internal: 'GatewayInternalServerError',
    };
    let stub: Server;
    let url: string;
    let next: GatewayError;
    before(async () => {
      stub = createServer((request, response) => {
        request.resume();
        request.on('end', async () => {
          const record = newCallRecord('req-1', 'POST', '/v3/ai/language-model');
          record.model = 'acme/x';
          const rendered = errorResponse('vercel', next, record);
          response.writeHead(rendered.status, Object.fromEntries(rendered.headers));
          response.end(await rendered.text());
        });
      });
      await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => stub.close(() => resolve())));

    for (const line of LINES) {
      test(`${line.name}: each error type becomes its client class`, async () => {
        for (const [code, name] of Object.entries(expected)) {
          next = new GatewayError(code as GatewayErrorCode, `staged ${code}`, {
            retryAfterSeconds: code === 'rate_limited' ? 3 : undefined,
          });
          const error = await line.gateway
            .createGateway({ baseURL: `${url}${line.prefix}`, apiKey: KEY })('acme/x')
            .doGenerate({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'x' }] }] } as never)
            .then(
              () => assert.fail('expected an error'),
              (thrown: unknown) => thrown as { name: string; statusCode: number; generationId?: string },
            );
          assert.equal(error.name, name, code);
          assert.equal(error.statusCode, vercelGatewayErrorStatus(next), code);
          assert.match(error.generationId ?? '', /^gen_/, code);
        }
      });
    }
  });

  describe('the wire protocol itself', () => {
    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      fetch(`${harness.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const prompt = [{ role: 'user', content: [{ type: 'text', text: 'v2 client' }] }];

    test('/v1/ai speaks the 2.x line: string finish reason, flat usage, v2 config', async () => {
      const response = await post(
        '/v1/ai/language-model',
        { 'ai-language-model-id': 'acme/echo', 'ai-language-model-streaming': 'false' },
        { prompt },
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as {
        finishReason: unknown;
        usage: Record<string, unknown>;
        content: { type: string; text?: string }[];
      };
      assert.equal(body.finishReason, 'stop');
      assert.equal(typeof body.usage.inputTokens, 'number');
      assert.match(body.content[0]?.text ?? '', /v2 client/);
      const config = (await (
        await fetch(`${harness.url}/v1/ai/config`, { headers: { authorization: `Bearer ${KEY}` } })
      ).json()) as {
        models: { specification: { specificationVersion: string } }[];
      };
      assert.ok(config.models.every((model) => model.specification.specificationVersion === 'v2'));
    });

    test('3.x file parts: data URLs and bare base64 reach the upstream as files', async () => {
      const png =
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
      const response = await post(
        '/v3/ai/language-model',
        { 'ai-language-model-id': 'acme/echo', 'ai-language-model-streaming': 'false' },
        {
          prompt: [
            {
              role: 'user',
              content: [
                { type: 'text', text: 'look at this' },
                { type: 'file', mediaType: 'image/png', data: `data:image/png;base64,${png}` },
                { type: 'file', mediaType: 'image/png', data: png },
              ],
            },
          ],
        },
      );
      assert.equal(response.status, 200, await response.clone().text());
    });

    test('malformed bodies and unknown model types get gateway-shaped errors, never a crash', async () => {
      const bad = await post(
        '/v3/ai/language-model',
        { 'ai-language-model-id': 'acme/echo' },
        { prompt: 'not an array' },
      );
      assert.equal(bad.status, 400);
      const badBody = (await bad.json()) as {
        error: { type: string; message: string; param: string };
        generationId: string;
      };
      assert.equal(badBody.error.type, 'invalid_request_error');
      assert.equal(badBody.error.param, 'prompt');
      assert.match(badBody.generationId, /^gen_/);
      const missing = await post('/v3/ai/language-model', {}, { prompt });
      assert.equal(missing.status, 400);
      const rerank = await post('/v3/ai/reranking-model', { 'ai-model-id': 'cohere/rerank' }, { query: 'q' });
      assert.equal(rerank.status, 404);
      assert.equal(((await rerank.json()) as { error: { type: string } }).error.type, 'not_found');
      const notJson = await fetch(`${harness.url}/v4/ai/language-model`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'ai-language-model-id': 'acme/echo' },
        body: '{',
      });
      assert.equal(notJson.status, 400);
    });

    test('the Anthropic route takes providerOptions too; Anthropic upstreams never see them', async () => {
      for (const [order, provider] of [
        [['anthropic'], 'anthropic'],
        [['openai'], 'openai'],
      ] as const) {
        anthropicUpstream.resetCounts();
        const response = await fetch(`${harness.url}/v1/messages`, {
          method: 'POST',
          headers: {
            'x-api-key': KEY,
            'anthropic-version': '2023-06-01',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            model: 'acme/echo',
            max_tokens: 50,
            messages: [{ role: 'user', content: 'hello messages' }],
            providerOptions: {
              gateway: { order, user: 'u-messages', tags: ['messages-tag'], caching: 'auto' },
            },
          }),
        });
        assert.equal(response.status, 200, await response.clone().text());
        assert.equal(response.headers.get('x-tollgate-provider'), provider);
        const body = (await response.json()) as { content: { text: string }[] };
        assert.match(body.content[0]?.text ?? '', /hello messages/);
        const record = harness.records.find(
          (entry) => entry.generationId === response.headers.get('x-tollgate-generation-id'),
        );
        assert.equal(record?.user, 'u-messages');
        assert.deepEqual(record?.tags, ['messages-tag']);
      }
    });

    test('the OpenAI route takes providerOptions (gateway attribution, upstream options) and models', async () => {
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'acme/broken',
          models: ['acme/echo'],
          messages: [{ role: 'user', content: 'hi' }],
          providerOptions: {
            gateway: { user: 'u-chat', tags: ['chat-tag'], order: ['anthropic'] },
            anthropic: { sendReasoning: false },
          },
        }),
      });
      // acme/broken's only target is up (no fault staged), so it serves; attribution is recorded.
      assert.equal(response.status, 200);
      const id = response.headers.get('x-tollgate-generation-id');
      const record = harness.records.find((entry) => entry.generationId === id);
      assert.equal(record?.user, 'u-chat');
      assert.deepEqual(record?.tags, ['chat-tag']);
    });
  });
});
