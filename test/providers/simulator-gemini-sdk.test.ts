import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createVertex } from '@ai-sdk/google-vertex';
import { APICallError, type LanguageModelV4, type LanguageModelV4CallOptions } from '@ai-sdk/provider';
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

// The AI SDK's Google providers (the gateway's upstream adapters for Gemini and Vertex AI) parse
// the simulator's replies: text, function calls, thoughts, finish reasons and every usage field.

let server: SimulatorServer;
let gemini: (id: string) => LanguageModelV4;
let vertex: (id: string) => LanguageModelV4;

before(async () => {
  server = await startSimulatorServer({ apiKey: 'AIza-sim' });
  gemini = createGoogleGenerativeAI({ baseURL: `${server.url}/v1beta`, apiKey: 'AIza-sim' });
  // Vertex "express mode": an API key instead of OAuth, same paths and bodies.
  vertex = createVertex({
    baseURL: `${server.url}/v1/projects/p/locations/us-central1/publishers/google`,
    apiKey: 'AIza-sim',
  });
});
after(() => server.close());

const HI: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxOutputTokens: 50,
};
const WEATHER: LanguageModelV4CallOptions['tools'] = [WEATHER_FUNCTION];
const THOUGHTS = { google: { thinkingConfig: { includeThoughts: true } } };

describe('AI SDK Google provider against the simulator', () => {
  it('generates text with every usage field', async () => {
    const result = await gemini('echo').doGenerate(HI);
    assert.deepEqual(describeContent(result.content), ['text:hi']);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'STOP' });
    const { inputTokens, outputTokens } = result.usage;
    assert.deepEqual([inputTokens.total, inputTokens.noCache, inputTokens.cacheRead], [1, 1, 0]);
    assert.deepEqual([outputTokens.total, outputTokens.text, outputTokens.reasoning], [1, 1, 0]);
    assert.match(result.response?.id ?? '', /^[\w-]{23}$/);
  });

  it('streams thoughts and a function call, with the thoughts in the usage', async () => {
    const { stream } = await gemini('tools').doStream({ ...HI, tools: WEATHER, providerOptions: THOUGHTS });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'reasoning-delta'), 'The user wrote "hi". I will call weather.');
    const call = parts.find((part) => part.type === 'tool-call');
    assert.ok(call?.type === 'tool-call');
    assert.deepEqual(JSON.parse(call.input), { city: 'example' });
    const end = finishPart(parts);
    assert.deepEqual(end.finishReason, { unified: 'tool-calls', raw: 'STOP' });
    assert.equal(end.usage.outputTokens.reasoning, 10);
    assert.equal(end.usage.outputTokens.total, 10 + 5);
  });

  it('reports a simulated cache read and MAX_TOKENS', async () => {
    const cached = await gemini('echo').doGenerate({
      ...HI,
      headers: { 'x-simulator-cache-read-tokens': '500' },
    });
    const { inputTokens } = cached.usage;
    assert.deepEqual([inputTokens.total, inputTokens.noCache, inputTokens.cacheRead], [500, 0, 500]);
    const { stream } = await gemini('lorem').doStream({ ...HI, maxOutputTokens: 3 });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'text-delta'), 'Lorem ipsum dolor');
    assert.deepEqual(finishPart(parts).finishReason, { unified: 'length', raw: 'MAX_TOKENS' });
  });

  it('maps errors to retryable and final API call errors', async () => {
    await assert.rejects(
      async () => gemini('echo').doGenerate({ ...HI, headers: { 'x-simulator-fail': '429' } }),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 429 && error.isRetryable,
    );
    await assert.rejects(
      async () => gemini('gemini-nope').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 404 && !error.isRetryable,
    );
    const stranger = createGoogleGenerativeAI({ baseURL: `${server.url}/v1beta`, apiKey: 'AIza-wrong' });
    await assert.rejects(
      async () => stranger('echo').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && /API key not valid/.test(error.message),
    );
  });
});

describe('AI SDK Vertex provider against the simulator', () => {
  it('generates and streams Gemini on Vertex AI, usage in the last chunk', async () => {
    const result = await vertex('echo').doGenerate(HI);
    assert.deepEqual(describeContent(result.content), ['text:hi']);
    const { stream } = await vertex('lorem').doStream(HI);
    const parts = await collect(stream);
    assert.equal(parts.filter((part) => part.type === 'text-delta').length, 16);
    const end = finishPart(parts);
    assert.deepEqual(end.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual([end.usage.inputTokens.total, end.usage.outputTokens.total], [1, 16]);
  });
});
