import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  encodeEventStreamHeaders,
  encodeEventStreamMessage,
} from '../../src/providers/simulator/simulator-bedrock-eventstream.ts';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import {
  collapseRuns,
  decodeEventStream,
  type EventStreamFrame,
  postJson,
  readBinaryFixture,
  readCassette,
  SIGV4_HEADERS,
} from './simulator-format-test-support.ts';
import { keyPaths, readFixture } from './simulator-test-support.ts';

// The simulator's Bedrock Converse replies, over HTTP, against recordings of
// bedrock-runtime.amazonaws.com: the binary event stream decoded by the AWS SDK's own codec (so
// every CRC is checked), same event sequence, same payload keys, same JSON bodies.

const STREAM = 'bedrock/converse-stream/';
const WEATHER = {
  tools: [
    {
      toolSpec: {
        name: 'get_temperature',
        inputSchema: {
          json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    },
  ],
};
const HELLO = [{ role: 'user', content: [{ text: 'Hello' }] }];

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

function converse(
  modelId: string,
  body: Record<string, unknown>,
  stream = false,
  headers: Record<string, string> = {},
) {
  const path = `/model/${encodeURIComponent(modelId)}/${stream ? 'converse-stream' : 'converse'}`;
  return postJson(`${server.url}${path}`, body, { ...SIGV4_HEADERS, ...headers });
}

type Payload = {
  delta?: { text?: string; toolUse?: unknown; reasoningContent?: { text?: string; signature?: string } };
  start?: { toolUse?: unknown };
};

/** `contentBlockDelta:reasoningContent.signature`, `contentBlockStart:toolUse`, `metadata`, … */
function kind(frame: EventStreamFrame): string {
  const type = frame.headers[':event-type']!;
  const payload = frame.payload as Payload;
  if (payload.start?.toolUse !== undefined) return `${type}:toolUse`;
  const delta = payload.delta;
  if (delta === undefined) return type;
  if (delta.reasoningContent !== undefined)
    return `${type}:reasoningContent.${Object.keys(delta.reasoningContent)[0]}`;
  return `${type}:${Object.keys(delta)[0]}`;
}

/** The payload keys of the first frame of each kind (`p`, the padding, included). */
function payloadKeys(frames: EventStreamFrame[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const frame of frames) if (!keys.has(kind(frame))) keys.set(kind(frame), keyPaths(frame.payload));
  return keys;
}

describe('simulator vs Bedrock recordings: the event stream codec', () => {
  it('re-encodes every frame of a recorded ConverseStream byte for byte', () => {
    const recorded = readBinaryFixture(`${STREAM}kong/converse-stream-input.eventstream`);
    const frames = decodeEventStream(recorded);
    const encoded = Buffer.concat(
      frames.map((frame) =>
        encodeEventStreamMessage(encodeEventStreamHeaders(frame.headers), JSON.stringify(frame.payload)),
      ),
    );
    assert.equal(frames.length, 6);
    assert.ok(encoded.equals(recorded));
  });
});

describe('simulator vs Bedrock recordings: ConverseStream', () => {
  it('streams text with the events, headers and payload keys of a recorded stream', async () => {
    const recorded = decodeEventStream(readBinaryFixture(`${STREAM}kong/converse-stream-input.eventstream`));
    const reply = await converse('sim.echo', { messages: HELLO }, true);
    assert.equal(reply.headers.get('content-type'), 'application/vnd.amazon.eventstream');
    const ours = decodeEventStream(reply.bytes);
    const expected = [
      'messageStart',
      'contentBlockDelta:text',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ];
    assert.deepEqual(collapseRuns(recorded.map(kind)), expected);
    assert.deepEqual(collapseRuns(ours.map(kind)), expected);
    for (const frame of ours) {
      assert.deepEqual(Object.keys(frame.headers), [':event-type', ':content-type', ':message-type']);
      assert.equal(frame.headers[':message-type'], 'event');
    }
    const theirKeys = payloadKeys(recorded);
    for (const [name, keys] of payloadKeys(ours)) {
      // Newer streams add `serverToolUsage` to the usage; this recording predates it.
      assert.deepEqual(
        keys.filter((key) => !key.includes('serverToolUsage')),
        theirKeys.get(name),
        name,
      );
    }
  });

  it('streams Claude thinking like the recorded thinking stream', async () => {
    const recorded = decodeEventStream(
      readBinaryFixture(
        `${STREAM}pydantic-ai/extracted/test_bedrock_model_thinking_part_stream.0.200.response.eventstream`,
      ),
    );
    const reply = await converse(
      'us.anthropic.echo-v1:0',
      {
        messages: HELLO,
        additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      },
      true,
    );
    const ours = decodeEventStream(reply.bytes);
    const expected = [
      'messageStart',
      'contentBlockDelta:reasoningContent.text',
      'contentBlockDelta:reasoningContent.signature',
      'contentBlockStop',
      'contentBlockDelta:text',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ];
    assert.deepEqual(collapseRuns(recorded.map(kind)), expected);
    assert.deepEqual(collapseRuns(ours.map(kind)), expected);
    const theirKeys = payloadKeys(recorded);
    for (const [name, keys] of payloadKeys(ours)) {
      assert.deepEqual(
        keys.filter((key) => !key.includes('serverToolUsage')),
        theirKeys.get(name),
        name,
      );
    }
  });

  it('streams a tool call with the start and input deltas of the recorded tool stream', async () => {
    const recorded = decodeEventStream(
      readBinaryFixture(
        `${STREAM}pydantic-ai/extracted/test_bedrock_model_iter_stream.0.200.response.eventstream`,
      ),
    );
    const reply = await converse('sim.tools', { messages: HELLO, toolConfig: WEATHER }, true);
    const ours = decodeEventStream(reply.bytes);
    // The recorded model wrote text before calling; the simulator calls straight away.
    assert.deepEqual(collapseRuns(ours.map(kind)), [
      'messageStart',
      'contentBlockStart:toolUse',
      'contentBlockDelta:toolUse',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    const theirKeys = payloadKeys(recorded);
    const ourKeys = payloadKeys(ours);
    for (const name of ['contentBlockStart:toolUse', 'contentBlockDelta:toolUse', 'messageStop']) {
      assert.deepEqual(ourKeys.get(name), theirKeys.get(name), name);
    }
    const input = ours.map(
      (frame) => ((frame.payload as Payload).delta?.toolUse as { input?: string })?.input ?? '',
    );
    assert.ok(input.filter(Boolean).length >= 2, 'the input comes in fragments');
    assert.deepEqual(JSON.parse(input.join('')), { city: 'example' });
    assert.equal(ours.at(-2)!.payload.stopReason, 'tool_use');
  });
});

describe('simulator vs Bedrock recordings: Converse', () => {
  it('answers text with the keys of a recorded reply, in Bedrock order', async () => {
    const recorded = JSON.parse(readFixture('bedrock/converse/vercel-ai/amazon-bedrock-text.json')) as Record<
      string,
      unknown
    >;
    const reply = await converse('sim.echo', { messages: HELLO });
    assert.equal(reply.headers.get('content-type'), 'application/json');
    assert.match(reply.headers.get('x-amzn-requestid') ?? '', /^[\da-f-]{36}$/);
    const ours = JSON.parse(reply.text) as Record<string, unknown>;
    assert.deepEqual(keyPaths(ours), keyPaths(recorded));
    assert.deepEqual(Object.keys(ours), Object.keys(recorded));
  });

  it('answers thinking and tool calls with the content blocks of the recordings', async () => {
    const reasoning = JSON.parse(
      readFixture('bedrock/converse/vercel-ai/amazon-bedrock-reasoning.json'),
    ) as unknown;
    const thinking = { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } };
    const reply = await converse('anthropic.echo', { messages: HELLO, ...thinking });
    assert.deepEqual(keyPaths(JSON.parse(reply.text)), keyPaths(reasoning));
    const toolCall = JSON.parse(
      readFixture('bedrock/converse/vercel-ai/amazon-bedrock-tool-call.1.json'),
    ) as unknown;
    const called = JSON.parse(
      (await converse('sim.tools', { messages: HELLO, toolConfig: WEATHER })).text,
    ) as {
      stopReason: string;
      output: unknown;
    };
    assert.deepEqual(
      keyPaths(called.output).filter((path) => !path.includes('toolUse.input.')),
      keyPaths((toolCall as { output: unknown }).output).filter((path) => !path.includes('toolUse.input.')),
    );
    assert.equal(called.stopReason, 'tool_use');
  });

  it('reports a simulated cache read the way the recorded cache read does', async () => {
    const [, read] = readCassette('bedrock/converse/pydantic-ai/test_bedrock_cache_write_and_read.yaml');
    const theirs = (read!.body as { usage: Record<string, number> }).usage;
    const reply = await converse('sim.echo', { messages: HELLO }, false, {
      'x-simulator-cache-read-tokens': '1322',
    });
    const ours = (JSON.parse(reply.text) as { usage: Record<string, number> }).usage;
    assert.deepEqual(Object.keys(ours), Object.keys(theirs));
    assert.equal(ours.cacheReadInputTokens, theirs.cacheReadInputTokens);
    // `inputTokens` leaves the cached tokens out; `totalTokens` counts everything.
    assert.equal(ours.totalTokens, ours.inputTokens! + ours.cacheReadInputTokens! + ours.outputTokens!);
    const streamed = decodeEventStream(
      (await converse('sim.echo', { messages: HELLO }, true, { 'x-simulator-cache-read-tokens': '1322' }))
        .bytes,
    );
    assert.equal((streamed.at(-1)!.payload.usage as Record<string, number>).cacheReadInputTokens, 1322);
  });

  it('answers an unknown model id with the recorded 400, and unsigned requests with a 403', async () => {
    const [recorded] = readCassette('bedrock/errors/pydantic-ai/test_bedrock_error.yaml');
    assert.match(recorded!.url, /\/model\/us\.does-not-exist-model-v1%3A0\/converse$/);
    const reply = await converse('us.does-not-exist-model-v1:0', { messages: HELLO });
    assert.equal(reply.status, recorded!.status);
    assert.deepEqual(JSON.parse(reply.text), recorded!.body);
    assert.match(reply.headers.get('x-amzn-errortype') ?? '', /^ValidationException:/);
    const unsigned = await postJson(`${server.url}/model/sim.echo/converse`, { messages: HELLO });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(JSON.parse(unsigned.text), { message: 'Missing Authentication Token' });
  });
});
