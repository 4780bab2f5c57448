import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSimulatorRouter } from '../../src/providers/simulator/simulator-router.ts';
import { collapseRuns, parseSse, readCassette } from './simulator-format-test-support.ts';
import { planBody, readFixture, shapeOf, withoutKey } from './simulator-test-support.ts';

// The simulator's Responses API replies are compared with real OpenAI recordings of the same kind
// of call: the same event types in the same order, the same keys (in order) at every level of
// each kind of event, and the same numbering and framing.

const route = createSimulatorRouter();
const RESPONSES = 'openai/responses/fantasy/';

function post(body: Record<string, unknown>, headers: Record<string, string> = {}, path = '/v1/responses') {
  return route({ method: 'POST', path, headers, body: JSON.stringify(body) });
}

interface Event {
  name: string | undefined;
  data: Record<string, unknown>;
}

function events(text: string): Event[] {
  return parseSse(text).map((event) => ({
    name: event.event,
    data: withoutKey(JSON.parse(event.data), 'obfuscation') as Record<string, unknown>,
  }));
}

const types = (list: Event[]): string[] => collapseRuns(list.map((event) => String(event.data.type)));

/** The first event of each type, for like-for-like shape comparisons. */
function firstOfEachType(list: Event[]): Map<string, Record<string, unknown>> {
  const byType = new Map<string, Record<string, unknown>>();
  for (const event of list)
    if (!byType.has(String(event.data.type))) byType.set(String(event.data.type), event.data);
  return byType;
}

function assertSameShapes(ours: Event[], theirs: Event[]): void {
  const mine = firstOfEachType(ours);
  for (const [type, recorded] of firstOfEachType(theirs)) {
    assert.deepEqual(shapeOf(mine.get(type)), shapeOf(recorded), `shape of ${type}`);
  }
}

function assertNumberedAndFramed(list: Event[]): void {
  list.forEach((event, index) => {
    assert.equal(event.data.sequence_number, index);
    assert.equal(event.name, event.data.type, 'the `event:` line names the type');
  });
}

const WEATHER_TOOL = {
  type: 'function',
  name: 'weather',
  description: 'Get weather information for a location',
  parameters: {
    type: 'object',
    properties: { location: { type: 'string', description: 'the city' } },
    required: ['location'],
  },
  strict: false,
};

