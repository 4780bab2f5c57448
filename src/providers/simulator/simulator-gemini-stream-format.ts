import type { SimulatorCompletion } from './simulator-completion.ts';
import {
  type GeminiReplyIdentity,
  geminiCandidate,
  geminiResponse,
  geminiUsageMetadata,
  googleCompactJson,
} from './simulator-gemini-format.ts';
import { SIMULATOR_THINKING_SIGNATURE } from './simulator-reasoning.ts';
import { SimulatorStreamScriptBuilder } from './simulator-stream-script.ts';
import type { SimulatorStreamPiece, SimulatorStreamScript } from './simulator-stream-timeline.ts';

/** How `streamGenerateContent` frames its chunks: SSE with `?alt=sse`, else one JSON array. */
export type GeminiStreamFraming = 'sse' | 'json-array';

/** The first answer part after thinking carries the thought signature, as Gemini does. */
function signed(part: Record<string, unknown>, completion: SimulatorCompletion): Record<string, unknown> {
  return completion.reasoning.length > 0 ? { ...part, thoughtSignature: SIMULATOR_THINKING_SIGNATURE } : part;
}

function answerPart(completion: SimulatorCompletion, text: string): Record<string, unknown> {
  if (completion.kind === 'text') return { text };
  return { functionCall: { name: completion.toolName, args: JSON.parse(completion.arguments) as unknown } };
}

/** The parts of a whole reply: thinking (`thought: true`), then the text or the function call. */
export function geminiParts(completion: SimulatorCompletion): unknown[] {
  const parts: unknown[] = [];
  if (completion.reasoning.length > 0) parts.push({ text: completion.reasoning.join(''), thought: true });
  const text = completion.kind === 'text' ? completion.tokens.join('') : '';
  parts.push(signed(answerPart(completion, text), completion));
  return parts;
}

/**
 * One chunk (or an in-stream `{"error": {code, message, status}}`) as the stream frames it:
 * `data: <compact JSON>\r\n\r\n`, or an element of the JSON array.
 */
export function geminiStreamEvent(value: unknown, framing: GeminiStreamFraming, first: boolean): string {
  if (framing === 'sse') return `data: ${googleCompactJson(value)}\r\n\r\n`;
  return `${first ? '[' : ',\r\n'}${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The chunks of a streamed reply: one per thinking piece (`thought: true`), one per text token (a
 * function call comes whole, in one chunk), the last with `finishReason`. Gemini API chunks carry
 * the running usage; Vertex reports usage in the last chunk only. SSE events end in `\r\n\r\n`
 * (see the recordings in `google/gemini/fantasy/extracted`).
 */
export function geminiStreamScript(
  identity: GeminiReplyIdentity,
  completion: SimulatorCompletion,
  framing: GeminiStreamFraming,
  garbage: Buffer,
  failure: SimulatorStreamPiece | undefined,
): SimulatorStreamScript {
  const script = new SimulatorStreamScriptBuilder();
  const partial = identity.vertex ? { trafficType: 'ON_DEMAND' } : undefined;
  let thoughts = 0;
  const chunk = (part: unknown, candidates: number, finish: SimulatorCompletion | undefined): string => {
    const usage =
      finish === undefined && partial !== undefined
        ? partial
        : geminiUsageMetadata(identity, completion, candidates, thoughts);
    const response = geminiResponse(identity, geminiCandidate(identity, [part], finish), usage);
    return geminiStreamEvent(response, framing, script.tokenCount === 0);
  };
  for (const piece of completion.reasoning) {
    thoughts++;
    script.token(chunk({ text: piece, thought: true }, 0, undefined));
  }
  if (completion.kind === 'text' && completion.tokens.length > 0) {
    const last = completion.tokens.length - 1;
    completion.tokens.forEach((token, index) => {
      const part = index === 0 ? signed({ text: token }, completion) : { text: token };
      script.token(chunk(part, index + 1, index === last ? completion : undefined));
    });
  } else {
    script.token(
      chunk(signed(answerPart(completion, ''), completion), completion.completionTokens, completion),
    );
  }
  if (framing === 'json-array') script.event(']');
  return script.build(garbage, failure);
}
