import { bedrockEventHeaders, encodeEventStreamMessage } from './simulator-bedrock-eventstream.ts';
import { bedrockStopReason, bedrockUsage } from './simulator-bedrock-json-format.ts';
import type { SimulatorCompletion } from './simulator-completion.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';
import { SimulatorStreamScriptBuilder } from './simulator-stream-script.ts';
import type { SimulatorStreamScript } from './simulator-stream-timeline.ts';

const MESSAGE_START = bedrockEventHeaders('messageStart');
const BLOCK_START = bedrockEventHeaders('contentBlockStart');
const BLOCK_DELTA = bedrockEventHeaders('contentBlockDelta');
const BLOCK_STOP = bedrockEventHeaders('contentBlockStop');
const MESSAGE_STOP = bedrockEventHeaders('messageStop');
const METADATA = bedrockEventHeaders('metadata');

// Bedrock pads every payload with a `p` field of varying length so sizes do not reveal the
// tokens; the simulator varies it the same way (clients must ignore it).
const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function padding(index: number): string {
  return JSON.stringify(PADDING.slice(0, ((index * 17) % 53) + 2));
}

function delta(index: number, blockIndex: number, body: string): Buffer {
  return encodeEventStreamMessage(
    BLOCK_DELTA,
    `{"contentBlockIndex":${blockIndex},"delta":${body},"p":${padding(index)}}`,
  );
}

function blockStop(index: number, blockIndex: number): Buffer {
  return encodeEventStreamMessage(BLOCK_STOP, `{"contentBlockIndex":${blockIndex},"p":${padding(index)}}`);
}

/**
 * The binary events of a `ConverseStream` reply (see `bedrock/converse-stream/*`): `messageStart`;
 * thinking as `reasoningContent` deltas ending with its signature; text deltas (no block start); a
 * tool call as `contentBlockStart` with its `toolUse` then `toolUse.input` string fragments; a
 * `contentBlockStop` per block; `messageStop` with the stop reason; `metadata` with usage and
 * metrics. Payload keys are sorted, as Bedrock sends them. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html.
 */
export function bedrockStreamScript(
  completion: SimulatorCompletion,
  toolUseId: string,
  latencyMs: number,
  garbage: Buffer,
  failure: Buffer | undefined,
): SimulatorStreamScript {
  const script = new SimulatorStreamScriptBuilder();
  let event = 0;
  script.event(encodeEventStreamMessage(MESSAGE_START, `{"p":${padding(event++)},"role":"assistant"}`));
  let block = 0;
  if (completion.reasoning.length > 0) {
    for (const piece of completion.reasoning) {
      script.token(delta(event++, block, `{"reasoningContent":{"text":${JSON.stringify(piece)}}}`));
    }
    script.event(
      delta(event++, block, `{"reasoningContent":{"signature":"${SIMULATOR_THINKING_SIGNATURE}"}}`),
    );
    script.event(blockStop(event++, block++));
  }
  if (completion.kind === 'text') {
    for (const token of completion.tokens)
      script.token(delta(event++, block, `{"text":${JSON.stringify(token)}}`));
  } else {
    const start = JSON.stringify({ toolUse: { name: completion.toolName, toolUseId } });
    script.event(
      encodeEventStreamMessage(
        BLOCK_START,
        `{"contentBlockIndex":${block},"p":${padding(event++)},"start":${start}}`,
      ),
    );
    for (const fragment of completion.argumentFragments) {
      script.token(delta(event++, block, `{"toolUse":{"input":${JSON.stringify(fragment)}}}`));
    }
  }
  script.event(blockStop(event++, block));
  const stop = JSON.stringify(bedrockStopReason(completion));
  script.event(encodeEventStreamMessage(MESSAGE_STOP, `{"p":${padding(event++)},"stopReason":${stop}}`));
  const usage = JSON.stringify(bedrockUsage(completion, false));
  script.event(
    encodeEventStreamMessage(
      METADATA,
      `{"metrics":{"latencyMs":${latencyMs}},"p":${padding(event++)},"usage":${usage}}`,
    ),
  );
  return script.build(garbage, failure);
}
