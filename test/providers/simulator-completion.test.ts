import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnthropicMessagesRequest } from '../../src/providers/simulator/simulator-anthropic-request.ts';
import { parseBedrockConverseRequest } from '../../src/providers/simulator/simulator-bedrock-request.ts';
import { parseCohereChatRequest } from '../../src/providers/simulator/simulator-cohere-request.ts';
import { parseGeminiRequest } from '../../src/providers/simulator/simulator-gemini-request.ts';
import { simulatorModelKind } from '../../src/providers/simulator/simulator-models.ts';
import {
  type Completion,
  chatPlan,
  complete,
  planBody,
  USER_HELLO,
  WEATHER_TOOL,
} from './simulator-test-support.ts';

describe('simulator models', () => {
  it('chooses the model kind by the start of the last path segment', () => {
    assert.equal(simulatorModelKind('echo'), 'echo');
    assert.equal(simulatorModelKind('simulator/echo'), 'echo');
    assert.equal(simulatorModelKind('a/b/lorem-long'), 'lorem');
    assert.equal(simulatorModelKind('tools-v2'), 'tools');
    assert.equal(simulatorModelKind('echo/gpt-4o'), undefined);
  });

  it('echoes the text parts of the last user message and ignores images', () => {
    const reply = complete({
      model: 'echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is ' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
            { type: 'text', text: 'in this picture?' },
          ],
        },
      ],
    });
    assert.equal(reply.choices[0]!.message.content, 'What is in this picture?');
    assert.equal(reply.choices[0]!.finish_reason, 'stop');
  });

  it('estimates usage deterministically from the input and counts the tokens it sent', () => {
    const reply = complete({ model: 'echo', messages: [{ role: 'user', content: 'abcdefghi' }] });
    assert.deepEqual(
      { ...reply.usage, prompt_tokens_details: undefined, completion_tokens_details: undefined },
      {
        prompt_tokens: 3,
        completion_tokens: 1,
        total_tokens: 4,
        prompt_tokens_details: undefined,
        completion_tokens_details: undefined,
      },
    );
  });

  it('writes lorem of the configured length and stops at max_tokens with finish_reason length', () => {
    const full = complete({ model: 'lorem', messages: USER_HELLO });
    assert.equal(full.usage.completion_tokens, 16);
    assert.ok(full.choices[0]!.message.content!.startsWith('Lorem ipsum dolor sit amet,'));
    const long = JSON.parse(
      planBody(chatPlan({ model: 'lorem', messages: USER_HELLO }, { 'x-simulator-output-tokens': '300' })),
    ) as Completion;
    assert.equal(long.usage.completion_tokens, 300);
    const cut = complete({ model: 'lorem', messages: USER_HELLO, max_completion_tokens: 3 });
    assert.equal(cut.choices[0]!.message.content, 'Lorem ipsum dolor');
    assert.equal(cut.choices[0]!.finish_reason, 'length');
    assert.equal(
      complete({ model: 'echo', messages: USER_HELLO, max_tokens: 2 }).choices[0]!.finish_reason,
      'length',
    );
  });

  it('calls the first tool, or the one tool_choice names', () => {
    const other = {
      type: 'function',
      function: {
        name: 'lookup',
        parameters: { type: 'object', properties: { id: { type: 'integer', minimum: 42 } } },
      },
    };
    const first = complete({ model: 'tools', messages: USER_HELLO, tools: [WEATHER_TOOL, other] });
    assert.equal(first.choices[0]!.message.tool_calls![0]!.function.name, 'GetWeatherArgs');
    const named = complete({
      model: 'tools',
      messages: USER_HELLO,
      tools: [WEATHER_TOOL, other],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
    });
    const call = named.choices[0]!.message.tool_calls![0]!;
    assert.equal(call.function.name, 'lookup');
    assert.deepEqual(JSON.parse(call.function.arguments), { id: 42 });
    assert.equal(named.usage.completion_tokens, Math.ceil(call.function.arguments.length / 4));
  });

  it('answers like echo without tools, with tool_choice none, and after a tool result', () => {
    const plain = complete({ model: 'tools', messages: USER_HELLO });
    assert.equal(plain.choices[0]!.message.content, USER_HELLO[0]!.content);
    const none = complete({
      model: 'tools',
      messages: USER_HELLO,
      tools: [WEATHER_TOOL],
      tool_choice: 'none',
    });
    assert.equal(none.choices[0]!.finish_reason, 'stop');
    const after = complete({
      model: 'tools',
      tools: [WEATHER_TOOL],
      messages: [
        ...USER_HELLO,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'GetWeatherArgs', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":21}' },
      ],
    });
    assert.equal(after.choices[0]!.finish_reason, 'stop');
    assert.equal(after.choices[0]!.message.content, 'The tool returned: {"temperature":21}');
  });

  it('answers response_format json_object and json_schema with JSON content', () => {
    const object = complete({
      model: 'echo',
      messages: USER_HELLO,
      response_format: { type: 'json_object' },
    });
    assert.deepEqual(JSON.parse(object.choices[0]!.message.content!), { echo: USER_HELLO[0]!.content });
    const schema = {
      type: 'object',
      properties: { answer: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
      required: ['answer', 'confidence'],
    };
    const structured = complete({
      model: 'lorem',
      messages: USER_HELLO,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
    });
    assert.deepEqual(JSON.parse(structured.choices[0]!.message.content!), {
      answer: 'example',
      confidence: 0,
    });
  });
});

