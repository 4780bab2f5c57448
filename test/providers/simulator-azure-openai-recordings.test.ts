import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type SimulatorServer,
  startSimulatorServer,
} from '../../src/providers/simulator/simulator-http-server.ts';
import { collapseRuns, postJson, readCassette } from './simulator-format-test-support.ts';
import {
  chunkKind,
  keyPaths,
  readFixture,
  sseData,
  USER_HELLO,
  WEATHER_TOOL,
  withoutKey,
} from './simulator-test-support.ts';

// The simulator's Chat Completions on Azure OpenAI's paths, over HTTP, against recordings of
// *.openai.azure.com: the deployment in the path picks the model, and the replies carry Azure's
// content filter results (a first chunk with no choices, `content_filter_results` in each choice).

const AZURE = 'azure-openai/chat-completions/';

let server: SimulatorServer;
before(async () => {
  server = await startSimulatorServer();
});
after(() => server.close());

function deployment(name: string, body: Record<string, unknown>) {
  return postJson(`${server.url}/openai/deployments/${name}/chat/completions?api-version=2024-10-21`, body);
}

/** OpenAI chunk kinds, plus Azure's `prompt-filter` chunk. */
function kinds(text: string): string[] {
  return collapseRuns(
    sseData(text).map((data) =>
      data.includes('"prompt_filter_results"') ? 'prompt-filter' : chunkKind(data),
    ),
  );
}

/** Key paths of the first chunk of each kind; Azure's diagnostics (`obfuscation`, latency) left out. */
function chunkKeys(text: string): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const data of sseData(text)) {
    if (data === '[DONE]') continue;
    const name = data.includes('"prompt_filter_results"') ? 'prompt-filter' : chunkKind(data);
    const chunk = withoutKey(withoutKey(JSON.parse(data), 'obfuscation'), 'latency_checkpoint');
    if (!keys.has(name)) keys.set(name, keyPaths(chunk));
  }
  return keys;
}

describe('simulator vs Azure OpenAI recordings', () => {
  it('answers a deployment with the keys of the recorded reply; the body may leave out the model', async () => {
    const [recorded] = readCassette(`${AZURE}envoy-ai-gateway/azure-chat-basic.yaml`);
    assert.match(recorded!.url, /\/openai\/deployments\/gpt-5-nano\/chat\/completions$/);
    const reply = await deployment('echo', { messages: USER_HELLO });
    assert.equal(reply.status, 200);
    const ours = JSON.parse(reply.text) as { model: string };
    // Azure sends no `service_tier` on this API version.
    assert.deepEqual(keyPaths(withoutKey(ours, 'service_tier')), keyPaths(recorded!.body));
    assert.equal(ours.model, 'echo');
  });

  it('streams the prompt filter chunk first, then OpenAI chunks with content filter results', async () => {
    const recorded = readFixture(
      `${AZURE}fantasy/extracted/azure-o4-mini__simple_streaming.0.200.response.sse`,
    );
    const reply = await deployment('echo', {
      messages: USER_HELLO,
      stream: true,
      stream_options: { include_usage: true },
    });
    const expected = ['prompt-filter', 'role', 'content', 'finish', 'usage', 'done'];
    assert.deepEqual(kinds(recorded), expected);
    assert.deepEqual(kinds(reply.text), expected);
    const theirs = chunkKeys(recorded);
    for (const [name, keys] of chunkKeys(reply.text)) assert.deepEqual(keys, theirs.get(name), name);
  });

  it('streams a tool call with the chunks of the recorded Azure tool stream', async () => {
    const recorded = readFixture(
      `${AZURE}fantasy/extracted/azure-o4-mini__tool_streaming.0.200.response.sse`,
    );
    const reply = await postJson(`${server.url}/openai/v1/chat/completions`, {
      model: 'tools',
      messages: USER_HELLO,
      tools: [WEATHER_TOOL],
      stream: true,
      stream_options: { include_usage: true },
    });
    assert.deepEqual(kinds(reply.text), kinds(recorded));
    const theirs = chunkKeys(recorded);
    for (const [name, keys] of chunkKeys(reply.text)) assert.deepEqual(keys, theirs.get(name), name);
  });

  it('answers an unknown deployment with Azure DeploymentNotFound', async () => {
    const reply = await deployment('gpt-4o-prod', { messages: USER_HELLO });
    assert.equal(reply.status, 404);
    assert.equal((JSON.parse(reply.text) as { error: { code: string } }).error.code, 'DeploymentNotFound');
  });
});
