import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { ApiKeyAuth, presentedKey } from '../../src/policy/api-key-auth.ts';
import { closestMatches } from '../../src/routing/model-suggestions.ts';
import { assertSafeBind, isLoopbackHost } from '../../src/server/bind-safety.ts';

describe('model suggestions', () => {
  const slugs = ['openai/gpt-4o', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.6', 'simulator/echo'];
  test('typos, missing provider prefixes and partial names find the slug', () => {
    assert.deepEqual(closestMatches('openai/gpt-4', slugs, 3).slice(0, 2), [
      'openai/gpt-4o',
      'openai/gpt-4o-mini',
    ]);
    assert.equal(closestMatches('gpt-4o', slugs, 3)[0], 'openai/gpt-4o');
    assert.equal(closestMatches('claude-sonnet-4.6', slugs, 3)[0], 'anthropic/claude-sonnet-4.6');
    assert.deepEqual(closestMatches('simulator/ecno', slugs, 3), ['simulator/echo']);
    assert.deepEqual(closestMatches('totally-different-thing', slugs, 3), []);
  });
});

describe('API keys', () => {
  const sha = (key: string) => createHash('sha256').update(key).digest('hex');
  const headers = (entries: Record<string, string>) => new Headers(entries);

  test('read from Authorization: Bearer, x-api-key or x-ai-gateway-api-key', () => {
    assert.equal(presentedKey(headers({ authorization: 'Bearer abc' })), 'abc');
    assert.equal(presentedKey(headers({ authorization: 'bearer   abc  ' })), 'abc');
    assert.equal(presentedKey(headers({ 'x-api-key': 'k1' })), 'k1');
    assert.equal(presentedKey(headers({ 'x-ai-gateway-api-key': 'k2' })), 'k2');
    assert.equal(presentedKey(headers({ authorization: 'Basic xyz' })), undefined);
  });

  test('no keys configured = open; otherwise the right key names its owner', () => {
    assert.equal(new ApiKeyAuth([]).authenticate(headers({})).keyName, 'anonymous');
    const auth = new ApiKeyAuth([
      { name: 'a', sha256: sha('key-a-123456') },
      { name: 'b', sha256: sha('key-b-123456') },
    ]);
    assert.equal(auth.authenticate(headers({ 'x-api-key': 'key-b-123456' })).keyName, 'b');
    assert.throws(() => auth.authenticate(headers({})), /Missing API key/);
    assert.throws(() => auth.authenticate(headers({ 'x-api-key': 'key-b-123457' })), /Invalid API key/);
  });
});

describe('bind safety', () => {
  test('loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.com'])
      assert.equal(isLoopbackHost(host), false, host);
  });

  test('an open gateway refuses a non-loopback address; a keyed one may', () => {
    assert.throws(() => assertSafeBind('0.0.0.0', 0), /Refusing to listen on 0\.0\.0\.0 without an API key/);
    assert.doesNotThrow(() => assertSafeBind('0.0.0.0', 1));
    assert.doesNotThrow(() => assertSafeBind('127.0.0.1', 0));
  });
});
