import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayError } from '../../src/core/gateway-error.ts';
import { classifyAnthropicError } from '../../src/providers/anthropic/anthropic-error.ts';
import { classifyBedrockError } from '../../src/providers/bedrock/bedrock-error.ts';
import { classifyCohereError } from '../../src/providers/cohere/cohere-error.ts';
import { classifyGoogleError } from '../../src/providers/google/google-error.ts';
import { classifyOpenAIError } from '../../src/providers/openai-compatible/openai-compatible-error.ts';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import type { UpstreamHeaders } from '../../src/upstream/upstream-transport.ts';
import { decodeEventStream, parseSse, SIGV4_HEADERS } from './simulator-format-test-support.ts';

// Every API the simulator speaks stages the same faults (`x-simulator-fail`), each in its own
// shape: status errors in the API's error body, and mid-stream failures on its own framing.

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

/** One API: how to ask it for a reply, and what its errors and stream endings look like. */
interface ApiCase {
  name: string;
  /** A request whose one user message is `text` (`hi` unless said). */
  request(stream: boolean, text?: string): { path: string; body: unknown; headers?: Record<string, string> };
  /** Checks a status error body (and headers) for the API's shape. */
  assertError(status: number, body: Record<string, unknown>, headers: Headers): void;
  /** Checks the 400 for `promptTokens` over a `contextWindow`. */
  assertContextLength(body: Record<string, unknown>, promptTokens: number, contextWindow: number): void;
  /** Checks the 400 of a `content-policy` fault. */
  assertContentPolicy(body: Record<string, unknown>, headers: Headers): void;
  /** The gateway's classifier for the provider type that calls this API. */
  classify(
    provider: string,
    status: number,
    headers: UpstreamHeaders,
    body: string,
    scrub: (text: string) => string,
  ): GatewayError;
  /** The stream's events, in order, as names (the last tells how it ended). */
  events(bytes: Buffer): string[];
  /** The last event of a complete stream, and of one ended by an `error` fault. */
  completeEnd: string;
  errorEnd: string;
}

/** Event names (parsing every `data:`, so a garbled event throws). */
function sseNames(bytes: Buffer): string[] {
  return parseSse(bytes.toString('utf8')).map((event) => {
    if (event.data === '[DONE]') return '[DONE]';
    const data = JSON.parse(event.data) as {
      error?: unknown;
      candidates?: { finishReason?: string }[];
      delta?: { finish_reason?: string };
    };
    if (event.event === 'message-end') return `message-end:${data.delta?.finish_reason}`;
    if (event.event !== undefined) return event.event;
    if (data.error !== undefined) return 'error';
    return data.candidates?.[0]?.finishReason === undefined ? 'chunk' : 'finish';
  });
}

const ANTHROPIC_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'api_error',
  529: 'overloaded_error',
};
const GOOGLE_STATUSES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  529: 'UNAVAILABLE',
};
const BEDROCK_TYPES: Record<number, string> = {
  400: 'ValidationException',
  401: 'ValidationException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
  529: 'ServiceUnavailableException',
};

/** `{"error": {…}}` of the OpenAI shape (OpenAI, Azure OpenAI). */
function openAiError(body: Record<string, unknown>): Record<string, unknown> {
  return body.error as Record<string, unknown>;
}

function assertOpenAiContextLength(body: Record<string, unknown>, promptTokens: number, window: number) {
  assert.deepEqual(openAiError(body), {
    message:
      `This model's maximum context length is ${window} tokens. However, your messages resulted in ` +
      `${promptTokens} tokens. Please reduce the length of the messages.`,
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  });
}

function assertAnthropicRefusal(body: Record<string, unknown>, headers: Headers, message: string) {
  assert.deepEqual(body.error, { type: 'invalid_request_error', message });
  assert.equal(headers.get('request-id'), body.request_id);
  assert.equal(headers.get('x-should-retry'), 'false');
}

function assertGoogleRefusal(body: Record<string, unknown>, message: string | RegExp) {
  const error = body.error as { code: number; status: string; message: string };
  assert.deepEqual([error.code, error.status], [400, 'INVALID_ARGUMENT']);
  if (typeof message === 'string') assert.equal(error.message, message);
  else assert.match(error.message, message);
}

