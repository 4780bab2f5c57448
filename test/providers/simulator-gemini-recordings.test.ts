import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { googleCompactJson } from '../../src/providers/simulator/simulator-gemini-format.ts';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { collapseRuns, parseSse, postJson, readCassette, sseJson } from './simulator-format-test-support.ts';
import { keyPaths, readFixture, shapeOf, withoutKey } from './simulator-test-support.ts';

// The simulator's Gemini API and Vertex AI replies, over HTTP, against recordings of
// generativelanguage.googleapis.com and aiplatform.googleapis.com: same chunk kinds, same keys in
// the same order, the same `\r\n\r\n` SSE framing and Google's compact JSON style.

const GEMINI = 'google/gemini/';
const WEATHER = {
  functionDeclarations: [
    {
      name: 'weather',
      description: 'Get weather information for a location',
      parameters: {
        type: 'OBJECT',
        properties: { location: { type: 'STRING', description: 'the city' } },
        required: ['location'],
      },
    },
  ],
};
const ASK = { role: 'user', parts: [{ text: "What's the weather in Florence, Italy?" }] };
const THOUGHTS = { thinkingConfig: { includeThoughts: true } };

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

function generate(
  model: string,
  body: Record<string, unknown>,
  stream = false,
  headers: Record<string, string> = {},
) {
  const method = stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return postJson(`${server.url}/v1beta/models/${model}:${method}`, body, headers);
}

type Chunk = {
  candidates: { content: { parts: Record<string, unknown>[] }; finishReason?: string }[];
  usageMetadata: Record<string, unknown>;
};

/** `thought`, `text`, `functionCall`, with `+finish` on the chunk that ends the candidate. */
function chunkKind(chunk: Chunk): string {
  const candidate = chunk.candidates[0]!;
  const part = candidate.content.parts[0]!;
  const kind = part.thought === true ? 'thought' : 'functionCall' in part ? 'functionCall' : 'text';
  return candidate.finishReason === undefined ? kind : `${kind}+finish`;
}

describe('simulator vs Gemini recordings: generateContent', () => {
  it('answers with the keys of a recorded reply, pretty-printed as the API prints it', async () => {
    const [recorded] = readCassette(`${GEMINI}fantasy/gemini-2.5-flash__simple.yaml`);
    const reply = await generate('echo', { contents: [{ role: 'user', parts: [{ text: 'Say hi' }] }] });
    assert.equal(reply.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.ok(reply.text.startsWith('{\n  "candidates": [\n    {\n      "content": {\n        "parts": ['));
    assert.ok(reply.text.endsWith('\n}\n'));
    // The recorded model thought without showing it; `serviceTier` came with later API versions.
    const theirs = withoutKey(recorded!.body, 'thoughtsTokenCount');
    assert.deepEqual(shapeOf(withoutKey(JSON.parse(reply.text), 'serviceTier')), shapeOf(theirs));
    const ours = JSON.parse(reply.text) as { modelVersion: string; responseId: string };
    assert.equal(ours.modelVersion, 'echo');
    assert.match(ours.responseId, /^[\w-]{23}$/);
  });

  it('calls a function with the part and candidate keys of the recorded function call', async () => {
    const [recorded] = readCassette(`${GEMINI}fantasy/gemini-2.5-flash__multi_tool.yaml`);
    const theirs = (recorded!.body as Chunk).candidates[0]!;
    const reply = await generate('tools', { contents: [ASK], tools: [WEATHER], generationConfig: THOUGHTS });
    const ours = (JSON.parse(reply.text) as Chunk).candidates[0]!;
    assert.deepEqual(Object.keys(ours), Object.keys(theirs));
    const [thought, call] = ours.content.parts;
    assert.deepEqual(Object.keys(thought!), ['text', 'thought']);
    assert.deepEqual(Object.keys(call!), Object.keys(theirs.content.parts[0]!));
    assert.deepEqual(call!.functionCall, { name: 'weather', args: { location: 'example' } });
    assert.ok(Object.keys((JSON.parse(reply.text) as Chunk).usageMetadata).includes('thoughtsTokenCount'));
  });

  it('stops at maxOutputTokens with the keys and finishReason of the recorded MAX_TOKENS reply', async () => {
    const [recorded] = readCassette(`${GEMINI}pydantic-ai/test_google_model_max_tokens.yaml`);
    const reply = await generate('lorem', { contents: [ASK], generationConfig: { maxOutputTokens: 5 } });
    const ours = JSON.parse(reply.text) as Chunk;
    assert.deepEqual(keyPaths(ours), keyPaths(recorded!.body));
    assert.equal(ours.candidates[0]!.finishReason, 'MAX_TOKENS');
    assert.equal(ours.usageMetadata.candidatesTokenCount, 5);
  });
});

describe('simulator vs Gemini recordings: streamGenerateContent', () => {
  it('frames chunks as the API does: compact JSON, `\\r\\n\\r\\n` after each event', async () => {
    const recorded = readFixture(
      `${GEMINI}fantasy/extracted/gemini-2.5-flash__simple_streaming.0.200.response.sse`,
    );
    const reply = await generate('echo', { contents: [ASK] }, true);
    assert.equal(reply.headers.get('content-type'), 'text/event-stream');
    for (const text of [recorded, reply.text]) {
      assert.ok(text.endsWith('}\r\n\r\n'));
      const events = text.split('\r\n\r\n').slice(0, -1);
      for (const event of events) {
        assert.ok(event.startsWith('data: {"candidates": [{"content": {"parts": ['));
        assert.equal(googleCompactJson(JSON.parse(event.slice(6))), event.slice(6), 'Google compact JSON');
      }
    }
    // This recording predates `serviceTier` (see the live-usage recording below).
    const last = withoutKey(sseJson(reply.text).at(-1), 'serviceTier');
    assert.deepEqual(shapeOf(last), shapeOf(withoutKey(sseJson(recorded)[0], 'thoughtsTokenCount')));
  });

  it('carries the running usage on every chunk, like the recorded live-usage stream', async () => {
    const recorded = sseJson(
      readFixture(
        `${GEMINI}pydantic-ai/extracted/test_google_stream_usage_is_live_mid_stream.0.200.response.sse`,
      ),
    ) as Chunk[];
    const ours = sseJson((await generate('lorem', { contents: [ASK] }, true)).text) as Chunk[];
    assert.deepEqual(collapseRuns(recorded.map(chunkKind)), ['text', 'text+finish']);
    assert.deepEqual(collapseRuns(ours.map(chunkKind)), ['text', 'text+finish']);
    const trim = (chunk: unknown) => withoutKey(chunk, 'thoughtsTokenCount');
    assert.deepEqual(shapeOf(ours[0]), shapeOf(trim(recorded[0])));
    assert.deepEqual(shapeOf(ours.at(-1)), shapeOf(trim(recorded.at(-1))));
    assert.deepEqual(
      ours.map((chunk) => chunk.usageMetadata.candidatesTokenCount),
      ours.map((_chunk, index) => index + 1),
    );
  });

  it('streams thoughts then the function call like the recorded thinking stream', async () => {
    const recorded = sseJson(
      readFixture(`${GEMINI}fantasy/extracted/gemini-2.5-flash__thinking-streaming.0.200.response.sse`),
    ) as Chunk[];
    const reply = await generate(
      'tools',
      { contents: [ASK], tools: [WEATHER], generationConfig: THOUGHTS },
      true,
    );
    const ours = withoutKey(sseJson(reply.text), 'serviceTier') as Chunk[];
    assert.deepEqual(collapseRuns(recorded.map(chunkKind)), ['thought', 'functionCall+finish']);
    assert.deepEqual(collapseRuns(ours.map(chunkKind)), ['thought', 'functionCall+finish']);
    assert.deepEqual(shapeOf(ours[0]), shapeOf(recorded[0]), 'thought chunk');
    assert.deepEqual(shapeOf(ours.at(-1)), shapeOf(recorded.at(-1)), 'function call chunk');
  });

  it('streams without alt=sse as one JSON array, as the API does', async () => {
    const reply = await postJson(`${server.url}/v1beta/models/echo:streamGenerateContent`, {
      contents: [ASK],
    });
    const chunks = JSON.parse(reply.text) as Chunk[];
    assert.equal(
      chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text).join(''),
      ASK.parts[0]!.text,
    );
  });
});