describe('simulator vs OpenAI Responses recordings: streamed text', () => {
  const recorded = events(
    readFixture(`${RESPONSES}extracted/openai-gpt-4o-mini__simple_streaming.0.200.response.sse`),
  );
  const text = planBody(
    post({ model: 'echo', input: 'Hi in Portuguese', stream: true, max_output_tokens: 4000 }),
  );
  const ours = events(text);

  it('sends the recorded event sequence', () => {
    const expected = [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ];
    assert.deepEqual(types(recorded), expected);
    assert.deepEqual(types(ours), expected);
  });

  it('has the keys of the recording, in order, at every level of every event type', () => {
    assertSameShapes(ours, recorded);
  });

  it('numbers events from 0, frames them `event: <type>\\ndata: <json>\\n\\n`, streams the echo', () => {
    assertNumberedAndFramed(recorded);
    assertNumberedAndFramed(ours);
    assert.match(
      text,
      /^event: response\.created\ndata: \{"type":"response\.created","response":\{"id":"resp_[0-9a-f]{50}"/,
    );
    assert.ok(text.endsWith('}\n\n'));
    const deltas = ours.filter((event) => event.data.type === 'response.output_text.delta');
    assert.equal(deltas.map((event) => event.data.delta).join(''), 'Hi in Portuguese');
    const completed = ours.at(-1)!.data.response as { usage: { output_tokens: number }; status: string };
    assert.equal(completed.status, 'completed');
    assert.equal(completed.usage.output_tokens, deltas.length);
  });

  it('ends with response.incomplete when max_output_tokens cuts the answer', () => {
    const cut = events(planBody(post({ model: 'lorem', input: 'go', stream: true, max_output_tokens: 3 })));
    const last = cut.at(-1)!.data;
    assert.equal(last.type, 'response.incomplete');
    assert.deepEqual((last.response as { incomplete_details: unknown }).incomplete_details, {
      reason: 'max_output_tokens',
    });
  });
});

describe('simulator vs OpenAI Responses recordings: streamed function call', () => {
  const recorded = events(
    readFixture(`${RESPONSES}extracted/openai-gpt-4o-mini__tool_streaming.0.200.response.sse`),
  );
  const request = { model: 'tools', input: 'Weather in Florence?', tools: [WEATHER_TOOL], stream: true };
  const ours = events(planBody(post(request)));

  it('sends the recorded event sequence and shapes', () => {
    assert.deepEqual(types(ours), types(recorded));
    assertSameShapes(ours, recorded);
    assertNumberedAndFramed(ours);
  });

  it('streams arguments that join into the done event and fit the schema', () => {
    const joined = ours
      .filter((event) => event.data.type === 'response.function_call_arguments.delta')
      .map((event) => event.data.delta)
      .join('');
    const done = ours.find((event) => event.data.type === 'response.function_call_arguments.done')!;
    assert.equal(done.data.arguments, joined);
    assert.equal(typeof (JSON.parse(joined) as { location: unknown }).location, 'string');
    const item = (ours.at(-2)!.data.item ?? {}) as { call_id: string; name: string };
    assert.match(item.call_id, /^call_[0-9a-f]{24}$/);
    assert.equal(item.name, 'weather');
  });
});

describe('simulator vs OpenAI Responses recordings: reasoning summary', () => {
  const recorded = events(
    readFixture(`${RESPONSES}extracted/openai-o4-mini__thinking-streaming.1.200.response.sse`),
  );
  const request = {
    model: 'echo',
    input: 'Weather in Florence?',
    reasoning: { effort: 'high', summary: 'auto' },
    include: ['reasoning.encrypted_content'],
    tools: [WEATHER_TOOL],
    tool_choice: 'none',
    stream: true,
  };
  const ours = events(planBody(post(request)));

  it('streams the reasoning item (summary events) before the message, as recorded', () => {
    assert.deepEqual(types(ours), types(recorded));
    assertSameShapes(ours, recorded);
    assertNumberedAndFramed(ours);
  });

  it('counts the thinking as reasoning tokens', () => {
    const usage = (ours.at(-1)!.data.response as { usage: Record<string, { reasoning_tokens?: number }> })
      .usage;
    const deltas = ours.filter((event) => event.data.type === 'response.reasoning_summary_text.delta').length;
    assert.equal(usage.output_tokens_details?.reasoning_tokens, deltas);
  });
});

describe('simulator vs OpenAI Responses recordings: non-stream and errors', () => {
  it('answers the non-stream body of the recording: same keys in order, pretty-printed', () => {
    const recorded = readCassette(`${RESPONSES}openai-gpt-4o-mini__simple.yaml`)[0]!;
    const text = planBody(
      post({ model: 'echo', input: [{ role: 'user', content: 'Say hi' }], store: false }),
    );
    assert.ok(text.startsWith('{\n  "id": "resp_'));
    assert.deepEqual(shapeOf(JSON.parse(text)), shapeOf(recorded.body));
  });

  it('ends a failing stream with the recorded `error` event, then response.failed', () => {
    const recorded = readFixture('openai/errors/vercel-ai/openai-error.1.chunks.txt')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const plan = post({ model: 'lorem', input: 'go', stream: true }, { 'x-simulator-fail': 'error-429' });
    const ours = events(planBody(plan));
    assert.deepEqual(types(ours).slice(-2), ['error', 'response.failed']);
    const error = ours.at(-2)!.data;
    assert.deepEqual(shapeOf(error), shapeOf(recorded.find((event) => event.type === 'error')));
    assert.equal((error.error as { code: string }).code, 'rate_limit_exceeded');
    assertNumberedAndFramed(ours);
    const failed = ours.at(-1)!.data.response as { status: string; error: Record<string, unknown> };
    assert.equal(failed.status, 'failed');
    assert.deepEqual(Object.keys(failed.error), ['code', 'message']);
  });

  it('keeps stored responses for previous_response_id; an unknown one is OpenAI`s 400', () => {
    const first = JSON.parse(planBody(post({ model: 'echo', input: 'Remember me' }))) as { id: string };
    const next = JSON.parse(planBody(post({ model: 'echo', previous_response_id: first.id, input: [] }))) as {
      previous_response_id: string;
      output: { content: { text: string }[] }[];
      usage: { input_tokens: number };
    };
    assert.equal(next.previous_response_id, first.id);
    assert.equal(next.output[0]?.content[0]?.text, 'Remember me');
    const unstored = JSON.parse(planBody(post({ model: 'echo', input: 'x', store: false }))) as {
      id: string;
    };
    for (const id of ['resp_unknown', unstored.id]) {
      const plan = post({ model: 'echo', input: 'x', previous_response_id: id });
      assert.equal(plan.kind === 'respond' ? plan.status : 0, 400);
      assert.deepEqual(JSON.parse(planBody(plan)), {
        error: {
          message: `Previous response with id '${id}' not found.`,
          type: 'invalid_request_error',
          param: 'previous_response_id',
          code: 'previous_response_not_found',
        },
      });
    }
  });

  it('serves Azure`s /openai/v1/responses with its content filters, and staged faults', () => {
    const azure = JSON.parse(planBody(post({ model: 'echo', input: 'hi' }, {}, '/openai/v1/responses')));
    assert.ok('content_filters' in azure);
    const limited = post({ model: 'echo', input: 'hi' }, { 'x-simulator-fail': '429' });
    assert.equal(limited.kind === 'respond' ? limited.status : 0, 429);
    const missing = post({ input: 'hi' });
    assert.equal(JSON.parse(planBody(missing)).error.code, 'missing_required_parameter');
  });
});
