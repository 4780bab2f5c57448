import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ProviderConfig } from '../../src/config/config-types.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import { createVertexProvider } from '../../src/providers/vertex/vertex-provider.ts';
import {
  canonicalRejection,
  cassetteAnswer,
  chunksAsSse,
  fileAnswer,
  finishPart,
  joinedDeltas,
  providerConfigFromYaml,
  type RecordedAnswer,
  ReplayTransport,
  readAllParts,
  replayOf,
  snapshotAnswer,
  tokenCounts,
  userPrompt,
} from '../support/replay-transport.ts';

/**
 * Vertex AI (Gemini through `generateContent`, Claude through `rawPredict`) via the AI SDK's Vertex
 * adapters, fed real aiplatform.googleapis.com recordings.
 *
 * A service account needs Google's token endpoint, which would be network. Instead the credentials
 * file is a workload-identity ("external_account") configuration whose `token_url` is a loopback
 * server answering the token exchange, so the OAuth path runs offline and the test can check the
 * bearer token the adapter sends through the gateway's transport.
 */

const ACCESS_TOKEN = 'ya29.replay-test-access-token';
const BASE = 'https://us-east5-aiplatform.googleapis.com';
const PROJECT_PATH = '/v1/projects/fantasy-playground-472418/locations/us-east5';

let tokenServer: Server;
let credentialsDir: string;
let tokenRequests = 0;
let oauthConfig: ProviderConfig;

before(async () => {
  tokenServer = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      tokenRequests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          access_token: ACCESS_TOKEN,
          issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  const { port } = tokenServer.address() as AddressInfo;
  credentialsDir = mkdtempSync(join(tmpdir(), 'tollgate-vertex-'));
  writeFileSync(join(credentialsDir, 'subject-token'), 'replay-subject-token');
  const credentialsFile = join(credentialsDir, 'credentials.json');
  writeFileSync(
    credentialsFile,
    JSON.stringify({
      type: 'external_account',
      audience:
        '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/replay/providers/replay',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: `http://127.0.0.1:${port}/token`,
      credential_source: { file: join(credentialsDir, 'subject-token') },
    }),
  );
  oauthConfig = providerConfigFromYaml(`
providers:
  vertex:
    type: vertex
    project: fantasy-playground-472418
    location: us-east5
    credentials_file: ${credentialsFile}
`);
});

after(async () => {
  await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
  rmSync(credentialsDir, { recursive: true, force: true });
});

const EXPRESS_KEY = 'AQ.vertex-express-replay-key';
const expressConfig = providerConfigFromYaml(`
providers:
  vertex:
    type: vertex
    api_key: ${EXPRESS_KEY}
    base_url: ${BASE}${PROJECT_PATH}
`);

function replay(config: ProviderConfig, answer: RecordedAnswer, chunkSize?: number) {
  const transport = new ReplayTransport(replayOf(answer, chunkSize));
  return { transport, provider: createVertexProvider(config, transport) };
}

const sse = (path: string): RecordedAnswer => fileAnswer(path, 'text/event-stream');

