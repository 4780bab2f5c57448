import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isGenerationId, newGenerationId } from '../../src/core/generation-id.ts';
import { formatUsdPerToken } from '../../src/core/pricing.ts';
import type { CallSummary } from '../../src/observability/recent-calls.ts';
import { withAutoCaching } from '../../src/protocol/gateway-call-options.ts';
import { decodeFileData } from '../../src/protocol/vercel-gateway/vercel-gateway-file-data.ts';
import { decodeGatewayPrompt } from '../../src/protocol/vercel-gateway/vercel-gateway-prompt-decode.ts';
import { gatewayLanguageRequestSchema } from '../../src/protocol/vercel-gateway/vercel-gateway-request-schema.ts';
import {
  parseSpendReportQuery,
  spendReport,
} from '../../src/protocol/vercel-gateway/vercel-gateway-spend-report.ts';
import {
  wireFinishReason,
  wirePart,
  wireUsage,
} from '../../src/protocol/vercel-gateway/vercel-gateway-wire-parts.ts';

describe('generation ids', () => {
  test('gen_ + a 26-character ULID, sortable by time, unique', () => {
    const early = newGenerationId(1_700_000_000_000);
    const late = newGenerationId(1_800_000_000_000);
    assert.ok(isGenerationId(early) && isGenerationId(late));
    assert.ok(early < late);
    const ids = new Set(Array.from({ length: 10_000 }, () => newGenerationId()));
    assert.equal(ids.size, 10_000);
  });
});

describe('file data across client lines', () => {
  test('3.x strings: data URL, http URL, bare base64', () => {
    assert.deepEqual(decodeFileData('data:image/png;base64,iVBORw==', 'p'), {
      data: { type: 'data', data: 'iVBORw==' },
      mediaType: 'image/png',
    });
    const url = decodeFileData('https://example.com/doc.pdf', 'p');
    assert.equal(url.data.type, 'url');
    assert.ok(url.data.type === 'url' && url.data.url instanceof URL);
    assert.deepEqual(decodeFileData('iVBORw==', 'p').data, { type: 'data', data: 'iVBORw==' });
  });

  test('4.x tagged objects, and garbage is a 400 naming the field', () => {
    assert.deepEqual(decodeFileData({ type: 'data', data: 'AAAA' }, 'p').data, {
      type: 'data',
      data: 'AAAA',
    });
    const url = decodeFileData({ type: 'url', url: 'https://example.com/a.png' }, 'p').data;
    assert.ok(url.type === 'url' && url.url.href === 'https://example.com/a.png');
    assert.deepEqual(decodeFileData({ type: 'text', text: 'hi' }, 'p').data, { type: 'text', text: 'hi' });
    assert.throws(() => decodeFileData(42, 'prompt[0].content[1].data'), {
      code: 'invalid_request',
      param: 'prompt[0].content[1].data',
    });
  });

  test('3.x tool-result content items become V4 file items', () => {
    const request = gatewayLanguageRequestSchema.parse({
      prompt: [
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'shot',
              output: {
                type: 'content',
                value: [
                  { type: 'text', text: 'here' },
                  { type: 'image-data', data: 'AAAA', mediaType: 'image/png' },
                ],
              },
            },
          ],
        },
      ],
    });
    const [message] = decodeGatewayPrompt(request.prompt);
    assert.equal(message?.role, 'tool');
    const part = message?.role === 'tool' ? message.content[0] : undefined;
    assert.ok(part?.type === 'tool-result' && part.output.type === 'content');
    assert.deepEqual(part.output.value[1], {
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: 'AAAA' },
    });
  });
});

describe('answers in each line’s wire shape', () => {
  test('finish reason and usage', () => {
    const reason = { unified: 'stop' as const, raw: 'end_turn' };
    assert.equal(wireFinishReason(reason, 2), 'stop');
    assert.deepEqual(wireFinishReason(reason, 3), reason);
    const usage = {
      inputTokens: { total: 10, noCache: 8, cacheRead: 2, cacheWrite: 0 },
      outputTokens: { total: 5, text: 3, reasoning: 2 },
    };
    assert.deepEqual(wireUsage(usage, 4), usage);
    assert.deepEqual(wireUsage(usage, 2), {
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 15,
      reasoningTokens: 2,
      cachedInputTokens: 2,
    });
  });

  test('file parts: base64 string for 3.x, tagged for 4.x; 4.x-only parts dropped for 3.x', () => {
    const file = {
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: new Uint8Array([1, 2, 3]) },
    } as const;
    assert.deepEqual(wirePart(file, 3), { type: 'file', mediaType: 'image/png', data: 'AQID' });
    assert.deepEqual(wirePart(file, 4), {
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: 'AQID' },
    });
    assert.equal(wirePart({ type: 'custom', kind: 'x.y' }, 3), undefined);
  });
});

