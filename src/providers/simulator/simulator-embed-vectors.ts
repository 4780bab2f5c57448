import { estimateSimulatorTokens } from './simulator-tokenizer.ts';

/**
 * Deterministic text embeddings, so tests of retrieval code get stable, meaningful vectors with no
 * model: the same text always gives the same vector, and texts that share words and spellings
 * point the same way. Each word and each character trigram of the lower-cased text is hashed to
 * one dimension and a sign ("feature hashing"); the sums are L2-normalised, as OpenAI's and most
 * providers' embeddings are, so a dot product is the cosine similarity.
 */

const WORD = /[\p{L}\p{N}]+/gu;
// Words carry the meaning; trigrams make near-spellings ("embedding" / "embeddings") close too.
const WORD_WEIGHT = 1;
const TRIGRAM_WEIGHT = 0.5;

/** FNV-1a, 32 bits: cheap, stable across runs and platforms, and well spread for short keys. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function addFeature(vector: Float64Array, feature: string, weight: number): void {
  const hash = fnv1a(feature);
  // The top bit picks the sign, so unrelated features cancel out on average instead of piling up.
  vector[hash % vector.length] = (vector[hash % vector.length] ?? 0) + (hash & 0x80000000 ? -weight : weight);
}

/**
 * The embedding of `text` in `dimensions` dimensions: unit length, values rounded to 8 significant
 * digits (a float32's precision, what real APIs send). An empty text gets the first basis vector.
 */
export function simulatorEmbedding(text: string, dimensions: number): number[] {
  const vector = new Float64Array(dimensions);
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    addFeature(vector, word, WORD_WEIGHT);
    const padded = ` ${word} `;
    for (let start = 0; start + 3 <= padded.length; start++) {
      addFeature(vector, `#${padded.slice(start, start + 3)}`, TRIGRAM_WEIGHT);
    }
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    vector[0] = 1;
    norm = 1;
  }
  const scale = 1 / Math.sqrt(norm);
  const embedding = new Array<number>(dimensions);
  for (let index = 0; index < dimensions; index++) {
    embedding[index] = Number(((vector[index] ?? 0) * scale).toPrecision(8));
  }
  return embedding;
}

/** The simulator's token count of embedding inputs (about 4 characters a token, at least 1 each). */
export function simulatorEmbedTokens(texts: readonly string[]): number {
  let tokens = 0;
  for (const text of texts) tokens += estimateSimulatorTokens(text.length);
  return tokens;
}

/**
 * An embedding as OpenAI's `encoding_format: "base64"` sends it: the float32 values,
 * little-endian, base64-encoded (4 bytes a dimension instead of ~11 JSON characters).
 */
export function embeddingToBase64(embedding: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(embedding.length * 4);
  for (let index = 0; index < embedding.length; index++) {
    bytes.writeFloatLE(embedding[index] ?? 0, index * 4);
  }
  return bytes.toString('base64');
}

/** A 32-bit hash of a text, for choosing things (an image's colour) deterministically. */
export function simulatorTextHash(text: string): number {
  return fnv1a(text);
}
