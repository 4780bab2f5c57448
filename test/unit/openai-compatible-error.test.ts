import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  classifyOpenAIError,
  readRetryAfterSeconds,
} from '../../src/providers/openai-compatible/openai-compatible-error.ts';
import { fixtureBytes } from '../support/replay-upstream.ts';

const identity = (text: string) => text;
const recorded = (path: string) => fixtureBytes(`openai/errors/${path}`).toString('utf8');

describe('OpenAI-style upstream errors → gateway taxonomy (real recorded bodies)', () => {
  test('401 invalid_api_key on the gateway-owned key → upstream_auth (502), key fragment scrubbed', () => {
    const body = recorded('crewai/extracted/test_get_knowledge_search_query.3.401.response.json');
    const error = classifyOpenAIError('openai', 401, {}, body, (text) =>
      text.replace(/sk-proj-\S+/, '[redacted]'),
    );
    assert.equal(error.code, 'upstream_auth');
    assert.equal(error.status, 502);
    assert.match(error.message, /^Provider "openai" answered 401: Incorrect API key provided: \[redacted\]/);
    assert.equal(error.clientCode, 'invalid_api_key');
  });

  test('404 model_not_found keeps the provider message', () => {
    const error = classifyOpenAIError(
      'openai',
      404,
      {},
      recorded('envoy-ai-gateway/extracted/chat-unknown-model.0.404.response.json'),
      identity,
    );
    assert.equal(error.code, 'upstream_not_found');
    assert.equal(error.status, 404);
    assert.match(error.message, /The model `gpt-4\.1-nano-wrong` does not exist/);
  });

  test('400 keeps the param', () => {
    const error = classifyOpenAIError(
      'openai',
      400,
      {},
      recorded('envoy-ai-gateway/extracted/chat-no-messages.0.400.response.json'),
      identity,
    );
    assert.equal(error.code, 'upstream_invalid_request');
    assert.equal(error.status, 400);
    assert.equal(error.param, 'messages');
  });

  test('context length and content policy are recognised', () => {
    const context = classifyOpenAIError(
      'x',
      400,
      {},
      JSON.stringify({
        error: {
          message: "This model's maximum context length is 128000 tokens",
          code: 'context_length_exceeded',
        },
      }),
      identity,
    );
    assert.equal(context.code, 'context_length_exceeded');
    const policy = classifyOpenAIError(
      'x',
      400,
      {},
      JSON.stringify({ error: { message: 'no', code: 'content_policy_violation' } }),
      identity,
    );
    assert.equal(policy.code, 'content_policy');
  });

  test('429 carries retry-after from retry-after-ms, seconds or a date; 503/529 overloaded', () => {
    assert.equal(readRetryAfterSeconds({ 'retry-after-ms': '1500' }), 2);
    assert.equal(readRetryAfterSeconds({ 'retry-after': '7' }), 7);
    assert.ok(
      (readRetryAfterSeconds({ 'retry-after': new Date(Date.now() + 30_000).toUTCString() }) ?? 0) >= 29,
    );
    const limited = classifyOpenAIError(
      'x',
      429,
      { 'retry-after': '3' },
      '{"error":{"message":"slow down"}}',
      identity,
    );
    assert.equal(limited.status, 429);
    assert.equal(limited.retryAfterSeconds, 3);
    assert.equal(classifyOpenAIError('x', 529, {}, 'overloaded', identity).code, 'upstream_overloaded');
    assert.equal(classifyOpenAIError('x', 500, {}, '<html>oops</html>', identity).status, 502);
  });
});
