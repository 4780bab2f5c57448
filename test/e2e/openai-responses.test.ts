import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startSimulatorServer } from '../../src/providers/simulator/simulator-http-server.ts';
import { type GatewayHarness, startGateway } from '../support/gateway-harness.ts';

/**
 * The official `openai` SDK's Responses API (`client.responses.create`) through the gateway:
 * passed through to an OpenAI-format upstream (the standalone simulator as `type: openai`, and as
 * `type: azure`), translated for an Anthropic-format one (the simulator as `type: anthropic`).
 */
const UPSTREAMS = ['openai', 'anthropic'] as const;

function providersYaml(url: string): string {
  const common = `catalog: false\n    forward_headers: ['x-simulator-*']\n    models: [echo, lorem, tools]`;
  return `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-000000
    ${common}
  azure:
    type: azure
    base_url: ${url}/openai/v1
    api_key: azure-test-000000
    ${common}
  anthropic:
    type: anthropic
    base_url: ${url}/v1
    api_key: sk-ant-test-000000
    ${common}
`;
}

const weather: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
  strict: true,
};

type StreamEvent = OpenAI.Responses.ResponseStreamEvent;

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function assertNumbered(events: readonly StreamEvent[]): void {
  for (const [index, event] of events.entries()) {
    assert.equal(event.sequence_number, index, `sequence of ${event.type}`);
  }
}