describe('simulator stop sequences and cache reads', () => {
  it('ends the text before the earliest stop sequence, finish_reason stop', () => {
    const reply = complete({
      model: 'echo',
      messages: [{ role: 'user', content: 'one two three four' }],
      stop: ['four', 'three'],
    });
    assert.equal(reply.choices[0]!.message.content, 'one two ');
    assert.equal(reply.choices[0]!.finish_reason, 'stop');
    assert.equal(reply.usage.completion_tokens, 3, '"one", " two" and the trailing space');
  });

  it('reports x-simulator-cache-read-tokens as cached prompt tokens, the prompt at least that long', () => {
    const plan = chatPlan(
      { model: 'echo', messages: USER_HELLO },
      { 'x-simulator-cache-read-tokens': '4012' },
    );
    const usage = (
      JSON.parse(planBody(plan)) as {
        usage: { prompt_tokens: number; prompt_tokens_details: { cached_tokens: number } };
      }
    ).usage;
    assert.equal(usage.prompt_tokens, 4012);
    assert.equal(usage.prompt_tokens_details.cached_tokens, 4012);
  });
});

describe('simulator request parsers', () => {
  // One conversation (system prompt, a user turn with an image, a tool call, its result) in each
  // API's own shape: every parser reads the same prompt from it.
  const image = 'iVBORw0KGgo=';
  const conversations = {
    anthropic: parseAnthropicMessagesRequest(
      JSON.stringify({
        model: 'tools',
        max_tokens: 100,
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: image } },
              { type: 'text', text: 'Weather here?' },
            ],
          },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Rome' } }],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
        ],
      }),
    ),
    gemini: parseGeminiRequest(
      JSON.stringify({
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [
          {
            role: 'user',
            parts: [{ inlineData: { mimeType: 'image/png', data: image } }, { text: 'Weather here?' }],
          },
          { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Rome' } } }] },
          {
            role: 'user',
            parts: [{ functionResponse: { name: 'weather', response: { content: 'sunny' } } }],
          },
        ],
      }),
      'tools',
    ),
    bedrock: parseBedrockConverseRequest(
      JSON.stringify({
        system: [{ text: 'Be brief.' }],
        messages: [
          {
            role: 'user',
            content: [{ image: { format: 'png', source: { bytes: image } } }, { text: 'Weather here?' }],
          },
          {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 't1', name: 'weather', input: { city: 'Rome' } } }],
          },
          { role: 'user', content: [{ toolResult: { toolUseId: 't1', content: [{ text: 'sunny' }] } }] },
        ],
      }),
      'sim.tools',
    ),
    cohere: parseCohereChatRequest(
      JSON.stringify({
        model: 'tools',
        messages: [
          { role: 'system', content: 'Be brief.' },
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: `data:image/png;base64,${image}` } },
              { type: 'text', text: 'Weather here?' },
            ],
          },
          {
            role: 'assistant',
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 't1', content: 'sunny' },
        ],
      }),
    ),
  };

  for (const [api, parsed] of Object.entries(conversations)) {
    it(`reads the last user text and the tool result from ${api}`, () => {
      assert.ok(parsed.ok);
      const prompt = 'prompt' in parsed ? parsed.prompt : parsed.request.prompt;
      assert.equal(prompt.lastUserText, 'Weather here?');
      assert.equal(prompt.toolResultText, 'sunny');
      assert.ok(
        prompt.promptCharacters >= 'Be brief.Weather here?sunny'.length,
        `${prompt.promptCharacters}`,
      );
    });
  }
});