describe('caching: auto', () => {
  test('breakpoints after the system prompt and the last message', () => {
    const prompt = withAutoCaching([
      { role: 'system', content: 'sys' },
      { role: 'user', content: [{ type: 'text', text: 'a' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'b' }] },
      { role: 'user', content: [{ type: 'text', text: 'c' }] },
    ]);
    const marked = prompt.map((message) => message.providerOptions?.anthropic?.cacheControl !== undefined);
    assert.deepEqual(marked, [true, false, false, true]);
  });
});

describe('spend report', () => {
  const call = (overrides: Partial<CallSummary>): CallSummary => ({
    generationId: newGenerationId(),
    startedAt: Date.parse('2026-11-20T10:30:00Z'),
    apiKey: 'app',
    user: 'u1',
    tags: ['a'],
    model: 'acme/echo',
    provider: 'openai',
    upstreamModel: 'echo',
    operation: 'language',
    stream: false,
    status: 200,
    finishReason: 'stop',
    byok: false,
    inputTokens: 10,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    costNanoUsd: 1_000,
    latencyMs: 10,
    ttftMs: undefined,
    ...overrides,
  });
  const calls = [
    call({}),
    call({ tags: ['a', 'b'], costNanoUsd: 2_000 }),
    call({ byok: true, provider: 'anthropic', tags: [] }),
    call({ startedAt: Date.parse('2026-11-25T00:00:00Z') }),
  ];

  test('grouped by tag: a call with two tags counts in both; byok costs nothing but keeps its market cost', () => {
    const query = parseSpendReportQuery(
      new URLSearchParams('start_date=2026-11-20&end_date=2026-11-20&group_by=tag'),
    );
    const rows = spendReport(calls, query);
    assert.deepEqual(
      rows.map((row) => [row.tag, row.request_count, row.total_cost]),
      [
        ['a', 2, 3e-6],
        ['b', 1, 2e-6],
      ],
    );
    const byCredential = spendReport(calls, { ...query, groupBy: 'credential_type' });
    const byok = byCredential.find((row) => row.credential_type === 'byok');
    assert.equal(byok?.total_cost, 0);
    assert.equal(byok?.market_cost, 1e-6);
  });

  test('hours, filters and bad queries', () => {
    const hourly = parseSpendReportQuery(
      new URLSearchParams(
        'start_date=2026-11-20&end_date=2026-11-30&group_by=day&date_part=hour&provider=openai',
      ),
    );
    assert.deepEqual(
      spendReport(calls, hourly).map((row) => [row.day, row.hour, row.request_count]),
      [
        ['2026-11-20', '2026-11-20T10:00:00Z', 2],
        ['2026-11-25', '2026-11-25T00:00:00Z', 1],
      ],
    );
    assert.throws(
      () => parseSpendReportQuery(new URLSearchParams('start_date=yesterday&end_date=2026-11-20')),
      { code: 'invalid_request' },
    );
    assert.throws(
      () =>
        parseSpendReportQuery(
          new URLSearchParams('start_date=2026-11-20&end_date=2026-11-20&group_by=planet'),
        ),
      {
        param: 'group_by',
      },
    );
  });
});

describe('prices as dollars per token', () => {
  test('exact decimal strings', () => {
    assert.equal(formatUsdPerToken(3_000_000), '0.000003');
    assert.equal(formatUsdPerToken(37_500), '0.0000000375');
    assert.equal(formatUsdPerToken(0), '0');
  });
});

describe('gateway fields never reach a same-protocol upstream', () => {
  test('Anthropic passthrough: providerOptions removed, model swapped, everything else byte for byte', async () => {
    const { buildAnthropicPassthroughBody } = await import(
      '../../src/protocol/anthropic-messages/anthropic-passthrough-body.ts'
    );
    const text =
      '{"model":"acme/echo", "max_tokens":5,"providerOptions":{"gateway":{"order":["a"]}},"messages":[{"role":"user","content":"x"}]}';
    const out = buildAnthropicPassthroughBody(text, { model: 'acme/echo', providerOptions: {} }, 'claude-x');
    assert.deepEqual(JSON.parse(out), {
      model: 'claude-x',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'x' }],
    });
    const plain = '{"model":"claude-x","max_tokens":5}';
    assert.equal(buildAnthropicPassthroughBody(plain, { model: 'claude-x' }, 'claude-x'), plain);
  });
});

describe('byok planning', () => {
  test('credentials for a provider that does not serve the model are ignored; a keyless one is a 400', async () => {
    const { planWithByok } = await import('../../src/protocol/gateway-call-options.ts');
    const { ByokProviders } = await import('../../src/providers/provider-byok.ts');
    const providers = new ByokProviders([]);
    const plan: never[] = [];
    assert.deepEqual(planWithByok(plan, { byok: { elsewhere: [{ apiKey: 'sk-x' }] } }, providers), plan);
    assert.throws(() => planWithByok(plan, { byok: { openai: [{ region: 'us' }] } }, providers), {
      code: 'invalid_request',
      param: 'providerOptions.gateway.byok.openai[0]',
    });
  });
});