describe('openai SDK responses.create → gateway → OpenAI and Anthropic upstreams', () => {
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let gateway: GatewayHarness;
  let client: OpenAI;

  before(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    gateway = await startGateway(providersYaml(simulator.url));
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'x', maxRetries: 0 });
  });
  after(async () => {
    await gateway.close();
    await simulator.close();
  });

  for (const upstream of UPSTREAMS) {
    describe(upstream, () => {
      test('non-stream: text, usage, the public model, the record', async () => {
        const { data, response } = await client.responses
          .create({ model: `${upstream}/echo`, instructions: 'Be brief.', input: `Hello ${upstream}` })
          .withResponse();
        assert.equal(data.object, 'response');
        assert.equal(data.status, 'completed');
        assert.equal(data.model, `${upstream}/echo`);
        assert.equal(data.output_text, `Hello ${upstream}`);
        assert.ok((data.usage?.input_tokens ?? 0) > 0 && (data.usage?.output_tokens ?? 0) > 0);
        assert.equal(response.headers.get('x-tollgate-provider'), upstream);
        const record = gateway.records.at(-1);
        assert.equal(record?.provider, upstream);
        assert.equal(record?.usage?.outputTokens, data.usage?.output_tokens);
        // Passthrough: the upstream's own body (the simulator pretty-prints and says who pays,
        // as OpenAI does); translated: the gateway's encoder, which writes neither.
        assert.equal('billing' in data, upstream === 'openai');
      });

      test('stream: the full event sequence, numbered, ending with usage', async () => {
        const events = await collect(
          await client.responses.create({
            model: `${upstream}/lorem`,
            input: 'go',
            stream: true,
            max_output_tokens: 5,
          }),
        );
        assertNumbered(events);
        const types = [...new Set(events.map((event) => event.type))];
        assert.deepEqual(types, [
          'response.created',
          'response.in_progress',
          'response.output_item.added',
          'response.content_part.added',
          'response.output_text.delta',
          'response.output_text.done',
          'response.content_part.done',
          'response.output_item.done',
          'response.incomplete',
        ]);
        const last = events.at(-1);
        assert.equal(last?.type, 'response.incomplete');
        if (last?.type !== 'response.incomplete') return;
        assert.equal(last.response.incomplete_details?.reason, 'max_output_tokens');
        assert.equal(last.response.usage?.output_tokens, 5);
        assert.equal(last.response.model, `${upstream}/lorem`);
        const text = events.flatMap((event) =>
          event.type === 'response.output_text.delta' ? [event.delta] : [],
        );
        assert.equal(text.length, 5);
        assert.equal(gateway.records.at(-1)?.usage?.outputTokens, 5);
      });

      for (const stream of [false, true]) {
        test(`function tool round trip (${stream ? 'stream' : 'non-stream'})`, async () => {
          const model = `${upstream}/tools`;
          const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Rome?' }];
          const first = stream
            ? await finalResponse(
                await client.responses.create({ model, input, tools: [weather], stream: true }),
              )
            : await client.responses.create({ model, input, tools: [weather] });
          const call = first.output.find((item) => item.type === 'function_call');
          assert.equal(call?.type, 'function_call');
          if (call?.type !== 'function_call') return;
          assert.equal(call.name, 'get_weather');
          assert.equal(typeof (JSON.parse(call.arguments) as { city?: unknown }).city, 'string');
          const followUp: OpenAI.Responses.ResponseInput = [
            ...input,
            ...(first.output as OpenAI.Responses.ResponseInputItem[]),
            { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 24 C' },
          ];
          const second = stream
            ? await finalResponse(
                await client.responses.create({ model, input: followUp, tools: [weather], stream: true }),
              )
            : await client.responses.create({ model, input: followUp, tools: [weather] });
          assert.equal(second.status, 'completed');
          assert.equal(outputText(second), 'The tool returned: Sunny, 24 C');
        });
      }

      test('the SDK stream helper assembles reasoning and a function call from the events', async () => {
        // `responses.stream()` checks every event against the items and parts announced before it.
        const final = await client.responses
          .stream({
            model: `${upstream}/tools`,
            input: 'Weather in Rome?',
            reasoning: { effort: 'high', summary: 'auto' },
            tools: [weather],
          })
          .finalResponse();
        assert.deepEqual(
          final.output.map((item) => item.type),
          ['reasoning', 'function_call'],
        );
        const reasoning = final.output[0];
        assert.match(
          reasoning?.type === 'reasoning' ? (reasoning.summary[0]?.text ?? '') : '',
          /call get_weather/,
        );
      });

      test('a stream that breaks after its first byte ends with error and response.failed', async () => {
        const stream = await client.responses.create(
          { model: `${upstream}/lorem`, input: 'go', stream: true },
          { headers: { 'x-simulator-fail': 'error-503', 'x-simulator-fail-after': '2' } },
        );
        const seen: StreamEvent[] = [];
        await assert.rejects(
          (async () => {
            for await (const event of stream) seen.push(event);
          })(),
          (error: unknown) => error instanceof OpenAI.APIError && /503|Simulated failure/.test(error.message),
        );
        assert.ok(seen.some((event) => event.type === 'response.output_text.delta'));
        assertNumbered(seen);
        assert.equal(gateway.records.at(-1)?.truncated, true);
      });

      test('a stream the upstream cuts ends with the gateway`s error and response.failed, numbered on', async () => {
        const response = await fetch(`${gateway.baseURL}/responses`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-simulator-fail': 'cut',
            'x-simulator-fail-after': '3',
          },
          body: JSON.stringify({ model: `${upstream}/lorem`, input: 'go', stream: true }),
        });
        assert.equal(response.status, 200);
        const events = (await response.text())
          .split('\n\n')
          .filter((block) => block.startsWith('event: '))
          .map((block) => JSON.parse(block.slice(block.indexOf('\ndata: ') + 7)) as StreamEvent);
        assertNumbered(events);
        assert.deepEqual(
          events.slice(-2).map((event) => event.type),
          ['error', 'response.failed'],
        );
        const failed = events.at(-1);
        assert.equal(failed?.type === 'response.failed' ? failed.response.status : '', 'failed');
      });
    });
  }

  test('passthrough to Azure OpenAI (`/openai/v1/responses`)', async () => {
    const data = await client.responses.create({ model: 'azure/echo', input: 'Hello Azure' });
    assert.equal(data.output_text, 'Hello Azure');
    assert.equal(data.model, 'azure/echo');
    assert.ok('content_filters' in data, 'Azure`s own body reached the client');
  });

  test('previous_response_id continues a stored response on an OpenAI-format upstream', async () => {
    const first = await client.responses.create({ model: 'openai/echo', input: 'Remember the number 7' });
    const next = await client.responses.create({
      model: 'openai/echo',
      previous_response_id: first.id,
      input: [{ role: 'user', content: 'What was it?' }],
    });
    assert.equal(next.previous_response_id, first.id);
    assert.equal(next.output_text, 'What was it?');
    assert.ok((next.usage?.input_tokens ?? 0) > (first.usage?.input_tokens ?? 0), 'the history counts');
    await assert.rejects(
      client.responses.create({ model: 'openai/echo', input: 'x', previous_response_id: 'resp_unknown' }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError && error.code === 'previous_response_not_found',
    );
  });

  test('previous_response_id on an Anthropic-format upstream: 400 before any upstream call', async () => {
    await assert.rejects(
      client.responses.create({ model: 'anthropic/echo', input: 'x', previous_response_id: 'resp_123' }),
      (error: unknown) =>
        error instanceof OpenAI.BadRequestError &&
        error.param === 'previous_response_id' &&
        error.message.includes('need an OpenAI-format upstream (OpenAI or Azure)') &&
        error.message.includes('served by anthropic'),
    );
    assert.deepEqual(gateway.records.at(-1)?.attempts, []);
  });

  test('translation reports what it cannot carry in x-tollgate-warnings', async () => {
    const { data, response } = await client.responses
      .create({
        model: 'anthropic/echo',
        input: 'search for me',
        tools: [{ type: 'web_search' }, weather],
        tool_choice: 'none',
      })
      .withResponse();
    assert.equal(data.output_text, 'search for me');
    assert.match(response.headers.get('x-tollgate-warnings') ?? '', /unsupported: tool type web_search/);
  });

  test('bad input is an OpenAI-shaped 400, never a crash', async () => {
    const cases: [string, string | undefined][] = [
      ['{"model": "openai/echo", "input": ', 'invalid_json'],
      ['[1, 2]', 'invalid_json'],
      ['{"input": "no model"}', 'invalid_request_body'],
      ['{"model": "openai/echo", "input": [{"type": "function_call", "name": "f"}]}', 'invalid_request_body'],
      [
        '{"model": "anthropic/echo", "input": [{"type": "function_call", "call_id": "c", "name": "f", "arguments": "{oops"}]}',
        'invalid_request',
      ],
      [
        '{"model": "anthropic/echo", "input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file-1"}]}]}',
        'invalid_request',
      ],
    ];
    for (const [body, code] of cases) {
      const response = await fetch(`${gateway.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      assert.equal(response.status, 400, body);
      const error = ((await response.json()) as { error: { type: string; code: string; message: string } })
        .error;
      assert.equal(error.type, 'invalid_request_error', body);
      assert.equal(error.code, code, body);
    }
  });
});

/** The text of a response's messages (`output_text` is only added by the SDK to non-stream answers). */
function outputText(response: OpenAI.Responses.Response): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

/** The final response of a stream (its `response.completed` event), checking the numbering on the way. */
async function finalResponse(stream: AsyncIterable<StreamEvent>): Promise<OpenAI.Responses.Response> {
  const events = await collect(stream);
  assertNumbered(events);
  const last = events.at(-1);
  assert.equal(last?.type, 'response.completed');
  return (last as OpenAI.Responses.ResponseCompletedEvent).response;
}
