import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBedrockProvider } from '../../src/providers/bedrock/bedrock-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import {
  canonicalRejection,
  cassetteAnswer,
  fileAnswer,
  finishPart,
  fixtureText,
  joinedDeltas,
  partMetadata,
  providerConfigFromYaml,
  type RecordedAnswer,
  type ReplayAnswer,
  type ReplayRequest,
  ReplayTransport,
  readAllParts,
  replayOf,
  tokenCounts,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Amazon Bedrock Converse (JSON) and ConverseStream (binary AWS event stream) through the AI SDK
 * adapter with SigV4 signing, fed real bedrock-runtime recordings.
 */

const ACCESS_KEY_ID = 'AKIAREPLAYTEST0000000';
const SECRET_ACCESS_KEY = 'replaySecretAccessKey0000000000000000000';
const config = providerConfigFromYaml(`
providers:
  bedrock:
    type: bedrock
    region: us-east-1
    access_key_id: ${ACCESS_KEY_ID}
    secret_access_key: ${SECRET_ACCESS_KEY}
`);
const ORIGIN = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-micro-v1:0';

function replay(answer: RecordedAnswer | ReplayAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(
    'chunks' in answer ? answer : replayOf(answer as RecordedAnswer, chunkSize),
  );
  return { transport, provider: createBedrockProvider(config, transport) };
}

const json = (path: string): RecordedAnswer => fileAnswer(path, 'application/json');
const eventStream = (path: string): RecordedAnswer => fileAnswer(path, 'application/vnd.amazon.eventstream');

/** Checks a SigV4 `authorization` header: access key, date scope, region, service, signed headers. */
function assertSigV4(request: ReplayRequest): void {
  const date = request.headers['x-amz-date'];
  assert.match(date ?? '', /^\d{8}T\d{6}Z$/);
  const authorization = request.headers.authorization ?? '';
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  assert.ok(match, authorization);
  const [, keyId, day, region, service, signedHeaders] = match;
  assert.equal(keyId, ACCESS_KEY_ID);
  assert.equal(day, date?.slice(0, 8));
  assert.equal(region, 'us-east-1');
  assert.equal(service, 'bedrock');
  assert.ok(signedHeaders?.split(';').includes('host'));
  assert.ok(signedHeaders?.split(';').includes('x-amz-date'));
  assert.ok(!authorization.includes(SECRET_ACCESS_KEY), 'the secret never travels');
}

