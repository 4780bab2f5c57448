import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CanonicalGenerateResult, CanonicalStreamPart } from '../../src/core/canonical.ts';
import { GatewayError } from '../../src/core/gateway-error.ts';
import { canonicalToOpenAIResponsesResponse } from '../../src/protocol/openai-responses/canonical-to-openai-responses-response.ts';
import { OpenAIResponsesEnvelope } from '../../src/protocol/openai-responses/openai-responses-object.ts';
import {
  type OpenAIResponsesRequest,
  openAIResponsesRequestSchema,
} from '../../src/protocol/openai-responses/openai-responses-request-schema.ts';
import { storedStateOf } from '../../src/protocol/openai-responses/openai-responses-stored-state.ts';
import { OpenAIResponsesStreamEncoder } from '../../src/protocol/openai-responses/openai-responses-stream-encoder.ts';
import { openAIResponsesToCanonical } from '../../src/protocol/openai-responses/openai-responses-to-canonical.ts';

const parse = (body: Record<string, unknown>): OpenAIResponsesRequest =>
  openAIResponsesRequestSchema.parse({ model: 'x', ...body });

const usage = {
  inputTokens: { total: 10, noCache: 8, cacheRead: 2, cacheWrite: 0 },
  outputTokens: { total: 7, text: 4, reasoning: 3 },
};

