import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { createAnthropicProvider } from '../../src/providers/anthropic/anthropic-provider.ts';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible/openai-compatible-provider.ts';
import { PROVIDER_FACTORIES } from '../../src/providers/provider-registry.ts';
import type { Provider } from '../../src/providers/provider-types.ts';
import { MODEL_KINDS } from '../support/model-kinds.ts';
import {
  canonicalRejection,
  finishPart,
  joinedDeltas,
  providerConfigFromYaml,
  type ReplayAnswer,
  ReplayTransport,
  readAllParts,
} from '../support/replay-transport.ts';

/**
 * The gateway's direct models (Anthropic Messages, OpenAI Chat Completions) against the AI SDK
 * adapters they stand in for: the same request on the wire, and the failure modes a stream has
 * that recordings of good answers do not show.
 */

const anthropicConfig = providerConfigFromYaml(`
providers:
  claude:
    type: anthropic
    api_key: sk-ant-direct-test-key
    headers:
      x-team: platform
`);
const openaiConfig = providerConfigFromYaml(`
providers:
  openai:
    type: openai
    api_key: sk-openai-direct-test-key
`);
const compatibleConfig = providerConfigFromYaml(`
providers:
  local:
    type: openai-compatible
    base_url: http://127.0.0.1:9/v1
    api_key: sk-local-direct-test-key
`);