describe('bedrock adapter: Converse (doGenerate)', () => {
  test('the registry builds the same provider type, translated only', async () => {
    const registered = PROVIDER_FACTORIES.bedrock(config);
    assert.equal(registered.type, 'bedrock');
    assert.equal(registered.nativeProtocol, undefined);
    await registered.close();
  });

  test('vercel-ai amazon-bedrock-text.json: text, end_turn, usage; SigV4-signed POST to /model/<id>/converse', async () => {
    const { transport, provider } = replay(json('bedrock/converse/vercel-ai/amazon-bedrock-text.json'), 50);
    const result = await provider
      .languageModel(CLAUDE)
      .doGenerate({ prompt: userPrompt('How many r in strawberry?') });

    assert.deepEqual(result.content, [
      {
        type: 'text',
        text: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."',
      },
    ]);
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 22, noCache: 22, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 57, text: 57, reasoning: undefined },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, ORIGIN);
    assert.equal(request.path, '/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    assert.equal(request.method, 'POST');
    assertSigV4(request);
    const body = JSON.parse(request.bodyText) as { messages: unknown };
    assert.deepEqual(body.messages, [{ role: 'user', content: [{ text: 'How many r in strawberry?' }] }]);
  });

  test('vercel-ai amazon-bedrock-reasoning.json: reasoningContent with signature, then text', async () => {
    const { provider } = replay(json('bedrock/converse/vercel-ai/amazon-bedrock-reasoning.json'));
    const result = await provider.languageModel('anthropic.claude-3-7-sonnet-20250219-v1:0').doGenerate({
      prompt: userPrompt('How many r in strawberry?'),
    });

    const [reasoning, text] = result.content;
    assert.ok(reasoning?.type === 'reasoning');
    assert.equal(
      reasoning.text,
      'Let me count the r\'s in "strawberry":\n\ns-t-r-a-w-b-e-r-r-y\n\nThere are 3 r\'s.',
    );
    const signature = (reasoning.providerMetadata?.bedrock as { signature?: string } | undefined)?.signature;
    assert.ok(signature?.startsWith('EvYBCkgICxABGAIqQA9E9VC377UnbjdfXCw4RwQaaIXsqocZKzI3WwWtXT'));
    assert.ok(text?.type === 'text');
    assert.equal(text.text, 'There are **3** r\'s in "strawberry":\n\n1. st**r**awbe**r****r**y');
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 51, noCache: 51, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 78, text: 78, reasoning: undefined },
    });
  });

  test('vercel-ai amazon-bedrock-tool-call.1.json: toolUse with parsed input, tool_use', async () => {
    const { provider } = replay(json('bedrock/converse/vercel-ai/amazon-bedrock-tool-call.1.json'));
    const result = await provider.languageModel(CLAUDE).doGenerate({
      prompt: userPrompt('List the files'),
      tools: [{ type: 'function', name: 'bash', inputSchema: { type: 'object', properties: {} } }],
    });

    assert.equal(result.content.length, 1);
    const [call] = result.content;
    assert.ok(call?.type === 'tool-call');
    assert.equal(call.toolCallId, 'tool-use-id');
    assert.equal(call.toolName, 'bash');
    assert.deepEqual(JSON.parse(call.input), { command: 'ls -l' });
    assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 20, text: 20, reasoning: undefined },
    });
  });

  for (const [index, cacheRead, cacheWrite] of [
    [0, 0, 1322],
    [1, 1322, 0],
  ] as const) {
    test(`pydantic-ai cache cassette, call ${index + 1}: cacheRead ${cacheRead}, cacheWrite ${cacheWrite}`, async () => {
      const { provider } = replay(
        cassetteAnswer('bedrock/converse/pydantic-ai/test_bedrock_cache_write_and_read.yaml', index),
      );
      const result = await provider
        .languageModel(CLAUDE)
        .doGenerate({ prompt: userPrompt('What is 10 + 11?') });

      assert.deepEqual(
        result.content.map((part) => (part.type === 'text' ? part.text : part.type)),
        ['21'],
      );
      assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
      assert.deepEqual(tokenCounts(result.usage), {
        inputTokens: { total: 2 + cacheRead + cacheWrite, noCache: 2, cacheRead, cacheWrite },
        outputTokens: { total: 5, text: 5, reasoning: undefined },
      });
    });
  }

  test('with a session token the request carries x-amz-security-token; with a Bedrock API key, a bearer', async () => {
    const sessionTransport = new ReplayTransport(
      replayOf(json('bedrock/converse/vercel-ai/amazon-bedrock-text.json')),
    );
    const withSession = createBedrockProvider(
      { ...config, cloud: { ...config.cloud, sessionToken: 'replay-session-token' } },
      sessionTransport,
    );
    await withSession.languageModel(CLAUDE).doGenerate({ prompt: userPrompt('Hi') });
    const signed = sessionTransport.onlyRequest();
    assert.equal(signed.headers['x-amz-security-token'], 'replay-session-token');
    assertSigV4(signed);

    const keyTransport = new ReplayTransport(
      replayOf(json('bedrock/converse/vercel-ai/amazon-bedrock-text.json')),
    );
    const withKey = createBedrockProvider({ ...config, apiKey: 'bedrock-api-key-replay-0000' }, keyTransport);
    await withKey.languageModel(CLAUDE).doGenerate({ prompt: userPrompt('Hi') });
    assert.equal(keyTransport.onlyRequest().headers.authorization, 'Bearer bedrock-api-key-replay-0000');
  });
});