describe('OpenAI Responses request → canonical', () => {
  test('instructions, every input item, tools, choice, format, effort and limits', () => {
    const request = parse({
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Use metric units.' },
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is this?' },
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'auto' },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
          ],
        },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'Look first.' }],
          encrypted_content: 'gAAAA',
        },
        { type: 'function_call', call_id: 'c1', name: 'look', arguments: '{"at":"cat"}' },
        { type: 'function_call', call_id: 'c2', name: 'look', arguments: '{"at":"dog"}' },
        { type: 'function_call_output', call_id: 'c1', output: 'a cat' },
        { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'a dog' }] },
        { role: 'assistant', content: [{ type: 'output_text', text: 'A cat and a dog.' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      tools: [
        {
          type: 'function',
          name: 'look',
          parameters: { type: 'object', properties: { at: { type: 'string' } } },
        },
        { type: 'file_search', vector_store_ids: ['vs_1'] },
      ],
      tool_choice: { type: 'function', name: 'look' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
      reasoning: { effort: 'low', summary: 'auto' },
      max_output_tokens: 99,
      temperature: 0.5,
      parallel_tool_calls: false,
      store: true,
      metadata: { team: 'a' },
    });
    const { options, warnings } = openAIResponsesToCanonical(request);
    const [system, developer, user, assistant, tool, answer] = options.prompt;
    assert.deepEqual(system, { role: 'system', content: 'Be brief.' });
    assert.deepEqual(developer, { role: 'system', content: 'Use metric units.' });
    assert.equal(user?.role === 'user' ? user.content.length : 0, 3);
    assert.deepEqual(user?.role === 'user' ? user.content[1] : undefined, {
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: 'iVBORw0KGgo=' },
    });
    assert.deepEqual(user?.role === 'user' ? user.content[2] : undefined, {
      type: 'file',
      mediaType: 'application/pdf',
      data: { type: 'data', data: 'JVBERi0=' },
      filename: 'a.pdf',
    });
    // One assistant turn (reasoning + both calls), one message with both results.
    assert.deepEqual(assistant, {
      role: 'assistant',
      content: [
        {
          type: 'reasoning',
          text: 'Look first.',
          providerOptions: { openai: { reasoningEncryptedContent: 'gAAAA', itemId: 'rs_1' } },
        },
        { type: 'tool-call', toolCallId: 'c1', toolName: 'look', input: { at: 'cat' } },
        { type: 'tool-call', toolCallId: 'c2', toolName: 'look', input: { at: 'dog' } },
      ],
    });
    assert.deepEqual(tool, {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', toolName: 'look', output: { type: 'text', value: 'a cat' } },
        {
          type: 'tool-result',
          toolCallId: 'c2',
          toolName: 'look',
          output: { type: 'content', value: [{ type: 'text', text: 'a dog' }] },
        },
      ],
    });
    assert.deepEqual(answer, { role: 'assistant', content: [{ type: 'text', text: 'A cat and a dog.' }] });
    assert.equal(options.tools?.length, 1);
    assert.deepEqual(options.toolChoice, { type: 'tool', toolName: 'look' });
    assert.deepEqual(options.responseFormat, {
      type: 'json',
      name: 'answer',
      description: undefined,
      schema: { type: 'object' },
    });
    assert.equal(options.reasoning, 'low');
    assert.equal(options.maxOutputTokens, 99);
    assert.equal(options.temperature, 0.5);
    assert.deepEqual(options.providerOptions, {
      anthropic: { disableParallelToolUse: true },
      openai: { parallelToolCalls: false },
    });
    assert.deepEqual(
      warnings.map((warning) => (warning.type === 'unsupported' ? warning.feature : warning.type)),
      ['input item web_search_call', 'tool type file_search'],
    );
  });

  test('a string input, json_object, allowed_tools; file_id and missing input are 400s', () => {
    const { options, warnings } = openAIResponsesToCanonical(
      parse({
        input: 'hi',
        text: { format: { type: 'json_object' } },
        tool_choice: { type: 'allowed_tools', mode: 'required', tools: [] },
      }),
    );
    assert.deepEqual(options.prompt, [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    assert.deepEqual(options.responseFormat, { type: 'json' });
    assert.deepEqual(options.toolChoice, { type: 'required' });
    assert.equal(warnings.length, 1);
    const stored = parse({
      input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }],
    });
    assert.throws(
      () => openAIResponsesToCanonical(stored),
      (error: unknown) =>
        error instanceof GatewayError &&
        error.code === 'invalid_request' &&
        error.param === 'input[0].content[0]',
    );
    assert.throws(() => openAIResponsesToCanonical(parse({ instructions: 'only this' })), GatewayError);
  });

  test('the schema rejects malformed known items and keeps unknown ones', () => {
    assert.throws(() => parse({ input: [{ type: 'function_call', name: 'f' }] }));
    assert.throws(() => parse({ input: [{ role: 'robot', content: 'x' }] }));
    assert.doesNotThrow(() => parse({ input: [{ type: 'some_future_item', anything: 1 }], new_field: true }));
  });

  test('state the upstream keeps: previous_response_id, conversation, prompt, item_reference', () => {
    assert.equal(storedStateOf(parse({ input: 'x' })), undefined);
    assert.equal(storedStateOf(parse({ previous_response_id: 'resp_1' }))?.field, 'previous_response_id');
    assert.equal(storedStateOf(parse({ conversation: 'conv_1' }))?.field, 'conversation');
    assert.equal(storedStateOf(parse({ prompt: { id: 'pmpt_1' } }))?.field, 'prompt');
    assert.equal(
      storedStateOf(parse({ input: [{ type: 'item_reference', id: 'msg_1' }] }))?.field,
      'item_reference',
    );
  });
});

