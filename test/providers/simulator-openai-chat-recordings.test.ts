import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorRouter } from '../../src/providers/simulator/simulator-router.ts';
import {
  chunkSequence,
  keyPaths,
  planBody,
  readCassetteResponse,
  readFixture,
  shapeOf,
  sseData,
  USER_HELLO,
  WEATHER_TOOL,
  withoutKey,
} from './simulator-test-support.ts';

// The simulator's replies are compared with real OpenAI recordings of the same kind of call: same
// keys at every level (in the API's order where the recorder kept it), same event sequence.

const route = createSimulatorRouter();
const CHAT = 'openai/chat-completions/';

function chat(body: Record<string, unknown>): string {
  return planBody(
    route({ method: 'POST', path: '/v1/chat/completions', headers: {}, body: JSON.stringify(body) }),
  );
}

function chunks(text: string): Record<string, unknown>[] {
  return sseData(text)
    .filter((data) => data !== '[DONE]')
    .map((data) => withoutKey(JSON.parse(data), 'obfuscation') as Record<string, unknown>);
}

/** The first chunk of each kind, keyed by kind, for like-for-like shape comparisons. */
function firstChunkOfEachKind(text: string): Map<string, Record<string, unknown>> {
  const byKind = new Map<string, Record<string, unknown>>();
  const data = sseData(text).filter((entry) => entry !== '[DONE]');
  const kinds = chunkSequence(text).filter((kind) => kind !== 'done');
  for (const kind of kinds) {
    const chunk = data.find((entry) => chunkSequence(`data: ${entry}\n\n`)[0] === kind);
    byKind.set(kind, withoutKey(JSON.parse(chunk!), 'obfuscation') as Record<string, unknown>);
  }
  return byKind;
}

function assertSameChunkShapes(actual: string, recorded: string, ignore: readonly string[] = []): void {
  const ours = firstChunkOfEachKind(actual);
  const theirs = firstChunkOfEachKind(recorded);
  assert.deepEqual([...ours.keys()], [...theirs.keys()]);
  for (const [kind, chunk] of theirs) {
    let expected: unknown = chunk;
    let got: unknown = ours.get(kind);
    for (const key of ignore) {
      expected = withoutKey(expected, key);
      got = withoutKey(got, key);
    }
    assert.deepEqual(shapeOf(got), shapeOf(expected), `shape of the ${kind} chunk`);
  }
}

