import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { collapseRuns, parseSse, postJson, readCassette, sseJson } from './simulator-format-test-support.ts';
import { keyPaths, readFixture, shapeOf } from './simulator-test-support.ts';

// The simulator's Anthropic Messages replies, over HTTP, against real api.anthropic.com recordings
// of the same kind of call: same event sequence, same keys (in the API's order) in every event.

const MESSAGES = 'anthropic/messages/';
const WEATHER_TOOL = {
  name: 'weather',
  description: 'Get weather information for a location',
  input_schema: {
    type: 'object',
    properties: { location: { type: 'string', description: 'the city' } },
    required: ['location'],
  },
};
const ASK = { role: 'user', content: "What's the weather in Florence, Italy?" };

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

function messages(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return postJson(`${server.url}/v1/messages`, { max_tokens: 1024, ...body }, headers);
}

type Event = Record<string, unknown> & {
  type: string;
  content_block?: { type: string };
  delta?: { type?: string };
};

/** `content_block_delta:text_delta`, `content_block_start:tool_use`, `message_stop`, … */
function kind(event: Event): string {
  const sub = event.content_block?.type ?? event.delta?.type;
  return sub === undefined ? event.type : `${event.type}:${sub}`;
}

function kinds(text: string): string[] {
  return collapseRuns((sseJson(text) as Event[]).map(kind));
}

/** Each event kind of `recorded` (or those listed) has, in ours, the same keys in the same order. */
function assertSameEventShapes(ours: string, recorded: string, only?: readonly string[]): void {
  const first = (text: string) => {
    const byKind = new Map<string, unknown>();
    for (const event of sseJson(text) as Event[])
      if (!byKind.has(kind(event))) byKind.set(kind(event), event);
    return byKind;
  };
  const theirs = first(recorded);
  const mine = first(ours);
  for (const [name, event] of theirs) {
    if (only === undefined || only.includes(name))
      assert.deepEqual(shapeOf(mine.get(name)), shapeOf(event), name);
  }
}