const OPENAI_CHAT: ApiCase = {
  name: 'OpenAI Chat Completions',
  request: (stream, text = 'hi') => ({
    path: '/v1/chat/completions',
    body: { model: 'lorem', messages: [{ role: 'user', content: text }], stream },
  }),
  assertError(_status, body) {
    assert.deepEqual(Object.keys(openAiError(body)), ['message', 'type', 'param', 'code']);
  },
  assertContextLength: assertOpenAiContextLength,
  assertContentPolicy(body) {
    assert.deepEqual(openAiError(body), {
      message:
        'Your request was rejected as a result of our safety system. Your prompt may contain text that is ' +
        'not allowed by our safety system.',
      type: 'invalid_request_error',
      param: null,
      code: 'content_policy_violation',
    });
  },
  classify: classifyOpenAIError,
  events: sseNames,
  completeEnd: '[DONE]',
  errorEnd: 'error',
};

const APIS: ApiCase[] = [
  OPENAI_CHAT,
  {
    name: 'Anthropic Messages',
    request: (stream, text = 'hi') => ({
      path: '/v1/messages',
      body: { model: 'lorem', max_tokens: 100, messages: [{ role: 'user', content: text }], stream },
    }),
    assertError(status, body, headers) {
      assert.deepEqual(Object.keys(body), ['type', 'error', 'request_id']);
      assert.equal((body.error as { type: string }).type, ANTHROPIC_TYPES[status]);
      assert.equal(headers.get('x-should-retry'), String(status >= 429));
    },
    assertContextLength(body, promptTokens, window) {
      assert.deepEqual(body.error, {
        type: 'invalid_request_error',
        message: `prompt is too long: ${promptTokens} tokens > ${window} maximum`,
      });
    },
    assertContentPolicy(body, headers) {
      assertAnthropicRefusal(body, headers, 'Output blocked by content filtering policy');
    },
    classify: classifyAnthropicError,
    events: sseNames,
    completeEnd: 'message_stop',
    errorEnd: 'error',
  },
  {
    name: 'Gemini API',
    request: (stream, text = 'hi') => ({
      path: `/v1beta/models/lorem:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      body: { contents: [{ role: 'user', parts: [{ text }] }] },
    }),
    assertError(status, body) {
      const error = body.error as { code: number; status: string };
      assert.deepEqual([error.code, error.status], [status, GOOGLE_STATUSES[status]]);
    },
    assertContextLength(body, promptTokens, window) {
      assertGoogleRefusal(
        body,
        `The input token count (${promptTokens}) exceeds the maximum number of tokens allowed (${window}).`,
      );
    },
    assertContentPolicy(body) {
      assertGoogleRefusal(body, /blocked by the safety filters/);
    },
    classify: classifyGoogleError,
    events: sseNames,
    completeEnd: 'finish',
    errorEnd: 'error',
  },
  {
    name: 'Vertex AI Gemini',
    request: (stream, text = 'hi') => ({
      path: `/v1/projects/p/locations/l/publishers/google/models/lorem:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      body: { contents: [{ role: 'user', parts: [{ text }] }] },
    }),
    assertError(status, body) {
      assert.equal((body.error as { status: string }).status, GOOGLE_STATUSES[status]);
    },
    assertContextLength(body, promptTokens, window) {
      assertGoogleRefusal(body, new RegExp(`count \\(${promptTokens}\\) exceeds .* allowed \\(${window}\\)`));
    },
    assertContentPolicy(body) {
      assertGoogleRefusal(body, /blocked by the safety filters/);
    },
    classify: classifyGoogleError,
    events: sseNames,
    completeEnd: 'finish',
    errorEnd: 'error',
  },
  {
    name: 'Bedrock Converse',
    request: (stream, text = 'hi') => ({
      path: `/model/sim.lorem/${stream ? 'converse-stream' : 'converse'}`,
      body: { messages: [{ role: 'user', content: [{ text }] }] },
      headers: SIGV4_HEADERS,
    }),
    assertError(status, body, headers) {
      assert.deepEqual(Object.keys(body), ['message']);
      assert.equal(headers.get('x-amzn-errortype')?.split(':')[0], BEDROCK_TYPES[status]);
    },
    assertContextLength(body) {
      assert.deepEqual(body, { message: 'Input is too long for requested model.' });
    },
    assertContentPolicy(body, headers) {
      assert.deepEqual(body, { message: 'Output blocked by content filtering policy.' });
      assert.equal(headers.get('x-amzn-errortype')?.split(':')[0], 'ValidationException');
    },
    classify: classifyBedrockError,
    events: (bytes) =>
      decodeEventStream(bytes).map(
        (frame) => frame.headers[':event-type'] ?? `exception:${frame.headers[':exception-type']}`,
      ),
    completeEnd: 'metadata',
    errorEnd: 'exception:serviceUnavailableException',
  },
  {
    name: 'Cohere v2 Chat',
    request: (stream, text = 'hi') => ({
      path: '/v2/chat',
      body: { model: 'lorem', messages: [{ role: 'user', content: text }], stream },
    }),
    assertError(_status, body) {
      assert.deepEqual(Object.keys(body), ['id', 'message']);
    },
    assertContextLength(body, promptTokens, window) {
      assert.deepEqual(Object.keys(body), ['id', 'message']);
      assert.match(
        body.message as string,
        new RegExp(
          `^too many tokens: total number of tokens in the prompt cannot exceed ${window} - received ${promptTokens}\\. `,
        ),
      );
    },
    assertContentPolicy(body) {
      assert.deepEqual(Object.keys(body), ['id', 'message']);
      assert.match(body.message as string, /^blocked by content policy/);
    },
    classify: classifyCohereError,
    events: sseNames,
    completeEnd: '[DONE]',
    errorEnd: 'message-end:ERROR',
  },
  {
    name: 'Azure OpenAI',
    request: (stream, text = 'hi') => ({
      path: '/openai/deployments/lorem/chat/completions?api-version=2024-10-21',
      body: { messages: [{ role: 'user', content: text }], stream },
    }),
    assertError(_status, body) {
      assert.deepEqual(Object.keys(body.error as object), ['message', 'type', 'param', 'code']);
    },
    assertContextLength: assertOpenAiContextLength,
    assertContentPolicy(body) {
      const error = openAiError(body);
      assert.deepEqual(
        { type: error.type, param: error.param, code: error.code, status: error.status },
        { type: null, param: 'prompt', code: 'content_filter', status: 400 },
      );
      assert.match(error.message as string, /content management policy/);
      const inner = error.innererror as {
        code: string;
        content_filter_result: Record<string, { filtered: boolean }>;
      };
      assert.equal(inner.code, 'ResponsibleAIPolicyViolation');
      assert.ok(Object.values(inner.content_filter_result).some((category) => category.filtered));
    },
    classify: classifyOpenAIError,
    events: sseNames,
    completeEnd: '[DONE]',
    errorEnd: 'error',
  },
];

