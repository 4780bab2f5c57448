import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { collapseRuns, parseSse, postJson, readCassette, sseJson } from './simulator-format-test-support.ts';
import { readFixture, shapeOf } from './simulator-test-support.ts';

// The simulator's Cohere v2 Chat replies, over HTTP, against recordings of api.cohere.com: same
// keys in the same order, same event sequence (the `.chunks.txt` recordings hold the decoded
// events, one per line; the raw framing is `event: <type>` + `data: <json>`, then `data: [DONE]`).

const CHAT = 'cohere/chat-v2/';
const WEATHER = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'Get the weather',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};
const ASK = [{ role: 'user', content: 'What is the capital of France?' }];

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

function chat(body: Record<string, unknown>) {
  return postJson(`${server.url}/v2/chat`, body);
}

function recordedEvents(name: string): Record<string, unknown>[] {
  return readFixture(`${CHAT}vercel-ai/${name}`)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

type Event = { type: string; delta?: { message?: { content?: Record<string, unknown> } } };

/** `content-start:thinking`, `content-delta:text`, `tool-call-delta`, … */
function kind(event: Record<string, unknown>): string {
  const content = (event as Event).delta?.message?.content;
  if (content === undefined || Array.isArray(content)) return String(event.type);
  return `${event.type}:${String(content.type ?? Object.keys(content)[0])}`;
}

function assertSameEvents(ours: Record<string, unknown>[], theirs: Record<string, unknown>[]): void {
  assert.deepEqual(collapseRuns(ours.map(kind)), collapseRuns(theirs.map(kind)));
  const first = new Map<string, unknown>();
  for (const event of theirs) if (!first.has(kind(event))) first.set(kind(event), event);
  for (const event of ours) assert.deepEqual(shapeOf(event), shapeOf(first.get(kind(event))), kind(event));
}

describe('simulator vs Cohere recordings: non-stream', () => {
  it('answers text with the keys of the recorded reply, in order', async () => {
    const recorded = JSON.parse(readFixture(`${CHAT}vercel-ai/cohere-text.json`)) as unknown;
    const reply = await chat({ model: 'echo', messages: ASK });
    assert.equal(reply.headers.get('content-type'), 'application/json');
    const ours = JSON.parse(reply.text) as { id: string; finish_reason: string };
    assert.deepEqual(shapeOf(ours), shapeOf(recorded));
    assert.match(ours.id, /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/);
    assert.equal(ours.finish_reason, 'COMPLETE');
  });

  it('answers a tool call with a plan, like the recorded tool call', async () => {
    const recorded = JSON.parse(readFixture(`${CHAT}vercel-ai/cohere-tool-call.json`)) as unknown;
    const reply = await chat({ model: 'tools', messages: ASK, tools: [WEATHER] });
    const ours = JSON.parse(reply.text) as {
      message: { tool_calls: { id: string }[] };
      finish_reason: string;
    };
    assert.deepEqual(shapeOf(ours), shapeOf(recorded));
    assert.match(ours.message.tool_calls[0]!.id, /^weather_[a-z\d]{12}$/);
    assert.equal(ours.finish_reason, 'TOOL_CALL');
  });

  it('answers thinking with the content blocks of the recorded reasoning reply', async () => {
    const recorded = JSON.parse(readFixture(`${CHAT}vercel-ai/cohere-reasoning.json`)) as {
      message: { content: unknown[] };
    };
    const reply = await chat({
      model: 'echo',
      messages: ASK,
      thinking: { type: 'enabled', token_budget: 100 },
    });
    const ours = JSON.parse(reply.text) as typeof recorded;
    assert.deepEqual(shapeOf(ours), shapeOf(recorded));
    assert.deepEqual(shapeOf(ours.message.content[1]), shapeOf(recorded.message.content[1]));
  });

  it('stops at a stop sequence with STOP_SEQUENCE, as recorded', async () => {
    const [recorded] = readCassette(`${CHAT}pydantic-ai/test_stop_settings[cohere].yaml`);
    const reply = await chat({
      model: 'echo',
      messages: [{ role: 'user', content: 'The capital of France is Paris.' }],
      stop_sequences: ['Paris'],
    });
    const ours = JSON.parse(reply.text) as {
      finish_reason: string;
      message: { content: { text: string }[] };
    };
    assert.equal(ours.finish_reason, (recorded!.body as { finish_reason: string }).finish_reason);
    assert.equal(ours.message.content[0]!.text, 'The capital of France is ');
  });

  it('answers an unknown model with the shape and wording of the recorded 404', async () => {
    const [recorded] = readCassette('cohere/errors/pydantic-ai/TestCohere.test_embed_error.yaml');
    const reply = await chat({ model: 'nonexistent', messages: ASK });
    assert.equal(reply.status, recorded!.status);
    const ours = JSON.parse(reply.text) as { id: string; message: string };
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(recorded!.body as object).sort());
    assert.equal(ours.message, (recorded!.body as { message: string }).message);
  });
});

describe('simulator vs Cohere recordings: stream', () => {
  it('streams text with the recorded events, framed as `event:` + `data:` and ended by [DONE]', async () => {
    const reply = await chat({ model: 'echo', messages: ASK, stream: true });
    assert.equal(reply.headers.get('content-type'), 'text/event-stream');
    const events = parseSse(reply.text);
    assert.equal(events.at(-1)?.data, '[DONE]');
    for (const event of events.slice(0, -1)) assert.equal(event.event, JSON.parse(event.data).type);
    assertSameEvents(sseJson(reply.text), recordedEvents('cohere-text.chunks.txt'));
  });

  it('streams thinking then text like the recorded reasoning stream', async () => {
    const reply = await chat({ model: 'echo', messages: ASK, stream: true, thinking: { type: 'enabled' } });
    assertSameEvents(sseJson(reply.text), recordedEvents('cohere-reasoning.chunks.txt'));
  });

  it('streams a tool plan and a tool call like the recorded tool stream', async () => {
    const recorded = recordedEvents('cohere-tool-call.chunks.txt');
    // The recorded model called two tools; the simulator calls one.
    const secondCall = recorded.findIndex(
      (event, index) => index > 0 && event.type === 'tool-call-start' && event.index === 1,
    );
    const oneCall = [...recorded.slice(0, secondCall), recorded.at(-1)!];
    const reply = await chat({ model: 'tools', messages: ASK, tools: [WEATHER], stream: true });
    const ours = sseJson(reply.text);
    assertSameEvents(ours, oneCall);
    const plan = ours.map(
      (event) => (event as { delta?: { message?: { tool_plan?: string } } }).delta?.message?.tool_plan ?? '',
    );
    assert.equal(plan.join(''), 'I will use the weather tool.');
  });
});