describe('vertex adapter: Gemini recordings', () => {
  test('the registry builds the same provider type, translated only', async () => {
    const registered = PROVIDER_FACTORIES.vertex(oauthConfig);
    assert.equal(registered.type, 'vertex');
    assert.equal(registered.nativeProtocol, undefined);
    await registered.close();
  });

  test('doGenerate, pydantic-ai vertex cassette: text, STOP, usage; OAuth bearer to the project path', async () => {
    const { transport, provider } = replay(
      oauthConfig,
      cassetteAnswer('google/vertex/pydantic-ai/test_google_model_vertex_provider.yaml', 0),
      16,
    );
    const before = tokenRequests;
    const result = await provider.languageModel('gemini-2.0-flash').doGenerate({
      prompt: userPrompt('What is the capital of France?'),
    });

    assert.deepEqual(
      result.content.map((part) => (part.type === 'text' ? part.text : part.type)),
      ['The capital of France is Paris.\n'],
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 13, noCache: 13, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 8, text: 8, reasoning: 0 },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, BASE);
    assert.equal(request.path, `${PROJECT_PATH}/publishers/google/models/gemini-2.0-flash:generateContent`);
    assert.equal(request.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
    assert.equal(request.headers['x-goog-api-key'], undefined);
    assert.ok(tokenRequests > before, "the token was exchanged at the credentials file's token_url");
  });

  test('doStream, fantasy Gemini SSE (real Vertex), 5-byte chunks: text and thoughts usage', async () => {
    const { transport, provider } = replay(
      oauthConfig,
      sse('google/vertex/fantasy/extracted/vertex-gemini-2-5-flash__simple_streaming.0.200.response.sse'),
      5,
    );
    const { stream } = await provider.languageModel('gemini-2.5-flash').doStream({
      prompt: userPrompt('Say hi in Portuguese'),
    });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'Olá! (pronounced "oh-LAH")');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'STOP' });
    // promptTokenCount 9, candidatesTokenCount 9, thoughtsTokenCount 36 (totalTokenCount 54).
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 9, noCache: 9, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 45, text: 9, reasoning: 36 },
    });
    const request = transport.onlyRequest();
    assert.equal(
      request.path,
      `${PROJECT_PATH}/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    );
    assert.equal(request.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
  });

  test('doStream, pydantic-ai flex service tier SSE: text, thoughts usage', async () => {
    const { provider } = replay(
      oauthConfig,
      sse(
        'google/vertex/pydantic-ai/extracted/test_google_vertex_service_tier_flex_stream.0.200.response.sse',
      ),
      7,
    );
    const { stream } = await provider
      .languageModel('gemini-3-flash-preview')
      .doStream({ prompt: userPrompt('Say OK') });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'OK');
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'STOP' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 5, noCache: 5, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 101, text: 1, reasoning: 100 },
    });
  });

  test('doStream, vercel-ai streamed partialArgs (nested JSON paths) assemble into one tool call', async () => {
    const { provider } = replay(
      oauthConfig,
      chunksAsSse('google/vertex/vercel-ai/google-vertex-stream-tool-call-arguments-nested.1.chunks.txt'),
      64,
    );
    const { stream } = await provider.languageModel('gemini-3-pro-preview').doStream({
      prompt: userPrompt('Give me a lasagna recipe'),
      tools: [{ type: 'function', name: 'cookRecipe', inputSchema: { type: 'object', properties: {} } }],
    });
    const parts = await readAllParts(stream);

    const calls = parts.filter((part) => part.type === 'tool-call');
    assert.equal(calls.length, 1);
    assert.ok(calls[0]?.type === 'tool-call');
    assert.equal(calls[0].toolName, 'cookRecipe');
    const input = JSON.parse(calls[0].input) as {
      recipe: { ingredients: { amount: string; name: string }[] };
    };
    assert.deepEqual(input.recipe.ingredients.slice(0, 3), [
      { amount: '16 oz', name: 'Lasagna noodles' },
      { amount: '1 lb', name: 'Ground beef' },
      { amount: '15 oz', name: 'Ricotta cheese' },
    ]);
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'tool-calls', raw: 'STOP' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 31, noCache: 31, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 1710, text: 684, reasoning: 1026 },
    });
  });

  test('express mode (api_key): the key goes in x-goog-api-key, no bearer token', async () => {
    const { transport, provider } = replay(
      expressConfig,
      sse('google/vertex/fantasy/extracted/vertex-gemini-2-5-flash__simple_streaming.0.200.response.sse'),
    );
    const { stream } = await provider
      .languageModel('gemini-2.5-flash')
      .doStream({ prompt: userPrompt('Hi') });
    assert.equal(joinedDeltas(await readAllParts(stream), 'text-delta'), 'Olá! (pronounced "oh-LAH")');
    const request = transport.onlyRequest();
    assert.equal(
      request.path,
      `${PROJECT_PATH}/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    );
    assert.equal(request.headers['x-goog-api-key'], EXPRESS_KEY);
    assert.equal(request.headers.authorization, undefined);
  });
});