async function send(
  api: ApiCase,
  stream: boolean,
  fault: Record<string, string>,
  signal?: AbortSignal,
  text?: string,
) {
  const { path, body, headers } = api.request(stream, text);
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers, ...fault },
    body: JSON.stringify(body),
    signal,
  });
}

async function read(response: Response): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of response.body ?? []) chunks.push(Buffer.from(chunk));
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

for (const api of APIS) {
  describe(`simulator faults: ${api.name}`, () => {
    it('answers status faults with the API’s own error body', async () => {
      for (const status of [400, 401, 429, 500, 503, 529]) {
        const response = await send(api, true, {
          'x-simulator-fail': String(status),
          'x-simulator-retry-after': '3',
        });
        assert.equal(response.status, status);
        const body = (await response.json()) as Record<string, unknown>;
        assert.match(JSON.stringify(body), new RegExp(`Simulated failure.*HTTP ${status}`));
        api.assertError(status, body, response.headers);
      }
    });

    it('ends a complete stream with its terminal event, and an `error` fault with its error event', async () => {
      const complete = api.events((await read(await send(api, true, {}))).bytes);
      assert.equal(complete.at(-1), api.completeEnd);
      const failed = await read(
        await send(api, true, { 'x-simulator-fail': 'error', 'x-simulator-fail-after': '3' }),
      );
      assert.equal(failed.error, undefined, 'the body itself ends cleanly');
      const events = api.events(failed.bytes);
      assert.equal(events.at(-1), api.errorEnd);
      assert.ok(!events.includes(api.completeEnd));
      const plain = await send(api, false, { 'x-simulator-fail': 'error-503' });
      assert.equal(plain.status, 503, 'without a stream the in-stream error is a plain HTTP error');
      await plain.arrayBuffer();
    });

    it('cuts, resets and garbles a stream after the configured tokens', async () => {
      const cut = await read(
        await send(api, true, { 'x-simulator-fail': 'cut', 'x-simulator-fail-after': '2' }),
      );
      assert.equal(cut.error, undefined);
      const events = api.events(cut.bytes);
      assert.ok(events.length > 0 && !events.includes(api.completeEnd), `cut stream: ${events.join(', ')}`);
      const reset = await read(
        await send(api, true, { 'x-simulator-fail': 'reset', 'x-simulator-fail-after': '2' }),
      );
      assert.ok(reset.error instanceof Error, 'a reset stream fails');
      assert.ok(reset.bytes.length > 0, 'after its first events');
      const garbled = await read(
        await send(api, true, { 'x-simulator-fail': 'malformed', 'x-simulator-fail-after': '2' }),
      );
      assert.equal(garbled.error, undefined);
      assert.throws(() => api.events(garbled.bytes), 'the last event cannot be parsed');
    });

    it('refuses a prompt over the context window with the API’s own 400, streaming or not', async () => {
      // 400 characters of text: 100 prompt tokens as the simulator counts them (and reports in usage).
      const long = 'word '.repeat(80);
      for (const stream of [false, true]) {
        const response = await send(api, stream, { 'x-simulator-context-window': '99' }, undefined, long);
        assert.equal(response.status, 400);
        api.assertContextLength((await response.json()) as Record<string, unknown>, 100, 99);
      }
      const fits = await send(api, false, { 'x-simulator-context-window': '100' }, undefined, long);
      assert.equal(fits.status, 200, 'a prompt exactly the window’s size fits');
      await fits.arrayBuffer();
      const lifted = await send(api, false, { 'x-simulator-context-window': '0' }, undefined, long);
      assert.equal(lifted.status, 200, '0 means no limit');
      await lifted.arrayBuffer();
    });

    it('answers a content-policy fault with the API’s refusal, before any stream byte', async () => {
      for (const stream of [false, true]) {
        const response = await send(api, stream, { 'x-simulator-fail': 'content-policy' });
        assert.equal(response.status, 400);
        api.assertContentPolicy((await response.json()) as Record<string, unknown>, response.headers);
      }
    });

    it('resets, hangs and garbles non-stream replies', async () => {
      await assert.rejects(send(api, false, { 'x-simulator-fail': 'reset' }));
      await assert.rejects(send(api, false, { 'x-simulator-fail': 'hang' }, AbortSignal.timeout(40)), {
        name: 'TimeoutError',
      });
      const garbled = await send(api, false, { 'x-simulator-fail': 'malformed' });
      assert.equal(garbled.status, 200);
      await assert.rejects(garbled.json(), 'the body is not JSON');
    });
  });
}