describe('bedrock adapter: ConverseStream binary event stream (doStream)', () => {
  test('pydantic-ai stream, 5-byte chunks (frames split everywhere): text, end_turn, metadata usage', async () => {
    const { transport, provider } = replay(
      eventStream(
        'bedrock/converse-stream/pydantic-ai/extracted/test_bedrock_model_stream.0.200.response.eventstream',
      ),
      5,
    );
    const { stream } = await provider
      .languageModel(NOVA)
      .doStream({ prompt: userPrompt('What is the capital of France?') });
    const parts = await readAllParts(stream);

    const text = joinedDeltas(parts, 'text-delta');
    assert.ok(
      text.startsWith(
        'The capital of France is Paris. Paris is not only the capital city but also the most populous',
      ),
    );
    assert.ok(text.endsWith('Paris is often referred to as "The City of Light" or "The City of Love."'));
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 13, noCache: 13, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 82, text: 82, reasoning: undefined },
    });
    assert.equal(parts.filter((part) => part.type === 'error').length, 0);

    const request = transport.onlyRequest();
    assert.equal(request.path, '/model/us.amazon.nova-micro-v1%3A0/converse-stream');
    assertSigV4(request);
  });

  test('pydantic-ai thinking stream: reasoningContent deltas and signature, then text', async () => {
    const { provider } = replay(
      eventStream(
        'bedrock/converse-stream/pydantic-ai/extracted/test_bedrock_model_thinking_part_stream.0.200.response.eventstream',
      ),
      64,
    );
    const { stream } = await provider.languageModel(CLAUDE).doStream({ prompt: userPrompt('Hello') });
    const parts = await readAllParts(stream);

    assert.equal(
      joinedDeltas(parts, 'reasoning-delta'),
      'The user has greeted me with a simple "Hello". I should respond in a friendly and welcoming manner. This is a straightforward greeting, so I\'ll respond warmly and ask how I can help them today.',
    );
    const signatures = parts.flatMap((part) => {
      const signature = partMetadata(part, 'bedrock')?.signature as string | undefined;
      return signature === undefined ? [] : [signature];
    });
    assert.equal(signatures.length, 1);
    assert.ok(signatures[0]?.startsWith('Eu0CCkgIBxABGAIqQJDccbDQkr81n7QjZ0Fi43umSvw0YvnGkMPEpaGAa2btYHyW'));
    assert.equal(
      joinedDeltas(parts, 'text-delta'),
      "Hello! It's nice to meet you. How can I help you today?",
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 36, noCache: 36, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 73, text: 73, reasoning: undefined },
    });
  });

  test('pydantic-ai iter stream: text, then a toolUse block with its input, tool_use', async () => {
    const { provider } = replay(
      eventStream(
        'bedrock/converse-stream/pydantic-ai/extracted/test_bedrock_model_iter_stream.0.200.response.eventstream',
      ),
      1,
    );
    const { stream } = await provider.languageModel(NOVA).doStream({
      prompt: userPrompt('What is the temperature of the capital of France?'),
      tools: [{ type: 'function', name: 'get_temperature', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(stream);

    assert.ok(
      joinedDeltas(parts, 'text-delta').startsWith(
        '<thinking> To find the temperature of the capital of France',
      ),
    );
    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'tooluse_lAG_zP8QRHmSYOwZzzaCqA');
    assert.equal(calls[0].toolName, 'get_temperature');
    assert.deepEqual(JSON.parse(calls[0].input), { city: 'Paris' });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 471, noCache: 471, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 91, text: 91, reasoning: undefined },
    });
  });

  test('kong capture in its three recorded network chunks (frames cut mid-way): tool call add {a: 2, b: 12}', async () => {
    const chunks = [1, 2, 3].map((index) =>
      Buffer.from(
        fixtureText(`bedrock/converse-stream/kong/chunk-${index}.eventstream.b64.txt`).trim(),
        'base64',
      ),
    );
    const { provider } = replay({
      status: 200,
      headers: { 'content-type': 'application/vnd.amazon.eventstream' },
      chunks,
    });
    const { stream } = await provider.languageModel(NOVA).doStream({
      prompt: userPrompt('What is 2 + 12?'),
      tools: [{ type: 'function', name: 'add', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(stream);

    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolCallId, 'tooluse_UxbKWVKgTqe8cKjPPzopiQ');
    assert.equal(calls[0].toolName, 'add');
    assert.deepEqual(JSON.parse(calls[0].input), { a: 2, b: 12 });
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 478, noCache: 478, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 44, text: 44, reasoning: undefined },
    });
  });

  test('kong converse-stream-input.eventstream, 16-byte chunks: long text deltas, end_turn', async () => {
    const { provider } = replay(
      eventStream('bedrock/converse-stream/kong/converse-stream-input.eventstream'),
      16,
    );
    const { stream } = await provider
      .languageModel(NOVA)
      .doStream({ prompt: userPrompt('Explain relativity') });
    const parts = await readAllParts(stream);

    const text = joinedDeltas(parts, 'text-delta');
    assert.ok(
      text.startsWith(
        'Hello! Relativity is a set of physical theories that are collectively known as special relativity',
      ),
    );
    assert.ok(text.includes('general relativity explains the law'));
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 97, text: 97, reasoning: undefined },
    });
  });
});

