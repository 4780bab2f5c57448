import { splitSimulatorText } from './simulator-tokenizer.ts';

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore ' +
  'et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut ' +
  'aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum ' +
  'dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui ' +
  'officia deserunt mollit anim id est laborum.';

// Tokenized once: a `lorem` answer is a slice of this cycle, no per-request text processing.
const FIRST_ROUND = splitSimulatorText(LOREM);
const NEXT_ROUNDS = splitSimulatorText(` ${LOREM}`);

/** `count` tokens of lorem-ipsum filler, repeating the paragraph as often as needed. */
export function simulatorLoremTokens(count: number): string[] {
  if (count <= FIRST_ROUND.length) return FIRST_ROUND.slice(0, count);
  const tokens = FIRST_ROUND.slice();
  while (tokens.length < count) {
    const missing = count - tokens.length;
    for (let index = 0; index < NEXT_ROUNDS.length && index < missing; index++) {
      tokens.push(NEXT_ROUNDS[index]!);
    }
  }
  return tokens;
}