describe('simulator faults: timing of a binary stream', () => {
  it('spreads Bedrock event stream frames at the configured rate', async () => {
    const start = performance.now();
    const bedrock = APIS.find((api) => api.name === 'Bedrock Converse')!;
    const response = await send(bedrock, true, {
      'x-simulator-ttft-ms': '40',
      'x-simulator-tokens-per-second': '50',
      'x-simulator-output-tokens': '4',
    });
    const arrivals: number[] = [];
    const chunks: Buffer[] = [];
    for await (const chunk of response.body ?? []) {
      arrivals.push(performance.now() - start);
      chunks.push(Buffer.from(chunk));
    }
    // Upper bounds are loose: a busy machine stalls timers, it never fires them early.
    assert.ok(arrivals[0]! >= 35, `first frame after ${arrivals[0]} ms`);
    assert.ok(arrivals.at(-1)! - arrivals[0]! >= 40, 'the frames are spread over the tokens');
    assert.equal(decodeEventStream(Buffer.concat(chunks)).at(-1)?.headers[':event-type'], 'metadata');
  });
});

/** What the gateway's classifier for the API makes of a staged refusal. */
async function classifyRefusal(api: ApiCase, fault: Record<string, string>, text?: string): Promise<string> {
  const response = await send(api, false, fault, undefined, text);
  const headers: UpstreamHeaders = Object.fromEntries(response.headers);
  return api.classify('upstream', response.status, headers, await response.text(), (t) => t).code;
}

// Routing fails over on `context_length_exceeded` and never on `content_policy`, so the gateway
// must read both from every API's refusal.
describe('simulator refusals as the gateway classifies them', () => {
  for (const api of APIS) {
    it(`${api.name}: a prompt over the context window → context_length_exceeded`, async () => {
      const code = await classifyRefusal(api, { 'x-simulator-context-window': '10' }, 'word '.repeat(80));
      assert.equal(code, 'context_length_exceeded');
    });
    it(`${api.name}: a content-policy refusal → content_policy`, async () => {
      assert.equal(await classifyRefusal(api, { 'x-simulator-fail': 'content-policy' }), 'content_policy');
    });
  }
});