const ANTHROPIC_OK = JSON.stringify({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5',
  content: [{ type: 'text', text: 'ok' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 5, output_tokens: 1 },
});
const OPENAI_OK = JSON.stringify({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});

/** A conversation with everything a translated call carries: system, images, tools and their results, reasoning. */
const RICH: LanguageModelV4CallOptions = {
  prompt: [
    { role: 'system', content: 'You are terse.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture, and what is the weather there?' },
        { type: 'file', mediaType: 'image/png', data: { type: 'data', data: 'iVBORw0KGgo=' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'A harbour. Checking the weather.' },
        { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Genoa' } },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'call_1',
          toolName: 'weather',
          output: { type: 'text', value: 'sunny, 21 °C' },
        },
      ],
    },
  ],
  maxOutputTokens: 300,
  temperature: 0.3,
  topP: 0.9,
  seed: 7,
  frequencyPenalty: 0.1,
  stopSequences: ['END'],
  tools: [
    {
      type: 'function',
      name: 'weather',
      description: 'Weather in a city',
      inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
  toolChoice: { type: 'auto' },
  headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-request-tag': 'abc' },
};

async function requestsOf(
  build: (transport: ReplayTransport) => Provider,
  answer: ReplayAnswer,
  modelId: string,
  options: LanguageModelV4CallOptions,
  stream: boolean,
) {
  const seen: { kind: string; body: unknown; headers: Record<string, string>; warnings: unknown }[] = [];
  for (const [kind, modelOf] of MODEL_KINDS) {
    const transport = new ReplayTransport(answer);
    const model = modelOf(build(transport), modelId);
    let warnings: unknown;
    if (stream) {
      const parts = await readAllParts((await model.doStream(options)).stream);
      warnings = parts[0]?.type === 'stream-start' ? parts[0].warnings : undefined;
    } else {
      warnings = (await model.doGenerate(options)).warnings;
    }
    const request = transport.onlyRequest();
    const { 'user-agent': _agent, ...headers } = request.headers;
    seen.push({ kind, body: JSON.parse(request.bodyText), headers, warnings });
  }
  return seen;
}

function sse(events: readonly (readonly [string, unknown])[]): string {
  return events
    .map(
      ([name, data]) =>
        `${name === '' ? '' : `event: ${name}\n`}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
    )
    .join('');
}

const anthropicStart = [
  'message_start',
  {
    type: 'message_start',
    message: { id: 'msg_s', model: 'claude-sonnet-4-5', usage: { input_tokens: 9, output_tokens: 0 } },
  },
] as const;
const anthropicText = [
  [
    'content_block_start',
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  ],
  [
    'content_block_delta',
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
  ],
] as const;

describe('direct models send what the AI SDK adapters send', () => {
  for (const stream of [false, true]) {
    const mode = stream ? 'stream' : 'generate';
    test(`anthropic (${mode}): same body, headers (betas merged) and warnings for a rich conversation`, async () => {
      const answer: ReplayAnswer = stream
        ? {
            status: 200,
            headers: { 'content-type': 'text/event-stream' },
            body: sse([anthropicStart, ['message_stop', { type: 'message_stop' }]]),
          }
        : { status: 200, headers: { 'content-type': 'application/json' }, body: ANTHROPIC_OK };
      const [adapter, direct] = await requestsOf(
        (t) => createAnthropicProvider(anthropicConfig, t),
        answer,
        'claude-sonnet-4-5',
        RICH,
        stream,
      );
      assert.ok(adapter !== undefined && direct !== undefined);
      assert.deepEqual(direct.body, adapter.body);
      assert.deepEqual(direct.headers, adapter.headers);
      assert.deepEqual(direct.warnings, adapter.warnings);
      assert.equal(direct.headers['x-team'], 'platform');
      assert.equal(direct.headers['x-request-tag'], 'abc');
      assert.match(direct.headers['anthropic-beta'] ?? '', /interleaved-thinking-2025-05-14/);
      assert.ok((direct.warnings as unknown[]).length >= 2, 'seed and frequencyPenalty are reported');
    });

    test(`anthropic (${mode}): thinking from provider options and a reasoning effort`, async () => {
      const options: LanguageModelV4CallOptions = {
        ...RICH,
        reasoning: 'high',
        providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 2048 } } },
      };
      const answer: ReplayAnswer = stream
        ? { status: 200, body: sse([anthropicStart, ['message_stop', { type: 'message_stop' }]]) }
        : { status: 200, body: ANTHROPIC_OK };
      const [adapter, direct] = await requestsOf(
        (t) => createAnthropicProvider(anthropicConfig, t),
        answer,
        'claude-sonnet-4-5',
        options,
        stream,
      );
      assert.ok(adapter !== undefined && direct !== undefined);
      assert.deepEqual(direct.body, adapter.body);
      assert.deepEqual(direct.warnings, adapter.warnings);
      assert.deepEqual((direct.body as { thinking?: unknown }).thinking, {
        type: 'enabled',
        budget_tokens: 2048,
      });
    });

    for (const [name, config, factory] of [
      ['openai', openaiConfig, PROVIDER_FACTORIES.openai],
      ['openai-compatible', compatibleConfig, PROVIDER_FACTORIES['openai-compatible']],
    ] as const) {
      test(`${name} (${mode}): same body, headers and warnings for a rich conversation`, async () => {
        const answer: ReplayAnswer = stream
          ? {
              status: 200,
              body: sse([
                ['', { id: 'c', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
                ['', '[DONE]'],
              ]),
            }
          : { status: 200, body: OPENAI_OK };
        const [adapter, direct] = await requestsOf(
          (t) => factory(config, t),
          answer,
          'gpt-4o-mini',
          { ...RICH, topK: 5 },
          stream,
        );
        assert.ok(adapter !== undefined && direct !== undefined);
        assert.deepEqual(direct.body, adapter.body);
        assert.deepEqual(direct.headers, adapter.headers);
        assert.deepEqual(direct.warnings, adapter.warnings);
        if (stream)
          assert.deepEqual((direct.body as { stream_options?: unknown }).stream_options, {
            include_usage: true,
          });
      });
    }

    test(`openai (${mode}): a reasoning model gets OpenAI's own rules (max_completion_tokens, no temperature)`, async () => {
      const answer: ReplayAnswer = stream
        ? {
            status: 200,
            body: sse([
              ['', { id: 'c', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }],
              ['', '[DONE]'],
            ]),
          }
        : { status: 200, body: OPENAI_OK };
      const [adapter, direct] = await requestsOf(
        (t) => PROVIDER_FACTORIES.openai(openaiConfig, t),
        answer,
        'o4-mini',
        { ...RICH, tools: undefined, toolChoice: undefined },
        stream,
      );
      assert.ok(adapter !== undefined && direct !== undefined);
      assert.deepEqual(direct.body, adapter.body);
      assert.equal((direct.body as { max_completion_tokens?: number }).max_completion_tokens, 300);
      assert.equal((direct.body as { temperature?: number }).temperature, undefined);
    });
  }

  test('providers whose adapters read another format have no direct model', () => {
    const xai = PROVIDER_FACTORIES.xai(
      providerConfigFromYaml('providers:\n  x:\n    type: xai\n    api_key: k\n'),
      new ReplayTransport({ status: 200 }),
    );
    assert.equal(xai.directModel?.('grok-4'), undefined);
    const google = PROVIDER_FACTORIES.google(
      providerConfigFromYaml('providers:\n  g:\n    type: google\n    api_key: k\n'),
      new ReplayTransport({ status: 200 }),
    );
    assert.equal(google.directModel, undefined);
  });

  test('a JSON response format and provider-executed tools are left to the adapter', async () => {
    const provider = createAnthropicProvider(anthropicConfig, new ReplayTransport({ status: 200 }));
    const direct = provider.directModel?.('claude-sonnet-4-5');
    assert.ok(direct !== undefined);
    const context = { clientSignal: new AbortController().signal };
    assert.equal(
      direct.generate({ ...RICH, responseFormat: { type: 'json', schema: { type: 'object' } } }, context),
      undefined,
    );
    assert.equal(
      direct.stream(
        {
          ...RICH,
          tools: [{ type: 'provider', id: 'anthropic.web_search_20250305', name: 'web_search', args: {} }],
        },
        context,
      ),
      undefined,
    );
    const openai = createOpenAICompatibleProvider(
      openaiConfig,
      new ReplayTransport({ status: 200 }),
    ).directModel?.('gpt-4o');
    assert.ok(openai !== undefined);
    // The replayed answer is empty; only whether the call was taken matters here.
    const pending = openai.generate({ ...RICH, responseFormat: { type: 'json' } }, context);
    assert.notEqual(pending, undefined, 'OpenAI takes JSON mode as a body field');
    await pending?.catch(() => {});
  });
});