describe('simulator vs Anthropic recordings: streams', () => {
  it('streams text with the events and framing of a recorded text stream', async () => {
    const recorded = readFixture(
      `${MESSAGES}fantasy/extracted/claude-sonnet-4__simple_streaming.0.200.response.sse`,
    );
    const reply = await messages({ model: 'echo', messages: [ASK], stream: true });
    assert.equal(reply.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.match(reply.headers.get('request-id') ?? '', /^req_011C\w{20}$/);
    const expected = [
      'message_start',
      'content_block_start:text',
      'ping',
      'content_block_delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ];
    assert.deepEqual(kinds(recorded), expected);
    assert.deepEqual(kinds(reply.text), expected);
    assertSameEventShapes(reply.text, recorded);
    // `event:` names the data's type; the ping keeps the API's odd spacing.
    for (const event of parseSse(reply.text)) assert.equal(event.event, JSON.parse(event.data).type);
    assert.ok(reply.text.includes('event: ping\ndata: {"type": "ping"}\n\n'));
    const text = (sseJson(reply.text) as { delta?: { text?: string } }[]).map(
      (event) => event.delta?.text ?? '',
    );
    assert.equal(text.join(''), ASK.content);
  });

  it('streams thinking then a tool call like the recorded thinking stream', async () => {
    const recorded = readFixture(
      `${MESSAGES}fantasy/extracted/claude-sonnet-4__thinking-streaming.0.200.response.sse`,
    );
    const reply = await messages({
      model: 'tools',
      messages: [ASK],
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'auto', disable_parallel_tool_use: false },
      thinking: { type: 'enabled', budget_tokens: 4000 },
      stream: true,
    });
    const expected = [
      'message_start',
      'content_block_start:thinking',
      'ping',
      'content_block_delta:thinking_delta',
      'content_block_delta:signature_delta',
      'content_block_stop',
      'content_block_start:tool_use',
      'content_block_delta:input_json_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ];
    assert.deepEqual(kinds(recorded), expected);
    assert.deepEqual(kinds(reply.text), expected);
    assertSameEventShapes(reply.text, recorded);
    const events = sseJson(reply.text) as {
      index?: number;
      delta?: { partial_json?: string; stop_reason?: string };
    }[];
    const fragments = events.flatMap((event) =>
      event.delta?.partial_json === undefined ? [] : [event.delta.partial_json],
    );
    assert.equal(fragments[0], '', 'the input opens with an empty fragment, as recorded');
    assert.ok(fragments.length >= 3, 'then the arguments come in two fragments at least');
    assert.deepEqual(JSON.parse(fragments.join('')), { location: 'example' });
    assert.equal(events.at(-2)?.delta?.stop_reason, 'tool_use');
  });

  it('opens a tool_use block with the keys of the recorded tool stream', async () => {
    const recorded = readFixture(
      `${MESSAGES}fantasy/extracted/claude-sonnet-4__tool_streaming.0.200.response.sse`,
    );
    const reply = await messages({ model: 'tools', messages: [ASK], tools: [WEATHER_TOOL], stream: true });
    // The recorded model wrote a sentence before calling; the simulator calls straight away.
    assertSameEventShapes(reply.text, recorded, [
      'content_block_start:tool_use',
      'content_block_delta:input_json_delta',
    ]);
    const start = (sseJson(reply.text) as Event[]).find(
      (event) => kind(event) === 'content_block_start:tool_use',
    );
    assert.match(String((start?.content_block as { id?: string } | undefined)?.id), /^toolu_01\w{22}$/);
  });

  it('reports a simulated cache read like the recorded cached-prompt stream', async () => {
    const recorded = sseJson(
      readFixture(
        `${MESSAGES}crewai/extracted/test_anthropic_streaming_cached_prompt_tokens.1.200.response.sse`,
      ),
    );
    const reply = await messages(
      { model: 'echo', messages: [{ role: 'user', content: 'Goodbye.' }], stream: true },
      { 'x-simulator-cache-read-tokens': '1217' },
    );
    const ours = sseJson(reply.text);
    const usage = (event: Record<string, unknown>) =>
      (event.message as { usage: Record<string, number> }).usage;
    assert.deepEqual(shapeOf(usage(ours[0]!)), shapeOf(usage(recorded[0]!)));
    assert.equal(usage(ours[0]!).cache_read_input_tokens, 1217);
    // The cached tokens are not in `input_tokens`: the prompt counts as at least the cached part.
    assert.equal(usage(ours[0]!).input_tokens, 0);
    const delta = ours.find((event) => event.type === 'message_delta')!;
    const recordedDelta = recorded.find((event) => event.type === 'message_delta')!;
    assert.deepEqual(shapeOf(delta), shapeOf(recordedDelta));
    assert.equal((delta.usage as Record<string, number>).cache_read_input_tokens, 1217);
  });
});

describe('simulator vs Anthropic recordings: non-stream', () => {
  it('answers with the keys of a recorded message, in order', async () => {
    const [recorded] = readCassette(`${MESSAGES}fantasy/claude-sonnet-4__simple.yaml`);
    const reply = await messages({
      model: 'echo',
      messages: [{ role: 'user', content: 'Say hi in Portuguese' }],
    });
    assert.equal(reply.headers.get('content-type'), 'application/json');
    const ours = JSON.parse(reply.text) as Record<string, unknown>;
    assert.deepEqual(shapeOf(ours), shapeOf(recorded!.body));
    assert.match(String(ours.id), /^msg_01\w{22}$/);
    assert.equal(ours.stop_reason, 'end_turn');
  });

  it('answers thinking and a tool call with the blocks of the recorded thinking reply', async () => {
    const [recorded] = readCassette(`${MESSAGES}fantasy/claude-sonnet-4__thinking.yaml`);
    const reply = await messages({
      model: 'tools',
      messages: [ASK],
      tools: [WEATHER_TOOL],
      thinking: { type: 'enabled', budget_tokens: 4000 },
    });
    const ours = JSON.parse(reply.text) as { content: unknown[]; stop_reason: string };
    const theirs = recorded!.body as { content: unknown[] };
    assert.deepEqual(shapeOf({ ...ours, content: [] }), shapeOf({ ...theirs, content: [] }));
    assert.equal(ours.content.length, 2);
    assert.deepEqual(shapeOf(ours.content[0]), shapeOf(theirs.content[0]), 'thinking block');
    assert.deepEqual(shapeOf(ours.content[1]), shapeOf(theirs.content[1]), 'tool_use block');
    assert.equal(ours.stop_reason, 'tool_use');
  });

  it('stops at a stop sequence with stop_reason stop_sequence, as recorded', async () => {
    const [recorded] = readCassette(`${MESSAGES}pydantic-ai/test_stop_settings[anthropic].yaml`);
    const theirs = recorded!.body as { stop_reason: string; stop_sequence: string };
    const reply = await messages({
      model: 'echo',
      messages: [{ role: 'user', content: 'The beautiful city of Paris, of course.' }],
      stop_sequences: ['Paris'],
    });
    const ours = JSON.parse(reply.text) as typeof theirs & { content: { text: string }[] };
    assert.deepEqual([ours.stop_reason, ours.stop_sequence], [theirs.stop_reason, theirs.stop_sequence]);
    assert.equal(ours.content[0]!.text, 'The beautiful city of ');
  });

  it('counts tokens with the recorded count_tokens body', async () => {
    const [recorded] = readCassette(
      `${MESSAGES}pydantic-ai/test_anthropic_count_tokens_with_native_tools.yaml`,
    );
    assert.match(recorded!.url, /\/v1\/messages\/count_tokens\?beta=true$/);
    const reply = await postJson(`${server.url}/v1/messages/count_tokens?beta=true`, {
      model: 'echo',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 2 + 2?' }] }],
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(keyPaths(JSON.parse(reply.text)), keyPaths(recorded!.body));
  });
});

describe('simulator vs Anthropic recordings: errors and Vertex AI', () => {
  it('answers a 429 with the recorded error body and headers', async () => {
    const [recorded] = JSON.parse(
      readFixture('anthropic/errors/anthropic-sdk-python/rate-limit-429-then-200.json'),
    ) as {
      response: { status_code: number; headers: Record<string, string>; body: unknown };
    }[];
    const reply = await messages(
      { model: 'echo', messages: [ASK] },
      { 'x-simulator-fail': '429', 'x-simulator-retry-after': '9' },
    );
    assert.equal(reply.status, recorded!.response.status_code);
    assert.deepEqual(shapeOf(JSON.parse(reply.text)), shapeOf(recorded!.response.body));
    assert.equal(reply.headers.get('x-should-retry'), recorded!.response.headers['x-should-retry']);
    assert.equal(reply.headers.get('retry-after'), '9');
  });

  it('answers an unknown model with the recorded 404', async () => {
    const [recorded] = readCassette(
      'anthropic/errors/pydantic-ai/test_model_name_suggestion[anthropic].yaml',
    );
    const reply = await messages({ model: 'claude-sonet-4-5', messages: [ASK] });
    assert.equal(reply.status, recorded!.status);
    const ours = JSON.parse(reply.text) as { error: unknown; request_id: string };
    assert.deepEqual(keyPaths(ours), keyPaths(recorded!.body));
    assert.deepEqual(ours.error, (recorded!.body as { error: unknown }).error);
  });

  it('serves Claude on Vertex AI: model in the path, anthropic_version in the body, msg_vrtx_ ids', async () => {
    const recorded = readFixture(
      'google/vertex/fantasy/extracted/vertex-claude-3-7-sonnet__simple_streaming.0.200.response.sse',
    );
    const url = `${server.url}/v1/projects/p/locations/us-east5/publishers/anthropic/models/echo:streamRawPredict`;
    const reply = await postJson(url, {
      anthropic_version: 'vertex-2023-10-16',
      max_tokens: 100,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi in Portuguese' }] }],
      stream: true,
    });
    // Vertex sends its ping before the first block; the order of the others is the same.
    const withoutPing = (text: string) => kinds(text).filter((name) => name !== 'ping');
    assert.deepEqual(withoutPing(reply.text), withoutPing(recorded));
    const start = sseJson(reply.text)[0] as { message: { id: string; model: string } };
    assert.match(start.message.id, /^msg_vrtx_01\w{22}$/);
    assert.equal(start.message.model, 'echo');
    const refused = await postJson(url.replace(':streamRawPredict', ':rawPredict'), {
      max_tokens: 5,
      messages: [ASK],
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /anthropic_version: Field required/);
  });
});
