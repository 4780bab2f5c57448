import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { newCallRecord } from '../../src/core/call-record.ts';
import { CallLogWriter } from '../../src/observability/call-log-line.ts';
import { BatchedLogDestination } from '../../src/observability/log-destination.ts';

describe('CallLogWriter', () => {
  test('writes one valid JSON line per call with the fields that are known', () => {
    const lines: string[] = [];
    const writer = new CallLogWriter('info', (line) => lines.push(line));
    const record = newCallRecord('req-1', 'POST', '/v1/chat/completions');
    Object.assign(record, {
      status: 502,
      model: 'openai/gpt-4o',
      provider: 'openai',
      apiKey: 'team "a"',
      stream: true,
      truncated: true,
      usage: { inputTokens: 3, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 2 },
      costNanoUsd: 45_000,
      errorCode: 'upstream_unreachable',
      errorMessage: 'Provider "openai" is unreachable\n(ECONNRESET)',
    });
    writer.write(record);
    assert.equal(lines.length, 1);
    assert.ok(lines[0]?.endsWith('\n'));
    const line = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    assert.equal(line.level, 'error');
    assert.equal(line.msg, 'request');
    assert.equal(line.keyName, 'team "a"');
    assert.equal(line.errorMessage, 'Provider "openai" is unreachable\n(ECONNRESET)');
    assert.equal(line.reasoningTokens, 2);
    assert.equal(line.cacheReadTokens, undefined, 'zero counts are left out');
    assert.equal(line.costUsd, '0.000045');
    assert.equal(line.stream, true);
    assert.equal(line.truncated, true);
    assert.equal(typeof line.time, 'number');
  });

  test('respects the level: health probes are debug, silent writes nothing', () => {
    const lines: string[] = [];
    new CallLogWriter('info', (line) => lines.push(line)).write({
      ...newCallRecord('r', 'GET', '/health'),
      status: 200,
    });
    assert.equal(lines.length, 0);
    new CallLogWriter('debug', (line) => lines.push(line)).write({
      ...newCallRecord('r', 'GET', '/health'),
      status: 200,
    });
    assert.equal(lines.length, 1);
    new CallLogWriter('silent', (line) => lines.push(line)).write({
      ...newCallRecord('r', 'GET', '/x'),
      status: 500,
    });
    assert.equal(lines.length, 1);
  });
});

describe('BatchedLogDestination', () => {
  test('batches lines into few writes, in order, and flushSync writes the rest', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tollgate-log-')), 'out.log');
    const fd = openSync(path, 'w');
    const destination = new BatchedLogDestination(fd);
    for (let i = 0; i < 1000; i++) destination.write(`{"n":${i}}\n`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    destination.write('{"n":"last"}\n');
    destination.flushSync();
    closeSync(fd);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1001);
    assert.equal(lines[0], '{"n":0}');
    assert.equal(lines[999], '{"n":999}');
    assert.equal(lines[1000], '{"n":"last"}');
    assert.equal(destination.dropped, 0);
  });
});
