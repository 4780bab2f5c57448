import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODE_INFO, GatewayError, toGatewayError } from '../../src/core/gateway-error.ts';
import { costNanoUsd, dollarsPerMTokToMicro, formatUsd } from '../../src/core/pricing.ts';
import { scrubSecrets } from '../../src/core/scrub-secrets.ts';
import { usageFromOpenAI } from '../../src/core/usage.ts';

describe('pricing', () => {
  const price = {
    inputMicroUsdPerMTok: dollarsPerMTokToMicro(2.5),
    outputMicroUsdPerMTok: dollarsPerMTokToMicro(10),
    cacheReadMicroUsdPerMTok: dollarsPerMTokToMicro(1.25),
    cacheWriteMicroUsdPerMTok: dollarsPerMTokToMicro(3.125),
  };

  test('cost = usage × prices, cache reads at the cache rate, in exact nano-dollars', () => {
    const usage = {
      inputTokens: 4012 + 100,
      outputTokens: 50,
      cacheReadTokens: 4012,
      cacheWriteTokens: 0,
      reasoningTokens: 20,
    };
    // 100 × 2.5 + 4012 × 1.25 + 50 × 10 = 250 + 5015 + 500 µ$ = 5765 µ$
    assert.equal(costNanoUsd(usage, price), 5_765_000);
    assert.equal(formatUsd(costNanoUsd(usage, price)), '0.005765');
  });

  test('no price = unknown, never 0; a free model costs exactly 0', () => {
    const usage = {
      inputTokens: 10,
      outputTokens: 10,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    assert.equal(costNanoUsd(usage, undefined), undefined);
    assert.equal(formatUsd(undefined), 'unknown');
    const free = {
      inputMicroUsdPerMTok: 0,
      outputMicroUsdPerMTok: 0,
      cacheReadMicroUsdPerMTok: 0,
      cacheWriteMicroUsdPerMTok: 0,
    };
    assert.equal(formatUsd(costNanoUsd(usage, free)), '0');
  });

  test('formatUsd prints decimals without float noise', () => {
    assert.equal(formatUsd(1), '0.000000001');
    assert.equal(formatUsd(1_500_000_000), '1.5');
    assert.equal(formatUsd(123_456_789_012), '123.456789012');
  });

  test('usage from an OpenAI usage block, details included', () => {
    assert.deepEqual(
      usageFromOpenAI({
        prompt_tokens: 8,
        completion_tokens: 377,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 320 },
      }),
      { inputTokens: 8, outputTokens: 377, cacheReadTokens: 4, cacheWriteTokens: 0, reasoningTokens: 320 },
    );
    assert.equal(usageFromOpenAI(null), undefined);
    assert.equal(usageFromOpenAI({}), undefined);
  });
});

describe('error taxonomy', () => {
  test('every code has a status in the range the guide prescribes', () => {
    for (const [code, info] of Object.entries(ERROR_CODE_INFO)) {
      assert.ok(info.status >= 400 && info.status <= 504, code);
    }
    assert.equal(new GatewayError('payload_too_large', 'x').status, 413);
    assert.equal(new GatewayError('upstream_timeout', 'x').status, 504);
    assert.equal(new GatewayError('upstream_unreachable', 'x').status, 502);
  });

  test('anything thrown becomes an internal error that hides its details', () => {
    const error = toGatewayError(new TypeError('secret internals'));
    assert.equal(error.status, 500);
    assert.doesNotMatch(error.message, /secret internals/);
  });

  test('secrets and key-shaped strings are scrubbed', () => {
    const text = scrubSecrets(
      'Incorrect API key provided: sk-proj-****abcd. Key my-configured-secret used.',
      ['my-configured-secret'],
    );
    assert.equal(text, 'Incorrect API key provided: [redacted]. Key [redacted] used.');
  });
});

describe('long-context pricing', () => {
  test('above the threshold the long-context prices apply to the whole call', () => {
    const price = {
      inputMicroUsdPerMTok: dollarsPerMTokToMicro(2),
      outputMicroUsdPerMTok: dollarsPerMTokToMicro(10),
      cacheReadMicroUsdPerMTok: dollarsPerMTokToMicro(0.2),
      cacheWriteMicroUsdPerMTok: dollarsPerMTokToMicro(2),
      longContext: {
        aboveInputTokens: 200_000,
        inputMicroUsdPerMTok: dollarsPerMTokToMicro(4),
        outputMicroUsdPerMTok: dollarsPerMTokToMicro(15),
        cacheReadMicroUsdPerMTok: dollarsPerMTokToMicro(0.4),
        cacheWriteMicroUsdPerMTok: dollarsPerMTokToMicro(4),
      },
    };
    const short = {
      inputTokens: 200_000,
      outputTokens: 1000,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    const long = { ...short, inputTokens: 200_001 };
    // 200000 × $2/M + 1000 × $10/M = $0.41; 200001 × $4/M + 1000 × $15/M = $0.815004
    assert.equal(formatUsd(costNanoUsd(short, price)), '0.41');
    assert.equal(formatUsd(costNanoUsd(long, price)), '0.815004');
  });
});