describe('canonical → OpenAI Responses', () => {
  const request = parse({ input: 'hi', tools: [] });
  const signature = { anthropic: { signature: 'sig-1' } };

  test('a result as a response object: reasoning, message, function call, usage', () => {
    const result = {
      content: [
        { type: 'reasoning', text: 'Thinking.', providerMetadata: signature },
        { type: 'text', text: 'Hello ' },
        { type: 'text', text: 'there.' },
        { type: 'tool-call', toolCallId: 'toolu_1', toolName: 'look', input: '{"at":"cat"}' },
      ],
      finishReason: { unified: 'tool-calls', raw: 'tool_use' },
      usage,
      warnings: [],
    } as unknown as CanonicalGenerateResult;
    const { body } = canonicalToOpenAIResponsesResponse(
      result,
      new OpenAIResponsesEnvelope(request, 'anthropic/claude'),
    );
    const response = JSON.parse(body);
    assert.match(response.id, /^resp_[0-9a-f]{48}$/);
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'completed');
    assert.equal(response.model, 'anthropic/claude');
    assert.deepEqual(
      response.output.map((item: { type: string }) => item.type),
      ['reasoning', 'message', 'function_call'],
    );
    const [reasoning, message, call] = response.output;
    assert.deepEqual(reasoning.summary, [{ type: 'summary_text', text: 'Thinking.' }]);
    assert.match(reasoning.encrypted_content, /^tg1\./);
    assert.equal(message.content[0].text, 'Hello there.');
    assert.deepEqual(
      { call_id: call.call_id, name: call.name, arguments: call.arguments },
      { call_id: 'toolu_1', name: 'look', arguments: '{"at":"cat"}' },
    );
    assert.deepEqual(response.usage, {
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 17,
    });
    // The signature comes back unchanged when the client returns the reasoning item.
    const { options } = openAIResponsesToCanonical(
      parse({ input: [reasoning, { role: 'user', content: 'go on' }] }),
    );
    const back = options.prompt[0];
    assert.deepEqual(back?.role === 'assistant' ? back.content[0] : undefined, {
      type: 'reasoning',
      text: 'Thinking.',
      providerOptions: signature,
    });
  });

  test('a length stop is `incomplete` with its reason', () => {
    const result = {
      content: [{ type: 'text', text: 'Cut' }],
      finishReason: { unified: 'length', raw: 'max_tokens' },
      usage,
      warnings: [],
    } as unknown as CanonicalGenerateResult;
    const response = JSON.parse(
      canonicalToOpenAIResponsesResponse(result, new OpenAIResponsesEnvelope(request, 'm')).body,
    );
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
  });

  test('stream parts → the full numbered event sequence; an error ends with error + response.failed', () => {
    const encoder = new OpenAIResponsesStreamEncoder(new OpenAIResponsesEnvelope(request, 'm'));
    const parts: CanonicalStreamPart[] = [
      { type: 'reasoning-start', id: 'r' },
      { type: 'reasoning-delta', id: 'r', delta: 'Hmm.' },
      { type: 'reasoning-end', id: 'r', providerMetadata: signature },
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hi' },
      { type: 'text-end', id: 't' },
      { type: 'tool-input-start', id: 'call_1', toolName: 'look' },
      { type: 'tool-input-delta', id: 'call_1', delta: '{"at":' },
      { type: 'tool-input-delta', id: 'call_1', delta: '"cat"}' },
      { type: 'tool-input-end', id: 'call_1' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'look', input: '{"at":"cat"}' },
      { type: 'finish', finishReason: { unified: 'tool-calls', raw: undefined }, usage },
    ];
    const text = parts.map((part) => encoder.part(part)).join('') + encoder.end();
    const events = text
      .split('\n\n')
      .filter((block) => block !== '')
      .map((block) => {
        const [name, data] = block.split('\n');
        const json = JSON.parse((data ?? '').slice('data: '.length));
        assert.equal(name, `event: ${json.type}`);
        return json;
      });
    for (const [index, event] of events.entries()) assert.equal(event.sequence_number, index);
    assert.deepEqual(
      events.map((event) => event.type),
      [
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.reasoning_summary_part.added',
        'response.reasoning_summary_text.delta',
        'response.reasoning_summary_text.done',
        'response.reasoning_summary_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
        'response.completed',
      ],
    );
    const completed = events.at(-1).response;
    assert.deepEqual(
      completed.output.map((item: { type: string }) => item.type),
      ['reasoning', 'message', 'function_call'],
    );
    assert.equal(completed.usage.total_tokens, 17);

    const failing = new OpenAIResponsesStreamEncoder(new OpenAIResponsesEnvelope(request, 'm'));
    failing.part({ type: 'text-delta', id: 't', delta: 'Hi' });
    const tail = failing.error(new GatewayError('upstream_overloaded', 'Busy.', { provider: 'p' }));
    assert.match(
      tail,
      /^event: error\ndata: \{"type":"error","code":"upstream_overloaded","message":"Busy\."/,
    );
    assert.match(tail, /"error":\{"type":"upstream_error","code":"upstream_overloaded"/);
    assert.match(
      tail,
      /event: response\.failed\ndata: \{"type":"response\.failed","response":\{[^\n]*"status":"failed"/,
    );
  });
});