describe('bedrock adapter: recorded error answers', () => {
  const cases = [
    { name: 'Converse', path: 'bedrock/errors/pydantic-ai/test_bedrock_error.yaml', stream: false },
    {
      name: 'ConverseStream',
      path: 'bedrock/errors/pydantic-ai/test_bedrock_streaming_error.yaml',
      stream: true,
    },
    {
      name: 'CountTokens',
      path: 'bedrock/errors/pydantic-ai/test_bedrock_count_tokens_error.yaml',
      stream: false,
    },
    {
      name: 'Converse (model name typo)',
      path: 'bedrock/errors/pydantic-ai/test_model_name_suggestion[bedrock].yaml',
      stream: false,
    },
  ] as const;

  for (const item of cases) {
    test(`classifyError: pydantic-ai ${item.name} 400 "The provided model identifier is invalid."`, () => {
      const answer = cassetteAnswer(item.path, 0);
      assert.equal(answer.status, 400);
      const { provider } = replay(answer);
      const error = provider.classifyError(answer.status, answer.headers, answer.body.toString('utf8'));
      // An unknown model id is routable elsewhere: not the client's mistake, whatever the status.
      assert.equal(error.code, 'upstream_not_found');
      assert.equal(error.upstreamStatus, 400);
      assert.equal(error.provider, 'bedrock');
      assert.equal(
        error.message,
        'Provider "bedrock" answered 400: The provided model identifier is invalid.',
      );
    });
  }

  test('doGenerate against the recorded Converse 400 rejects and classifies the same way', async () => {
    const { provider } = replay(cassetteAnswer('bedrock/errors/pydantic-ai/test_bedrock_error.yaml', 0));
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('us.does-not-exist-model-v1:0').doGenerate({ prompt: userPrompt('hello') }),
    );
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(error.upstreamStatus, 400);
    assert.equal(error.message, 'Provider "bedrock" answered 400: The provided model identifier is invalid.');
  });

  test('doStream against the recorded ConverseStream 400 rejects and classifies the same way', async () => {
    const { transport, provider } = replay(
      cassetteAnswer('bedrock/errors/pydantic-ai/test_bedrock_streaming_error.yaml', 0),
    );
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('us.does-not-exist-model-v1:0').doStream({ prompt: userPrompt('hello') }),
    );
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(transport.onlyRequest().path, '/model/us.does-not-exist-model-v1%3A0/converse-stream');
  });

  test('the same body with the x-amzn-errortype header Bedrock sends (not kept by the recorder) reads the exception type', () => {
    const answer = cassetteAnswer('bedrock/errors/pydantic-ai/test_bedrock_error.yaml', 0);
    const { provider } = replay(answer);
    const error = provider.classifyError(
      400,
      {
        ...answer.headers,
        'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      },
      answer.body.toString('utf8'),
    );
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(error.clientCode, 'ValidationException');
  });
});
