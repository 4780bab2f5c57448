import type { EmbeddingCallResult } from '../canonical/canonical-embedding-call.ts';

/**
 * A vector as OpenAI's `encoding_format: "base64"` carries it: float32 values, little-endian,
 * base64-encoded (what the `openai` SDKs request by default and decode themselves).
 */
export function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index] ?? 0, index * 4);
  return bytes.toString('base64');
}

/**
 * A canonical embeddings result in OpenAI's response shape: `{object: "list", data: [{object:
 * "embedding", index, embedding}], model, usage: {prompt_tokens, total_tokens}}`, the model being
 * the public slug. `usage` is left out when the provider reported none (the Gemini API): an
 * unknown count is not 0.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
export function encodeOpenAIEmbeddingsResponse(
  result: EmbeddingCallResult,
  publicModel: string,
  base64: boolean,
): string {
  const data = result.embeddings.map((vector, index) => ({
    object: 'embedding',
    index,
    embedding: base64 ? float32Base64(vector) : vector,
  }));
  const tokens = result.usage?.tokens;
  const usage = tokens === undefined ? undefined : { prompt_tokens: tokens, total_tokens: tokens };
  return JSON.stringify({ object: 'list', data, model: publicModel, usage });
}
