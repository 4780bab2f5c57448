import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAzure } from '@ai-sdk/azure';
import { APICallError } from '@ai-sdk/provider';
import { AzureOpenAI } from 'openai';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import {
  collect,
  describeContent,
  finishPart,
  joinDeltas,
  WEATHER_FUNCTION,
} from './simulator-sdk-test-support.ts';

// The AI SDK's Azure provider (deployment URLs and the v1 API) and OpenAI's `AzureOpenAI` client
// parse the simulator's replies on Azure OpenAI paths, Azure's `api-key` header included.

let server: SimulatorServer;

before(async () => {
  server = await startSimulatorServer({ apiKey: 'azure-sim' });
});
after(() => server.close());

// The Azure provider pins its own `@ai-sdk/provider`: its types are taken from it.
type AzureChatModel = ReturnType<ReturnType<typeof createAzure>['chat']>;
const HI: Parameters<AzureChatModel['doGenerate']>[0] = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxOutputTokens: 50,
};

describe('AI SDK Azure provider against the simulator', () => {
  it('generates and streams through deployment URLs, the deployment picking the model', async () => {
    const azure = createAzure({
      baseURL: `${server.url}/openai`,
      apiKey: 'azure-sim',
      useDeploymentBasedUrls: true,
    });
    const result = await azure.chat('echo').doGenerate(HI);
    assert.deepEqual(describeContent(result.content), ['text:hi']);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
    const { inputTokens, outputTokens } = result.usage;
    assert.deepEqual([inputTokens.total, inputTokens.noCache, inputTokens.cacheRead], [1, 1, 0]);
    assert.deepEqual([outputTokens.total, outputTokens.text, outputTokens.reasoning], [1, 1, 0]);
    const { stream } = await azure.chat('lorem').doStream({ ...HI, maxOutputTokens: 4 });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'text-delta'), 'Lorem ipsum dolor sit');
    assert.deepEqual(finishPart(parts).finishReason, { unified: 'length', raw: 'length' });
  });

  it('calls tools on the v1 API and reports a simulated cache read', async () => {
    const azure = createAzure({ baseURL: `${server.url}/openai/v1`, apiKey: 'azure-sim' });
    const { stream } = await azure.chat('tools').doStream({
      ...HI,
      tools: [WEATHER_FUNCTION],
      headers: { 'x-simulator-cache-read-tokens': '64' },
    });
    const parts = await collect(stream);
    assert.deepEqual(JSON.parse(joinDeltas(parts, 'tool-input-delta')), { city: 'example' });
    const end = finishPart(parts);
    assert.deepEqual(end.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
    const { inputTokens } = end.usage;
    assert.deepEqual([inputTokens.total, inputTokens.noCache, inputTokens.cacheRead], [64, 0, 64]);
  });

  it('refuses a wrong key and an unknown deployment', async () => {
    const stranger = createAzure({
      baseURL: `${server.url}/openai`,
      apiKey: 'nope',
      useDeploymentBasedUrls: true,
    });
    await assert.rejects(
      async () => stranger.chat('echo').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 401,
    );
    const azure = createAzure({
      baseURL: `${server.url}/openai`,
      apiKey: 'azure-sim',
      useDeploymentBasedUrls: true,
    });
    await assert.rejects(
      async () => azure.chat('gpt-4o-prod').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 404,
    );
  });
});

describe('OpenAI AzureOpenAI client against the simulator', () => {
  it('completes and streams through a deployment, skipping the prompt filter chunk', async () => {
    const client = new AzureOpenAI({
      endpoint: server.url,
      apiKey: 'azure-sim',
      apiVersion: '2024-10-21',
      deployment: 'echo',
      maxRetries: 0,
    });
    const completion = await client.chat.completions.create({
      model: '',
      messages: [{ role: 'user', content: 'Ciao' }],
    });
    assert.equal(completion.choices[0]!.message.content, 'Ciao');
    const stream = await client.chat.completions.create({
      model: '',
      messages: [{ role: 'user', content: 'Ciao a tutti' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, 'Ciao a tutti');
  });
});
