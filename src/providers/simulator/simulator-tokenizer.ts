// A word with its leading whitespace and punctuation, contractions kept whole ("I'm", " unable",
// "-time"); then punctuation runs; then leftover whitespace. Every character matches one of the
// three alternatives, so the pieces always join back into the input.
const TEXT_PIECE = /\s*[^\s\p{L}\p{N}]*[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*|\s*[^\s\p{L}\p{N}]+|\s+/gu;

// Word runs (with one leading space) apart from punctuation runs, as OpenAI streams tool arguments:
// `{"`, `city`, `":"`, `Ed`, `inburgh`, `"}`.
const JSON_PIECE = /\s?[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]+|\s+/gu;

// Long words are split so that a schema-sampled document still streams as several fragments.
const MAX_JSON_WORD = 8;

/**
 * Splits text into word pieces that look like a real tokenizer's output. The simulator streams one
 * piece per chunk and counts pieces as completion tokens, so joins and counts stay consistent.
 */
export function splitSimulatorText(text: string): string[] {
  return text.match(TEXT_PIECE) ?? [];
}

/** Splits a JSON document (tool arguments, structured output) into streamable fragments. */
export function splitSimulatorJson(json: string): string[] {
  const fragments: string[] = [];
  for (const piece of json.match(JSON_PIECE) ?? []) {
    for (let start = 0; start < piece.length; start += MAX_JSON_WORD) {
      fragments.push(piece.slice(start, start + MAX_JSON_WORD));
    }
  }
  return fragments;
}

/** A deterministic estimate of the tokens in some text, at least 1 (about 4 characters a token). */
export function estimateSimulatorTokens(characters: number): number {
  return Math.max(1, Math.ceil(characters / 4));
}