describe('direct model streams: failures', () => {
  const anthropic = (body: string, extra: Partial<ReplayAnswer> = {}) => {
    const provider = createAnthropicProvider(
      anthropicConfig,
      new ReplayTransport({ status: 200, body, chunkSize: 17, ...extra }),
    );
    return provider.directModel?.('claude-sonnet-4-5') as NonNullable<
      ReturnType<NonNullable<Provider['directModel']>>
    >;
  };
  const context = () => ({ clientSignal: new AbortController().signal });

  test('an error event before any output fails the call with the status its type implies (529 overloaded)', async () => {
    const direct = anthropic(
      sse([
        anthropicStart,
        ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
      ]),
    );
    const provider = createAnthropicProvider(anthropicConfig, new ReplayTransport({ status: 200 }));
    const error = await canonicalRejection(
      provider,
      () => direct.stream({ prompt: RICH.prompt }, context()) as Promise<unknown>,
    );
    assert.equal(error.code, 'upstream_overloaded');
    assert.match(error.message, /Overloaded/);
  });

  test('an error event after output arrives as an error part, after the text before it', async () => {
    const direct = anthropic(
      sse([
        anthropicStart,
        ...anthropicText,
        ['error', { type: 'error', error: { type: 'api_error', message: 'Internal' } }],
      ]),
    );
    const { source } = (await direct.stream({ prompt: RICH.prompt }, context())) as Awaited<
      ReturnType<typeof direct.stream> & object
    >;
    const parts = await collect(source);
    assert.equal(joinedDeltas(parts.parts, 'text-delta'), 'Hello');
    assert.deepEqual(parts.parts.at(-1), {
      type: 'error',
      error: { type: 'api_error', message: 'Internal' },
    });
  });

  test('a stream cut before message_stop ends without a finish part (the gateway reports it truncated)', async () => {
    const direct = anthropic(sse([anthropicStart, ...anthropicText]));
    const { source } = (await direct.stream({ prompt: RICH.prompt }, context())) as Awaited<
      ReturnType<typeof direct.stream> & object
    >;
    const { parts, ended } = await collect(source);
    assert.equal(ended, true);
    assert.equal(parts.filter((part) => part.type === 'finish').length, 0);
  });

  test('a malformed event is upstream_malformed; a connection reset mid-stream is a classified error', async () => {
    const broken = anthropic(
      `${sse([anthropicStart, ...anthropicText])}event: content_block_delta\ndata: {"type": nope}\n\n`,
    );
    const { source } = (await broken.stream({ prompt: RICH.prompt }, context())) as Awaited<
      ReturnType<typeof broken.stream> & object
    >;
    const malformed = await collect(source);
    assert.ok(malformed.error instanceof GatewayError);
    assert.equal(malformed.error.code, 'upstream_malformed');

    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const cut = anthropic(sse([anthropicStart, ...anthropicText]), { failAfterBody: reset });
    const second = (await cut.stream({ prompt: RICH.prompt }, context())) as Awaited<
      ReturnType<typeof cut.stream> & object
    >;
    const failed = await collect(second.source);
    assert.ok(failed.error instanceof GatewayError);
    assert.equal(failed.error.code, 'upstream_unreachable');
  });

  test('OpenAI: an {"error"} chunk first rejects; a stream without [DONE] still finishes on its finish_reason', async () => {
    const openai = (body: string) =>
      createOpenAICompatibleProvider(
        compatibleConfig,
        new ReplayTransport({ status: 200, body, chunkSize: 11 }),
      ).directModel?.('m') as NonNullable<ReturnType<NonNullable<Provider['directModel']>>>;
    const provider = createOpenAICompatibleProvider(compatibleConfig, new ReplayTransport({ status: 200 }));
    const error = await canonicalRejection(
      provider,
      () =>
        openai(
          sse([['', { error: { message: 'Rate limit reached', type: 'rate_limit_exceeded', code: 429 } }]]),
        ).stream({ prompt: RICH.prompt }, context()) as Promise<unknown>,
    );
    assert.equal(error.code, 'rate_limited');

    const noDone = openai(
      sse([
        [
          '',
          {
            id: 'c',
            model: 'm',
            choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }],
          },
        ],
        [
          '',
          {
            id: 'c',
            model: 'm',
            choices: [
              {
                index: 0,
                delta: {
                  tool_calls: [{ index: 0, id: 'call_9', function: { name: 'f', arguments: '{"a"' } }],
                },
                finish_reason: null,
              },
            ],
          },
        ],
        [
          '',
          {
            id: 'c',
            model: 'm',
            choices: [
              {
                index: 0,
                delta: { tool_calls: [{ index: 0, function: { arguments: ':1}' } }] },
                finish_reason: 'tool_calls',
              },
            ],
          },
        ],
      ]),
    );
    const { source } = (await noDone.stream({ prompt: RICH.prompt }, context())) as Awaited<
      ReturnType<typeof noDone.stream> & object
    >;
    const { parts } = await collect(source);
    assert.equal(joinedDeltas(parts, 'text-delta'), 'Hi');
    const call = parts.find((part) => part.type === 'tool-call');
    assert.deepEqual(call, { type: 'tool-call', toolCallId: 'call_9', toolName: 'f', input: '{"a":1}' });
    assert.deepEqual(finishPart(parts).finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
  });

  test('pause() stops the upstream reads until resume()', async () => {
    const events = [anthropicStart, ...anthropicText];
    for (let i = 0; i < 40; i++)
      events.push([
        'content_block_delta',
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `${i} ` } },
      ] as never);
    const transport = new ReplayTransport({ status: 200, body: sse(events), chunkSize: 40 });
    const direct = createAnthropicProvider(anthropicConfig, transport).directModel?.('claude-sonnet-4-5');
    assert.ok(direct !== undefined);
    const started = await direct.stream({ prompt: RICH.prompt }, context());
    assert.ok(started !== undefined);
    const { source } = started;
    let received = 0;
    source.consume({ onPart: () => received++, onEnd: () => {}, onError: () => {} });
    source.pause();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const whilePaused = received;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(received, whilePaused, 'nothing arrives while paused');
    source.resume();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.ok(received > whilePaused, 'delivery continues after resume');
  });
});

type Part = Awaited<ReturnType<typeof readAllParts>>[number];

function collect(source: {
  consume(sink: { onPart(part: Part): void; onEnd(): void; onError(error: unknown): void }): void;
}): Promise<{ parts: Part[]; ended: boolean; error: unknown }> {
  return new Promise((resolve) => {
    const parts: Part[] = [];
    source.consume({
      onPart: (part) => parts.push(part),
      onEnd: () => resolve({ parts, ended: true, error: undefined }),
      onError: (error) => resolve({ parts, ended: false, error }),
    });
  });
}
