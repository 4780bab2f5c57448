import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The official `openai` SDK reaching providers that speak other protocols — the standalone
 * simulator answers in Anthropic, Gemini, Vertex AI, Bedrock (binary event stream) and Cohere
 * formats, and Azure's OpenAI format — through each provider's real adapter.
 */
const PROVIDERS = ['anthropic', 'gemini', 'vertex', 'bedrock', 'cohere', 'azure'] as const;

function providersYaml(url: string): string {
  const common = `catalog: false\n    forward_headers: ['x-simulator-*']\n    models: [echo, lorem, tools]`;
  return `
providers:
  anthropic:
    type: anthropic
    base_url: ${url}/v1
    api_key: sk-ant-test-000000
    ${common}
  gemini:
    type: google
    base_url: ${url}/v1beta
    api_key: gemini-test-000000
    ${common}
  vertex:
    type: vertex
    base_url: ${url}/v1/projects/tollgate/locations/us-central1
    project: tollgate
    location: us-central1
    api_key: vertex-express-000000
    ${common}
  bedrock:
    type: bedrock
    base_url: ${url}
    region: us-east-1
    access_key_id: AKIDEXAMPLE
    secret_access_key: bedrock-secret-000000
    catalog: false
    forward_headers: ['x-simulator-*']
    models: [sim.echo, sim.lorem, sim.tools]
  cohere:
    type: cohere
    base_url: ${url}/v2
    api_key: cohere-test-000000
    ${common}
  azure:
    type: azure
    base_url: ${url}/openai/v1
    api_key: azure-test-000000
    ${common}
`;
}

const model = (provider: (typeof PROVIDERS)[number], kind: 'echo' | 'lorem' | 'tools'): string =>
  provider === 'bedrock' ? `bedrock/sim.${kind}` : `${provider}/${kind}`;

const weather: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('openai SDK → gateway → every provider protocol', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: OpenAI;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    gateway = await startGateway(providersYaml(simulator.url));
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  for (const provider of PROVIDERS) {
    describe(provider, () => {
      test('non-stream: text, finish reason, usage', async () => {
        const { data, response } = await client.chat.completions
          .create({
            model: model(provider, 'echo'),
            messages: [{ role: 'user', content: `Hello ${provider}` }],
          })
          .withResponse();
        assert.equal(data.choices[0]?.message.content, `Hello ${provider}`);
        assert.equal(data.choices[0]?.finish_reason, 'stop');
        assert.ok((data.usage?.prompt_tokens ?? 0) > 0);
        assert.ok((data.usage?.completion_tokens ?? 0) > 0);
        assert.equal(response.headers.get('x-tollgate-provider'), provider);
      });

      test('stream: deltas assemble, usage chunk when asked, max_tokens → length', async () => {
        const stream = await client.chat.completions.create({
          model: model(provider, 'lorem'),
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: 6,
          messages: [{ role: 'user', content: 'go' }],
        });
        let text = '';
        let finish: string | null | undefined;
        let usage: OpenAI.CompletionUsage | undefined;
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
          if (chunk.usage) usage = chunk.usage;
        }
        assert.ok(text.trim().split(/\s+/).length >= 3, `text: ${text}`);
        assert.equal(finish, 'length');
        assert.equal(usage?.completion_tokens, 6);
        const record = gateway.records.at(-1);
        assert.equal(record?.provider, provider);
        assert.equal(record?.usage?.outputTokens, 6);
      });

      test('tools: a streamed tool call with valid arguments', async () => {
        const stream = await client.chat.completions.create({
          model: model(provider, 'tools'),
          stream: true,
          tools: [weather],
          messages: [{ role: 'user', content: 'Weather in Rome?' }],
        });
        let name = '';
        let args = '';
        let finish: string | null | undefined;
        for await (const chunk of stream) {
          const call = chunk.choices[0]?.delta.tool_calls?.[0];
          if (call?.function?.name) name = call.function.name;
          args += call?.function?.arguments ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        assert.equal(name, 'get_weather');
        assert.equal(typeof (JSON.parse(args) as { city?: unknown }).city, 'string');
        assert.equal(finish, 'tool_calls');
      });

      test('an upstream 429 reaches the client as 429 with Retry-After', async () => {
        await assert.rejects(
          client.chat.completions.create(
            { model: model(provider, 'echo'), messages: [{ role: 'user', content: 'x' }] },
            { headers: { 'x-simulator-fail': '429', 'x-simulator-retry-after': '4' } },
          ),
          (error: unknown) =>
            error instanceof OpenAI.RateLimitError &&
            // Bedrock never says when to retry; the gateway then answers its default of 1 s.
            error.headers?.get('retry-after') === (provider === 'bedrock' ? '1' : '4') &&
            error.message.includes(`Provider "${provider}"`),
        );
      });
    });
  }

  test('cache reads are priced at the cache-read rate', async () => {
    const priced = await startGateway(`
providers:
  anthropic:
    type: anthropic
    base_url: ${simulator.url}/v1
    api_key: sk-ant-test-000000
    catalog: false
    forward_headers: ['x-simulator-*']
    models:
      - id: echo
        pricing: { input: 3, output: 15, cached_input: 0.3 }
`);
    try {
      const cachedClient = new OpenAI({ baseURL: priced.baseURL, apiKey: 'x', maxRetries: 0 });
      const { data, response } = await cachedClient.chat.completions
        .create(
          { model: 'anthropic/echo', messages: [{ role: 'user', content: 'cached prompt' }] },
          { headers: { 'x-simulator-cache-read-tokens': '1000' } },
        )
        .withResponse();
      assert.equal(data.usage?.prompt_tokens_details?.cached_tokens, 1000);
      const record = priced.records.at(-1);
      const input = record?.usage?.inputTokens ?? 0;
      const output = record?.usage?.outputTokens ?? 0;
      assert.equal(record?.usage?.cacheReadTokens, 1000);
      // (input - 1000) × $3/M + 1000 × $0.3/M + output × $15/M, in nano-dollars
      const expected = (input - 1000) * 3000 + 1000 * 300 + output * 15_000;
      assert.equal(record?.costNanoUsd, expected);
      assert.equal(response.headers.get('x-tollgate-cached-tokens'), '1000');
    } finally {
      await priced.close();
    }
  });
});
