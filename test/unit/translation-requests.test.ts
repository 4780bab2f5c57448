import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anthropicMessagesRequestSchema } from '../../src/protocol/anthropic-messages/anthropic-request-schema.ts';
import { anthropicToCanonical } from '../../src/protocol/anthropic-messages/anthropic-to-canonical.ts';
import { openAIChatRequestSchema } from '../../src/protocol/openai-chat/openai-chat-request-schema.ts';
import { openAIChatToCanonical } from '../../src/protocol/openai-chat/openai-chat-to-canonical.ts';

describe('OpenAI Chat Completions request → canonical', () => {
  test('messages of every role, images, tool calls and results, tools, choice, format, limits', () => {
    const request = openAIChatRequestSchema.parse({
      model: 'x',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'look', arguments: '{"at":"cat"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'a cat' },
      ],
      tools: [
        {
          type: 'function',
          function: { name: 'look', parameters: { type: 'object', properties: { at: { type: 'string' } } } },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'look' } },
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
      max_completion_tokens: 99,
      temperature: 0.5,
      stop: 'END',
      seed: 7,
      reasoning_effort: 'low',
      logprobs: true,
    });
    const { options, warnings } = openAIChatToCanonical(request);
    assert.deepEqual(options.prompt[0], { role: 'system', content: 'Be brief.' });
    const user = options.prompt[1];
    assert.equal(user?.role, 'user');
    assert.deepEqual(user?.role === 'user' ? user.content[1] : undefined, {
      type: 'file',
      mediaType: 'image/png',
      data: { type: 'data', data: 'iVBORw0KGgo=' },
    });
    const remote = user?.role === 'user' ? user.content[2] : undefined;
    assert.equal(
      remote?.type === 'file' && remote.data.type === 'url' ? remote.data.url.href : '',
      'https://example.com/cat.jpg',
    );
    assert.deepEqual(options.prompt[2], {
      role: 'assistant',
      content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'look', input: { at: 'cat' } }],
    });
    assert.deepEqual(options.prompt[3], {
      role: 'tool',
      content: [
        { type: 'tool-result', toolCallId: 'c1', toolName: 'look', output: { type: 'text', value: 'a cat' } },
      ],
    });
    assert.equal(options.tools?.[0]?.type === 'function' ? options.tools[0].name : '', 'look');
    assert.deepEqual(options.toolChoice, { type: 'tool', toolName: 'look' });
    assert.deepEqual(options.responseFormat, { type: 'json', name: 'answer', schema: { type: 'object' } });
    assert.equal(options.maxOutputTokens, 99);
    assert.deepEqual(options.stopSequences, ['END']);
    assert.equal(options.seed, 7);
    assert.equal(options.reasoning, 'low');
    assert.deepEqual(warnings, [{ type: 'unsupported', feature: 'logprobs' }]);
  });

  test('arguments that are not JSON are a 400, not a crash', () => {
    const request = openAIChatRequestSchema.parse({
      model: 'x',
      messages: [
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{oops' } }],
        },
      ],
    });
    assert.throws(() => openAIChatToCanonical(request), /not valid JSON/);
  });
});

describe('Anthropic Messages request → canonical', () => {
  test('system blocks with cache_control, tool loop, thinking with signature, images, tools, choice', () => {
    const request = anthropicMessagesRequestSchema.parse({
      model: 'x',
      max_tokens: 1024,
      system: [
        { type: 'text', text: 'x-anthropic-billing-header: cc_version=2' },
        { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
            { type: 'text', text: 'fix it' },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Let me look.', signature: 'sig-123' },
            { type: 'text', text: 'Reading.' },
            { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a.ts' } },
          ],
        },
        { role: 'system', content: 'Agents available: none' },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: 'file text',
              is_error: false,
              cache_control: { type: 'ephemeral' },
            },
            { type: 'text', text: 'go on' },
          ],
        },
      ],
      tools: [
        {
          name: 'Read',
          description: 'Read a file',
          input_schema: { type: 'object', properties: { path: { type: 'string' } } },
        },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
      tool_choice: { type: 'any' },
      thinking: { type: 'enabled', budget_tokens: 31999 },
      metadata: { user_id: '{"session_id":"s1"}' },
      context_management: { edits: [] },
    });
    const { options, warnings } = anthropicToCanonical(request);
    assert.deepEqual(options.prompt[1], {
      role: 'system',
      content: 'You are Claude Code.',
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
    });
    assert.deepEqual(options.prompt[3], {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Let me look.', providerOptions: { anthropic: { signature: 'sig-123' } } },
        { type: 'text', text: 'Reading.', providerOptions: undefined },
        {
          type: 'tool-call',
          toolCallId: 'toolu_1',
          toolName: 'Read',
          input: { path: 'a.ts' },
          providerOptions: undefined,
        },
      ],
    });
    assert.deepEqual(options.prompt[4], {
      role: 'system',
      content: 'Agents available: none',
      providerOptions: undefined,
    });
    const toolMessage = options.prompt[5];
    assert.equal(toolMessage?.role, 'tool');
    assert.deepEqual(toolMessage?.role === 'tool' ? toolMessage.content[0] : undefined, {
      type: 'tool-result',
      toolCallId: 'toolu_1',
      toolName: 'Read',
      output: { type: 'text', value: 'file text' },
      providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
    });
    assert.equal(options.prompt[6]?.role, 'user');
    assert.equal(options.tools?.length, 1, 'the server tool is not a function tool');
    assert.deepEqual(warnings, [{ type: 'unsupported', feature: 'server tool web_search_20250305' }]);
    assert.deepEqual(options.toolChoice, { type: 'required' });
    assert.equal(options.reasoning, 'high');
    assert.deepEqual(options.providerOptions?.anthropic, {
      thinking: { type: 'enabled', budgetTokens: 31999 },
      metadata: { userId: '{"session_id":"s1"}' },
    });
    assert.equal(options.maxOutputTokens, 1024);
  });
});
