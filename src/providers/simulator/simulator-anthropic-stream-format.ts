import {
  type AnthropicReplyIdentity,
  anthropicOutputTokens,
  anthropicStop,
  anthropicUsage,
} from './simulator-anthropic-json-format.ts';
import type { SimulatorCompletion } from './simulator-completion.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';
import { SimulatorStreamScriptBuilder } from './simulator-stream-script.ts';
import type { SimulatorStreamPiece, SimulatorStreamScript } from './simulator-stream-timeline.ts';

// Event framing and the fixed events, byte for byte as recorded (`anthropic/messages/fantasy`,
// `extracted/*.sse`); the API pads some `data:` lines with trailing spaces, which parsers ignore
// and the simulator leaves out. See https://docs.anthropic.com/en/docs/build-with-claude/streaming.
const PING = 'event: ping\ndata: {"type": "ping"}\n\n';
const MESSAGE_STOP = 'event: message_stop\ndata: {"type":"message_stop"}\n\n';
const EMPTY_TEXT_BLOCK = '{"type":"text","text":""}';
const EMPTY_THINKING_BLOCK = '{"type":"thinking","thinking":"","signature":""}';

function blockStart(index: number, block: string): string {
  return `event: content_block_start\ndata: {"type":"content_block_start","index":${index},"content_block":${block}}\n\n`;
}

function delta(index: number, body: string): string {
  return `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":${body}}\n\n`;
}

function blockStop(index: number): string {
  return `event: content_block_stop\ndata: {"type":"content_block_stop","index":${index}}\n\n`;
}

function messageStart(identity: AnthropicReplyIdentity, completion: SimulatorCompletion): string {
  const message = {
    model: identity.model,
    id: identity.id,
    type: 'message',
    role: 'assistant',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    // The API reports the first token or so here; the real count comes with `message_delta`.
    usage: anthropicUsage(completion, 1),
  };
  return `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n`;
}

/** `message_delta` repeats the input counts (without `cache_creation`) next to the output total. */
function messageDelta(completion: SimulatorCompletion): string {
  const usage = anthropicUsage(completion, anthropicOutputTokens(completion));
  const data = {
    type: 'message_delta',
    delta: anthropicStop(completion),
    usage: {
      input_tokens: usage.input_tokens,
      cache_creation_input_tokens: usage.cache_creation_input_tokens,
      cache_read_input_tokens: usage.cache_read_input_tokens,
      output_tokens: usage.output_tokens,
    },
  };
  return `event: message_delta\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Arguments go out over two deltas at least (even `{}`), so clients always have to join them. */
function atLeastTwo(fragments: string[]): string[] {
  const only = fragments[0];
  if (fragments.length !== 1 || only === undefined || only.length < 2) return fragments;
  return [only.slice(0, only.length >> 1), only.slice(only.length >> 1)];
}

/** The in-stream error event: the stream started with a 200, so the failure is an event. */
export function anthropicStreamError(type: string, message: string, requestId: string): string {
  const data = { type: 'error', error: { type, message }, request_id: requestId };
  return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The events of a streamed reply: `message_start`, then per block `content_block_start`, its
 * deltas (`thinking_delta` + `signature_delta`, `text_delta`, or `input_json_delta` opened by an
 * empty one) and `content_block_stop`, a `ping` after the first block start, and
 * `message_delta` + `message_stop`. One token per delta.
 */
export function anthropicStreamScript(
  identity: AnthropicReplyIdentity,
  completion: SimulatorCompletion,
  garbage: Buffer,
  failure: SimulatorStreamPiece | undefined,
): SimulatorStreamScript {
  const script = new SimulatorStreamScriptBuilder();
  script.event(messageStart(identity, completion));
  let index = 0;
  if (completion.reasoning.length > 0) {
    script.event(blockStart(0, EMPTY_THINKING_BLOCK));
    script.event(PING);
    for (const piece of completion.reasoning) {
      script.token(delta(0, `{"type":"thinking_delta","thinking":${JSON.stringify(piece)}}`));
    }
    script.event(delta(0, `{"type":"signature_delta","signature":"${SIMULATOR_THINKING_SIGNATURE}"}`));
    script.event(blockStop(0));
    index = 1;
  }
  if (completion.kind === 'text') {
    script.event(blockStart(index, EMPTY_TEXT_BLOCK));
    if (index === 0) script.event(PING);
    for (const token of completion.tokens) {
      script.token(delta(index, `{"type":"text_delta","text":${JSON.stringify(token)}}`));
    }
  } else {
    const block = {
      type: 'tool_use',
      id: identity.toolUseId,
      name: completion.toolName,
      input: {},
      caller: { type: 'direct' },
    };
    script.event(blockStart(index, JSON.stringify(block)));
    if (index === 0) script.event(PING);
    script.event(delta(index, '{"type":"input_json_delta","partial_json":""}'));
    for (const fragment of atLeastTwo(completion.argumentFragments)) {
      script.token(delta(index, `{"type":"input_json_delta","partial_json":${JSON.stringify(fragment)}}`));
    }
  }
  script.event(blockStop(index));
  script.event(messageDelta(completion));
  script.event(MESSAGE_STOP);
  return script.build(garbage, failure);
}