describe('simulator vs OpenAI recordings: streamed text', () => {
  const recent = readFixture(
    `${CHAT}fantasy/extracted/openai-gpt-4o-mini__simple_streaming.0.200.response.sse`,
  );
  const older = readFixture(`${CHAT}openai-python/stream-basic-text.sse`);
  const ours = chat({
    model: 'echo',
    messages: USER_HELLO,
    stream: true,
    stream_options: { include_usage: true },
  });

  it('sends the same event sequence: role, content…, finish, usage with choices [], [DONE]', () => {
    const expected = ['role', 'content', 'finish', 'usage', 'done'];
    assert.deepEqual(chunkSequence(recent), expected);
    assert.deepEqual(chunkSequence(older), expected);
    assert.deepEqual(chunkSequence(ours), expected);
  });

  it('has the keys of a 2025 recording, in order, at every level of every chunk kind', () => {
    assertSameChunkShapes(ours, recent);
  });

  it('has the keys of a 2024 recording except the fields the API added since', () => {
    // `service_tier` and `usage: null` on every chunk appeared in 2025.
    const withoutNewFields = ours.replaceAll('"service_tier":"default",', '').replaceAll(',"usage":null', '');
    const ourFirst = chunks(withoutNewFields)[0]!;
    const theirFirst = chunks(older)[0]!;
    assert.deepEqual(shapeOf(ourFirst), shapeOf(theirFirst));
  });

  it('frames events exactly as the API: `data: <json>\\n\\n`, ending in `data: [DONE]\\n\\n`', () => {
    assert.match(
      ours,
      /^data: \{"id":"chatcmpl-[A-Za-z0-9]{29}","object":"chat.completion.chunk","created":\d+,/,
    );
    assert.ok(ours.endsWith('}\n\ndata: [DONE]\n\n'));
    assert.equal(ours.split('\n\n').at(-1), '');
    for (const data of sseData(ours).slice(0, -1)) assert.equal(JSON.stringify(JSON.parse(data)), data);
  });

  it('keeps id, created, model and fingerprint on every chunk and streams the echo token by token', () => {
    const list = chunks(ours);
    for (const chunk of list) {
      for (const key of ['id', 'created', 'model', 'system_fingerprint'] as const) {
        assert.equal(chunk[key], list[0]![key]);
      }
    }
    assert.equal(list[0]!.model, 'echo');
    const contents = list.flatMap((chunk) => {
      const delta = (chunk.choices as { delta: { content?: string } }[])[0]?.delta;
      return delta?.content ? [delta.content] : [];
    });
    assert.deepEqual(contents.slice(0, 3), ["I'm", ' unable', ' to']);
    assert.equal(contents.join(''), USER_HELLO[0]!.content);
  });

  it('has the usage chunk of the detailed-usage recording', () => {
    const recorded = readFixture(
      `${CHAT}envoy-ai-gateway/extracted/chat-streaming-detailed-usage.0.200.response.sse`,
    );
    const theirUsage = chunks(recorded).at(-1)!;
    const ourUsage = chunks(ours).at(-1)!;
    assert.deepEqual(theirUsage.choices, []);
    assert.deepEqual(ourUsage.choices, []);
    assert.deepEqual(shapeOf(ourUsage), shapeOf(theirUsage));
    const usage = ourUsage.usage as {
      prompt_tokens: number;
      completion_tokens: number;
      total_tokens: number;
    };
    assert.equal(usage.completion_tokens, chunks(ours).length - 3);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
    // Earlier chunks carry `usage: null`, as in the recording.
    for (const chunk of chunks(recorded).slice(0, -1)) assert.equal(chunk.usage, null);
    for (const chunk of chunks(ours).slice(0, -1)) assert.equal(chunk.usage, null);
  });

  it('leaves usage out entirely without include_usage, like the recording without it', () => {
    const recorded = readFixture(`${CHAT}envoy-ai-gateway/extracted/chat-streaming.0.200.response.sse`);
    const plain = chat({ model: 'echo', messages: USER_HELLO, stream: true });
    assert.deepEqual(chunkSequence(recorded), ['role', 'content', 'finish', 'done']);
    assert.deepEqual(chunkSequence(plain), ['role', 'content', 'finish', 'done']);
    assert.deepEqual(Object.keys(chunks(plain)[0]!), Object.keys(chunks(recorded)[0]!));
  });
});

describe('simulator vs OpenAI recordings: streamed tool call', () => {
  const request = { model: 'tools', messages: USER_HELLO, tools: [WEATHER_TOOL], stream: true };
  const ours = chat({ ...request, stream_options: { include_usage: true } });

  it('sends the sequence of the recordings: tool call header, argument fragments, finish, usage, [DONE]', () => {
    const expected = ['tool-start', 'tool-arguments', 'finish', 'usage', 'done'];
    assert.deepEqual(
      chunkSequence(readFixture(`${CHAT}openai-python/stream-tool-call-strict.sse`)),
      expected,
    );
    assert.deepEqual(chunkSequence(ours), expected);
  });

  it('has the keys of the recordings, in order, in every chunk kind', () => {
    const recent = readFixture(
      `${CHAT}fantasy/extracted/openai-gpt-4o-mini__tool_streaming.0.200.response.sse`,
    );
    assertSameChunkShapes(ours, recent);
    const older = readFixture(`${CHAT}openai-python/stream-tool-call-strict.sse`);
    const firstOlder = chunks(older)[0]!;
    // 2024 recording: no `service_tier`, no `usage: null` yet.
    const firstOurs = withoutKey(withoutKey(chunks(ours)[0]!, 'service_tier'), 'usage');
    assert.deepEqual(shapeOf(firstOurs), shapeOf(firstOlder));
  });

  it('opens with id, type, name and empty arguments, then splits the arguments over several chunks', () => {
    type ToolDelta = { id?: string; type?: string; function: { name?: string; arguments: string } };
    const deltas = chunks(ours).flatMap(
      (chunk) => (chunk.choices as { delta: { tool_calls?: ToolDelta[] } }[])[0]?.delta.tool_calls ?? [],
    );
    assert.match(deltas[0]!.id!, /^call_[A-Za-z0-9]{24}$/);
    assert.equal(deltas[0]!.type, 'function');
    assert.equal(deltas[0]!.function.name, 'GetWeatherArgs');
    assert.equal(deltas[0]!.function.arguments, '');
    assert.ok(deltas.length > 4, 'arguments come in several fragments');
    const args = JSON.parse(deltas.map((delta) => delta.function.arguments).join('')) as Record<
      string,
      string
    >;
    assert.deepEqual(Object.keys(args), ['city', 'country', 'units']);
    assert.equal(args.units, 'c');
  });

  it('ends with finish_reason tool_calls', () => {
    const finish = chunks(ours).at(-2)!;
    assert.equal((finish.choices as { finish_reason: string }[])[0]!.finish_reason, 'tool_calls');
  });
});

describe('simulator vs OpenAI recordings: non-stream', () => {
  it('has the keys of a chat.completion, in the order of the API', () => {
    const recorded = JSON.parse(readFixture(`${CHAT}vercel-ai/openai-text.json`)) as unknown;
    const ours = JSON.parse(chat({ model: 'echo', messages: USER_HELLO })) as Record<string, unknown>;
    assert.deepEqual(shapeOf(ours), shapeOf(recorded));
    assert.equal(ours.object, 'chat.completion');
    assert.equal(ours.model, 'echo');
    assert.match(String(ours.system_fingerprint), /^fp_/);
  });

  it('has the keys of the envoy text recording (which lacks `logprobs`, absent for that model)', () => {
    const recorded = readCassetteResponse(`${CHAT}envoy-ai-gateway/chat-basic.yaml`);
    const ours = JSON.parse(chat({ model: 'echo', messages: USER_HELLO })) as unknown;
    assert.deepEqual(
      keyPaths(ours).filter((path) => path !== 'choices[].logprobs'),
      keyPaths({ ...recorded, system_fingerprint: 'fp' }),
    );
  });

  it('renders a tool call with the keys of the tool call recording and content null', () => {
    const recorded = readCassetteResponse(`${CHAT}envoy-ai-gateway/chat-tools.yaml`);
    const ours = JSON.parse(chat({ model: 'tools', messages: USER_HELLO, tools: [WEATHER_TOOL] })) as {
      choices: {
        finish_reason: string;
        message: { content: null; tool_calls: { function: { arguments: string } }[] };
      }[];
    };
    assert.deepEqual(
      keyPaths(ours).filter((path) => path !== 'choices[].logprobs'),
      keyPaths(recorded),
    );
    const choice = ours.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    assert.deepEqual(Object.keys(JSON.parse(choice.message.tool_calls[0]!.function.arguments)), [
      'city',
      'country',
      'units',
    ]);
  });
});

describe('simulator vs OpenAI recordings: errors', () => {
  it('answers an unknown model with the recorded 404 body, byte for byte', () => {
    const recorded = readFixture(
      'openai/errors/envoy-ai-gateway/extracted/chat-unknown-model.0.404.response.json',
    );
    const plan = route({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: {},
      body: JSON.stringify({ model: 'gpt-4.1-nano-wrong', messages: USER_HELLO }),
    });
    assert.equal(plan.kind === 'respond' && plan.status, 404);
    assert.equal(planBody(plan), recorded);
  });

  it('answers an empty messages array with the recorded 400 body', () => {
    const recorded = JSON.parse(
      readFixture('openai/errors/envoy-ai-gateway/extracted/chat-no-messages.0.400.response.json'),
    );
    const body = JSON.stringify({ model: 'echo', messages: [] });
    const plan = route({ method: 'POST', path: '/v1/chat/completions', headers: {}, body });
    assert.equal(plan.kind === 'respond' && plan.status, 400);
    assert.deepEqual(JSON.parse(planBody(plan)), recorded);
  });

  it('answers a wrong API key with the shape of the recorded 401', () => {
    const recorded = JSON.parse(
      readFixture('openai/errors/crewai/extracted/test_get_knowledge_search_query.3.401.response.json'),
    );
    const guarded = createSimulatorRouter({ apiKey: 'sk-right' });
    const plan = guarded({
      method: 'GET',
      path: '/v1/models',
      headers: { authorization: 'Bearer sk-proj-wrong-key-1234' },
      body: null,
    });
    assert.equal(plan.kind === 'respond' && plan.status, 401);
    const ours = JSON.parse(planBody(plan));
    assert.deepEqual(Object.keys(ours.error), Object.keys(recorded.error));
    assert.deepEqual({ ...ours.error, message: '' }, { ...recorded.error, message: '' });
    assert.match(
      ours.error.message,
      /^Incorrect API key provided: sk-\*+1234\. You can find your API key at/,
    );
  });
});
