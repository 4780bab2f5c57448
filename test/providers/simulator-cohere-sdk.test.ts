import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCohere } from '@ai-sdk/cohere';
import { APICallError } from '@ai-sdk/provider';
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

// The AI SDK's Cohere provider parses the simulator's v2 Chat replies: text, thinking, tool calls,
// finish reasons, usage (both `tokens` and `billed_units`) and errors.

let server: SimulatorServer;
// The Cohere provider pins its own `@ai-sdk/provider`: its types are taken from it.
type CohereModel = ReturnType<ReturnType<typeof createCohere>>;
let cohere: (id: string) => CohereModel;

before(async () => {
  server = await startSimulatorServer({ apiKey: 'co-sim' });
  cohere = createCohere({ baseURL: `${server.url}/v2`, apiKey: 'co-sim' });
});
after(() => server.close());

const HI: Parameters<CohereModel['doGenerate']>[0] = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxOutputTokens: 50,
};

describe('AI SDK Cohere provider against the simulator', () => {
  it('generates text with every usage field', async () => {
    const result = await cohere('echo').doGenerate(HI);
    assert.deepEqual(describeContent(result.content), ['text:hi']);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    const { inputTokens, outputTokens, raw } = result.usage;
    assert.deepEqual(
      [inputTokens.total, inputTokens.noCache, outputTokens.total, outputTokens.text],
      [1, 1, 1, 1],
    );
    assert.deepEqual(raw, {
      billed_units: { input_tokens: 1, output_tokens: 1 },
      tokens: { input_tokens: 1, output_tokens: 1 },
      cached_tokens: 0,
    });
  });

  it('streams thinking then text', async () => {
    const { stream } = await cohere('echo').doStream({
      ...HI,
      providerOptions: { cohere: { thinking: { type: 'enabled', tokenBudget: 500 } } },
    });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'reasoning-delta'), 'The user wrote "hi". I will repeat it.');
    assert.equal(joinDeltas(parts, 'text-delta'), 'hi');
    const end = finishPart(parts);
    assert.deepEqual(end.finishReason, { unified: 'stop', raw: 'COMPLETE' });
    assert.equal(end.usage.outputTokens.total, 1 + 10, 'the text token and the ten thinking pieces');
  });

  it('calls a tool, streamed and not', async () => {
    const generated = await cohere('tools').doGenerate({ ...HI, tools: [WEATHER_FUNCTION] });
    const call = generated.content.find((part) => part.type === 'tool-call');
    assert.deepEqual(JSON.parse(call?.type === 'tool-call' ? call.input : ''), { city: 'example' });
    assert.deepEqual(generated.finishReason, { unified: 'tool-calls', raw: 'TOOL_CALL' });
    const { stream } = await cohere('tools').doStream({ ...HI, tools: [WEATHER_FUNCTION] });
    const parts = await collect(stream);
    assert.deepEqual(JSON.parse(joinDeltas(parts, 'tool-input-delta')), { city: 'example' });
    assert.equal(finishPart(parts).finishReason.unified, 'tool-calls');
  });

  it('reports a simulated cache read and MAX_TOKENS', async () => {
    const { stream } = await cohere('lorem').doStream({
      ...HI,
      maxOutputTokens: 2,
      headers: { 'x-simulator-cache-read-tokens': '300' },
    });
    const end = finishPart(await collect(stream));
    assert.deepEqual(end.finishReason, { unified: 'length', raw: 'MAX_TOKENS' });
    // The provider does not map `cached_tokens`; it is in the raw usage, and not billed.
    assert.deepEqual(end.usage.raw, {
      billed_units: { input_tokens: 0, output_tokens: 2 },
      tokens: { input_tokens: 300, output_tokens: 2 },
      cached_tokens: 300,
    });
  });

  it('maps errors to API call errors', async () => {
    await assert.rejects(
      async () => cohere('echo').doGenerate({ ...HI, headers: { 'x-simulator-fail': '429' } }),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 429 && error.isRetryable,
    );
    await assert.rejects(
      async () => cohere('command-x').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 404,
    );
    const stranger = createCohere({ baseURL: `${server.url}/v2`, apiKey: 'co-wrong' });
    await assert.rejects(
      async () => stranger('echo').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 401,
    );
  });
});
