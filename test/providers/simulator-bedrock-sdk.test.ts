import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAmazonBedrock } from '@ai-sdk/amazon-bedrock';
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

// The AI SDK's Bedrock provider (SigV4-signed requests, the binary event stream decoded by the AWS
// codec) parses the simulator's Converse replies: text, tool calls, reasoning, usage, errors.

let server: SimulatorServer;
// The Bedrock provider pins its own `@ai-sdk/provider`: its types are taken from it.
type BedrockModel = ReturnType<ReturnType<typeof createAmazonBedrock>>;
let bedrock: (id: string) => BedrockModel;

before(async () => {
  // The access key id of the signature must match the simulator's key; the signature is not checked.
  server = await startSimulatorServer({ apiKey: 'AKIDEXAMPLE' });
  bedrock = createAmazonBedrock({
    baseURL: server.url,
    region: 'us-east-1',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'x',
  });
});
after(() => server.close());

const HI: Parameters<BedrockModel['doGenerate']>[0] = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxOutputTokens: 50,
};
// `anthropic.` in the id makes the provider send Claude's `thinking` field; `echo` picks the behaviour.
const REASONING = { bedrock: { reasoningConfig: { type: 'enabled', budgetTokens: 1024 } } };

describe('AI SDK Bedrock provider against the simulator', () => {
  it('generates text with every usage field', async () => {
    const result = await bedrock('sim.echo').doGenerate(HI);
    assert.deepEqual(describeContent(result.content), ['text:hi']);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    const { inputTokens, outputTokens } = result.usage;
    assert.deepEqual(
      [inputTokens.total, inputTokens.noCache, inputTokens.cacheRead, inputTokens.cacheWrite],
      [1, 1, 0, 0],
    );
    assert.deepEqual([outputTokens.total, outputTokens.text], [1, 1]);
  });

  it('streams reasoning then a tool call from a Claude model id', async () => {
    const { stream } = await bedrock('us.anthropic.tools-v1:0').doStream({
      ...HI,
      tools: [WEATHER_FUNCTION],
      providerOptions: REASONING,
    });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'reasoning-delta'), 'The user wrote "hi". I will call weather.');
    assert.deepEqual(JSON.parse(joinDeltas(parts, 'tool-input-delta')), { city: 'example' });
    const call = parts.find((part) => part.type === 'tool-call');
    assert.ok(call?.type === 'tool-call' && call.toolName === 'weather');
    const end = finishPart(parts);
    assert.deepEqual(end.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
    assert.equal(end.usage.outputTokens.total, 5 + 10);
    const generated = await bedrock('anthropic.echo').doGenerate({ ...HI, providerOptions: REASONING });
    assert.deepEqual(describeContent(generated.content), [
      'reasoning:The user wrote "hi". I will repeat it.',
      'text:hi',
    ]);
  });

  it('reports a simulated cache read and max_tokens', async () => {
    const { stream } = await bedrock('sim.echo').doStream({
      ...HI,
      headers: { 'x-simulator-cache-read-tokens': '700' },
    });
    const end = finishPart(await collect(stream));
    const { inputTokens } = end.usage;
    assert.deepEqual([inputTokens.total, inputTokens.noCache, inputTokens.cacheRead], [700, 0, 700]);
    const cut = await bedrock('sim.lorem').doGenerate({ ...HI, maxOutputTokens: 2 });
    assert.deepEqual(describeContent(cut.content), ['text:Lorem ipsum']);
    assert.deepEqual(cut.finishReason, { unified: 'length', raw: 'max_tokens' });
  });

  it('maps HTTP errors and in-stream exceptions', async () => {
    await assert.rejects(
      async () => bedrock('sim.echo').doGenerate({ ...HI, headers: { 'x-simulator-fail': '429' } }),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 429 && error.isRetryable,
    );
    await assert.rejects(
      async () => bedrock('anthropic.claude-3-5-sonnet-20240620-v1:0').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && /model identifier is invalid/.test(error.message),
    );
    const { stream } = await bedrock('sim.lorem').doStream({
      ...HI,
      headers: { 'x-simulator-fail': 'error-429', 'x-simulator-fail-after': '2' },
    });
    const parts = await collect(stream);
    assert.equal(joinDeltas(parts, 'text-delta'), 'Lorem ipsum');
    const error = parts.find((part) => part.type === 'error');
    assert.ok(error?.type === 'error', 'the throttling exception frame becomes an error part');
    assert.match(JSON.stringify(error.error), /Simulated failure.*429/);
    const stranger = createAmazonBedrock({
      baseURL: server.url,
      region: 'us-east-1',
      accessKeyId: 'AKIDOTHER',
      secretAccessKey: 'x',
    });
    await assert.rejects(
      async () => stranger('sim.echo').doGenerate(HI),
      (error: unknown) => APICallError.isInstance(error) && error.statusCode === 403,
    );
  });
});