describe('vertex adapter: Claude recordings', () => {
  test('doStream, fantasy Claude SSE (real Vertex, msg_vrtx_ id), 4-byte chunks: UTF-8 text, usage', async () => {
    const { transport, provider } = replay(
      oauthConfig,
      sse('google/vertex/fantasy/extracted/vertex-claude-3-7-sonnet__simple_streaming.0.200.response.sse'),
      4,
    );
    const { stream } = await provider.languageModel('claude-3-7-sonnet@20250219').doStream({
      prompt: userPrompt('Say hi in Portuguese'),
    });
    const parts = await readAllParts(stream);

    assert.equal(joinedDeltas(parts, 'text-delta'), 'Olá! Como posso ajudar você hoje?');
    const metadata = parts.find((part) => part.type === 'response-metadata');
    assert.equal(
      metadata?.type === 'response-metadata' ? metadata.id : undefined,
      'msg_vrtx_01LcEncTtD79dxfjPVCHda3Q',
    );
    const finish = finishPart(parts);
    assert.deepEqual(finish.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(finish.usage), {
      inputTokens: { total: 16, noCache: 16, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 16, text: undefined, reasoning: undefined },
    });

    const request = transport.onlyRequest();
    assert.equal(request.origin, BASE);
    assert.equal(
      request.path,
      `${PROJECT_PATH}/publishers/anthropic/models/claude-3-7-sonnet@20250219:streamRawPredict`,
    );
    assert.equal(request.headers.authorization, `Bearer ${ACCESS_TOKEN}`);
    assert.equal(request.headers['x-api-key'], undefined);
    const body = JSON.parse(request.bodyText) as {
      anthropic_version: string;
      model?: string;
      stream: boolean;
    };
    assert.equal(body.anthropic_version, 'vertex-2023-10-16');
    assert.equal(body.model, undefined, 'the model is in the URL');
    assert.equal(body.stream, true);
  });

  test('doGenerate, an Anthropic Messages body (same wire format; no non-streamed Vertex recording): rawPredict', async () => {
    const { transport, provider } = replay(
      oauthConfig,
      fileAnswer('anthropic/messages/vercel-ai/anthropic-text.json', 'application/json'),
    );
    const result = await provider
      .languageModel('claude-sonnet-4-5@20250929')
      .doGenerate({ prompt: userPrompt('Hello') });

    assert.deepEqual(
      result.content.map((part) => (part.type === 'text' ? part.text : part.type)),
      [
        "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
      ],
    );
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.deepEqual(tokenCounts(result.usage), {
      inputTokens: { total: 12, noCache: 12, cacheRead: 0, cacheWrite: 0 },
      outputTokens: { total: 29, text: undefined, reasoning: undefined },
    });
    assert.equal(
      transport.onlyRequest().path,
      `${PROJECT_PATH}/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict`,
    );
  });
});

describe('vertex adapter: recorded error answers', () => {
  const unauthenticated = (): RecordedAnswer =>
    cassetteAnswer('google/errors/crewai/test_crew_memory_with_google_vertex_embedder.yaml', 0);

  test('classifyError: crewai aiplatform 401 UNAUTHENTICATED (WWW-Authenticate) → upstream_auth', () => {
    const answer = unauthenticated();
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['www-authenticate'], 'Bearer realm="https://accounts.google.com/"');
    const { provider } = replay(oauthConfig, answer);
    const error = provider.classifyError(answer.status, answer.headers, answer.body.toString('utf8'));
    assert.equal(error.code, 'upstream_auth');
    assert.equal(error.upstreamStatus, 401);
    assert.equal(error.clientCode, 'UNAUTHENTICATED');
    assert.equal(error.retryAfterSeconds, undefined);
    assert.ok(
      error.message.startsWith(
        'Provider "vertex" answered 401: API keys are not supported by this API. Expected OAuth2 access token',
      ),
      error.message,
    );
  });

  test('doGenerate (Gemini) against the 401 rejects and classifies as upstream_auth', async () => {
    const { provider } = replay(expressConfig, unauthenticated(), 30);
    const error = await canonicalRejection(provider, () =>
      provider.languageModel('gemini-2.5-flash').doGenerate({ prompt: userPrompt('Hi') }),
    );
    assert.equal(error.code, 'upstream_auth');
    assert.equal(error.upstreamStatus, 401);
    assert.ok(error.message.includes('API keys are not supported by this API.'));
  });

  test('an Anthropic-shaped error (Claude on Vertex) goes to the Anthropic reader: 429 rate_limit_error', async () => {
    const answer = snapshotAnswer('anthropic/errors/anthropic-sdk-python/rate-limit-429-then-200.json', 0);
    const { provider } = replay(oauthConfig, answer);
    const direct = provider.classifyError(429, answer.headers, answer.body.toString('utf8'));
    assert.equal(direct.code, 'rate_limited');
    assert.equal(direct.clientCode, 'rate_limit_error');
    assert.ok(direct.message.includes("This request would exceed your organization's rate limit"));

    const error = await canonicalRejection(provider, () =>
      provider.languageModel('claude-sonnet-4-5@20250929').doGenerate({ prompt: userPrompt('Hi') }),
    );
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.clientCode, 'rate_limit_error');
  });
});
