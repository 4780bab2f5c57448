import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { request } from 'undici';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';
import {
  fixtureBytes,
  type ReplayUpstream,
  sseEvents,
  startReplayUpstream,
} from '../support/replay-upstream.ts';

/**
 * The shape of Claude Code 2.1's traffic (../shared/docs/agent-clients.md): `POST
 * /v1/messages?beta=true`, a long beta list, `accept: application/json` on a stream, three system
 * blocks with `cache_control`, two dozen tools, adaptive thinking, `context_management`,
 * `output_config`, `metadata.user_id` as a JSON string, and after a tool loop a `role: "system"`
 * message inside `messages` and a `tool_result` carrying `cache_control`.
 */
const BETAS =
  'claude-code-20250219,context-1m-2025-08-07,interleaved-thinking-2025-05-14,context-management-2025-06-27,prompt-caching-scope-2026-01-05,mid-conversation-system-2026-04-07,effort-2025-11-24';
const TOOL_NAMES = [
  'Bash',
  'Read',
  'Edit',
  'Write',
  'Agent',
  'Glob',
  'Grep',
  'NotebookEdit',
  'WebFetch',
  'WebSearch',
  'TaskCreate',
  'TaskGet',
  'TaskList',
  'TaskUpdate',
  'Skill',
  'SendMessage',
  'EnterWorktree',
  'ExitWorktree',
  'CronCreate',
  'CronList',
  'ReportFindings',
  'ScheduleWakeup',
  'Workflow',
  'TaskStop',
];

function claudeCodeBody(
  model: string,
  turn: 'first' | 'second',
  toolUseId = 'toolu_01',
): Record<string, unknown> {
  const user = {
    role: 'user',
    content: [
      {
        type: 'text',
        text: 'List the files here.',
        cache_control: turn === 'first' ? { type: 'ephemeral' } : undefined,
      },
    ],
  };
  const messages: unknown[] = [user];
  if (turn === 'second') {
    messages.push(
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should run ls.', signature: 'EqQBCkYIBxgCKkBsig' },
          { type: 'tool_use', id: toolUseId, name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'system', content: 'Available agent types: general-purpose.' },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: toolUseId,
            content: 'README.md\nsrc',
            is_error: false,
            cache_control: { type: 'ephemeral' },
          },
        ],
      },
    );
  }
  return {
    model,
    max_tokens: 64000,
    stream: true,
    system: [
      { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197; cc_entrypoint=cli' },
      {
        type: 'text',
        text: "You are Claude Code, Anthropic's official CLI for Claude.",
        cache_control: { type: 'ephemeral' },
      },
      {
        type: 'text',
        text: 'You are an interactive agent that helps users with software engineering tasks. '.repeat(40),
        cache_control: { type: 'ephemeral' },
      },
    ],
    messages,
    tools: TOOL_NAMES.map((name) => ({
      name,
      description: `The ${name} tool.`,
      input_schema: {
        type: 'object',
        properties:
          name === 'Bash'
            ? { command: { type: 'string' }, timeout: { type: 'number' } }
            : { path: { type: 'string' } },
        required: name === 'Bash' ? ['command'] : ['path'],
        additionalProperties: false,
        $schema: 'http://json-schema.org/draft-07/schema#',
      },
    })),
    metadata: { user_id: JSON.stringify({ device_id: 'd1', account_uuid: '', session_id: 's-123' }) },
    thinking: { type: 'adaptive' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    output_config: { effort: 'high' },
  };
}

const CLAUDE_CODE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  authorization: 'Bearer tg-claude-code-key',
  'anthropic-version': '2023-06-01',
  'anthropic-beta': BETAS,
  'anthropic-dangerous-direct-browser-access': 'true',
  'x-app': 'cli',
  'user-agent': 'claude-cli/2.1.197 (external, sdk-cli)',
  'x-claude-code-session-id': 's-123',
  'x-stainless-retry-count': '0',
};

