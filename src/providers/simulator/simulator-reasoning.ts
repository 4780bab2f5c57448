import { splitSimulatorText } from './simulator-tokenizer.ts';

/**
 * The signature sent with simulated thinking. Real providers sign thinking blocks so they can be
 * passed back unchanged; clients only store and return it, so a constant of the right alphabet
 * (base64) is enough.
 */
export const SIMULATOR_THINKING_SIGNATURE =
  'EqQBCkgIChABGAIiQFRvbGxnYXRlIHNpbXVsYXRvciB0aGlua2luZyBzaWduYXR1cmUsIG5vdCBhIHJlYWwgb25lLg==';

// Long messages are quoted by their start only: the thinking stays a few tokens long.
const QUOTE_LENGTH = 48;

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH)}…` : line;
}

/**
 * What a simulated model "thinks" before answering, as token pieces: one sentence about the
 * request and one about the plan. Deterministic, so replies can be asserted.
 */
export function simulatorReasoningTokens(
  lastUserText: string,
  toolResult: boolean,
  plan: { toolName: string } | 'echo' | 'lorem' | 'json',
): string[] {
  const subject = toolResult ? 'The tool sent its result.' : `The user wrote "${quote(lastUserText)}".`;
  let next: string;
  if (typeof plan === 'object') next = `I will call ${plan.toolName}.`;
  else if (plan === 'lorem') next = 'I will write some filler text.';
  else if (plan === 'json') next = 'I will answer with JSON.';
  else next = toolResult ? 'I will report it.' : 'I will repeat it.';
  return splitSimulatorText(`${subject} ${next}`);
}