describe('simulator vs Vertex AI recordings', () => {
  it('streams with the Vertex key order, createTime, and usage only at the end', async () => {
    const recorded = sseJson(
      readFixture(
        'google/vertex/fantasy/extracted/vertex-gemini-2-5-flash__simple_streaming.0.200.response.sse',
      ),
    );
    const url = `${server.url}/v1/projects/p/locations/us-east5/publishers/google/models/echo:streamGenerateContent?alt=sse`;
    const reply = await postJson(url, { contents: [ASK] });
    assert.ok(parseSse(reply.text).length > 2);
    const ours = sseJson(reply.text);
    assert.deepEqual(shapeOf(ours[0]), shapeOf(recorded[0]));
    assert.deepEqual(shapeOf(ours.at(-1)), shapeOf(withoutKey(recorded.at(-1), 'thoughtsTokenCount')));
    assert.match(String(ours[0]!.createTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });
});

describe('simulator vs Google error recordings', () => {
  it('answers a 429 with RESOURCE_EXHAUSTED and a RetryInfo, as recorded', async () => {
    const recorded = JSON.parse(readFixture('google/errors/vercel-ai/google-429-retry-info.json')) as {
      error: { details: { '@type': string }[] };
    };
    const reply = await generate('echo', { contents: [ASK] }, false, {
      'x-simulator-fail': '429',
      'x-simulator-retry-after': '34',
    });
    assert.equal(reply.status, 429);
    const ours = JSON.parse(reply.text) as typeof recorded;
    assert.deepEqual(Object.keys(ours.error), Object.keys(recorded.error));
    assert.deepEqual(
      ours.error.details,
      [recorded.error.details[1]!].map((detail) => ({ ...detail, retryDelay: '34s' })),
    );
    assert.equal((ours.error as unknown as { status: string }).status, 'RESOURCE_EXHAUSTED');
  });

  it('answers an unknown model with the recorded 404', async () => {
    const [recorded] = readCassette('google/errors/pydantic-ai/test_model_name_suggestion[google].yaml');
    const reply = await generate('gemini-3.6-flahs', { contents: [ASK] });
    assert.equal(reply.status, 404);
    assert.deepEqual(JSON.parse(reply.text), recorded!.body);
  });

  it('answers a wrong API key with the recorded 400 API_KEY_INVALID, byte for byte', async () => {
    const recorded = readFixture(
      'google/errors/crewai/extracted/test_google_streaming_returns_usage_metrics.0.400.response.json',
    );
    const guarded = await startSimulatorServer({ apiKey: 'AIza-right' });
    try {
      const url = `${guarded.url}/v1beta/models/echo:streamGenerateContent?alt=sse`;
      const reply = await postJson(url, { contents: [ASK] }, { 'x-goog-api-key': 'AIza-wrong' });
      assert.equal(reply.status, 400);
      assert.equal(reply.text, recorded);
      const allowed = await postJson(`${url}&key=AIza-right`, { contents: [ASK] });
      assert.equal(allowed.status, 200);
    } finally {
      await guarded.close();
    }
  });
});