describe('Claude Code traffic → Anthropic upstream: passed through untouched', () => {
  let upstream: ReplayUpstream;
  let gateway: GatewayHarness;
  const recorded = fixtureBytes(
    'anthropic/messages/fantasy/extracted/claude-sonnet-4__tool_streaming.0.200.response.sse',
  );

  before(async () => {
    upstream = await startReplayUpstream({
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
      chunks: sseEvents(recorded).map((bytes) => ({ bytes })),
    });
    gateway = await startGateway(`
providers:
  anthropic:
    type: anthropic
    base_url: ${upstream.url}/v1
    api_key: sk-ant-provider-secret-0001
    catalog: false
models:
  anthropic/claude-sonnet-4.6:
    targets: [{ provider: anthropic, model: claude-sonnet-4-6, pricing: { input: 3, output: 15, cached_input: 0.3, cache_write: 3.75 } }]
`);
  });
  after(async () => {
    await gateway.close();
    await upstream.close();
  });

  test('HEAD / (Claude Code pre-connect) answers', async () => {
    const head = await request(`${gateway.url}/`, { method: 'HEAD' });
    assert.equal(head.statusCode, 200);
    await head.body.dump();
  });

  test('body bytes, betas and version reach Anthropic; the stream comes back event for event', async () => {
    const body = JSON.stringify(claudeCodeBody('anthropic/claude-sonnet-4.6', 'second'));
    const recordPromise = gateway.nextRecord();
    const response = await request(`${gateway.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: CLAUDE_CODE_HEADERS,
      body,
    });
    assert.equal(response.statusCode, 200);
    const text = await response.body.text();
    assert.equal(
      text,
      recorded
        .toString()
        .replace('"model":"claude-sonnet-4-20250514"', '"model":"anthropic/claude-sonnet-4.6"'),
    );

    const sent = upstream.received.at(-1);
    assert.equal(sent?.path, '/v1/messages');
    assert.equal(
      sent?.body,
      body.replace('"model":"anthropic/claude-sonnet-4.6"', '"model":"claude-sonnet-4-6"'),
    );
    assert.equal(sent?.headers['anthropic-beta'], BETAS);
    assert.equal(sent?.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent?.headers['x-api-key'], 'sk-ant-provider-secret-0001');
    assert.equal(sent?.headers.authorization, undefined, "the client's gateway key never goes upstream");

    const record = await recordPromise;
    assert.equal(record.usage?.inputTokens, 394);
    assert.ok((record.costNanoUsd ?? 0) > 0);
  });
});

describe('Claude Code traffic → OpenAI-format upstream: translated', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: Anthropic;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    gateway = await startGateway(`
providers:
  oai:
    type: openai-compatible
    base_url: ${simulator.url}/v1
    models: [tools]
`);
    client = new Anthropic({
      baseURL: gateway.url,
      apiKey: 'x',
      maxRetries: 0,
      defaultHeaders: { 'anthropic-beta': BETAS },
    });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  test('first turn: the stream parses, tool_use input arrives as valid JSON for the first tool', async () => {
    const stream = client.messages.stream(
      claudeCodeBody('oai/tools', 'first') as unknown as Anthropic.MessageStreamParams,
    );
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const call = message.content.find((block) => block.type === 'tool_use');
    assert.ok(call?.type === 'tool_use');
    assert.equal(call.name, 'Bash');
    assert.equal(typeof (call.input as { command?: unknown }).command, 'string');
    const warnings = gateway.records.at(-1);
    assert.equal(warnings?.status, 200);
  });

  test('second turn: thinking echo, mid-conversation system message and tool_result are accepted', async () => {
    const stream = client.messages.stream(
      claudeCodeBody('oai/tools', 'second') as unknown as Anthropic.MessageStreamParams,
    );
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'end_turn');
    const text = message.content[0]?.type === 'text' ? message.content[0].text : '';
    assert.match(text, /README\.md/);
  });
});
