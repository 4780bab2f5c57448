import { z } from 'zod';
import { fallbackModelsSchema, providerOptionsSchema } from '../gateway-options-schema.ts';

/** Token ids, as `tiktoken` encodes a text (OpenAI takes them instead of text). */
const tokenIds = z.array(z.number().int().nonnegative()).min(1);

/**
 * What the gateway checks of an OpenAI embeddings request before it spends an upstream call on
 * it. Unknown fields pass (a passthrough forwards the client's bytes, not this parse).
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
export const openAIEmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  /** A text, texts (up to 2048), token ids, or lists of token ids. */
  input: z.union([
    z.string(),
    z.array(z.string()).min(1).max(2048),
    tokenIds,
    z.array(tokenIds).min(1).max(2048),
  ]),
  /** Size of each vector, for models that can shorten theirs (`text-embedding-3-*`). */
  dimensions: z.number().int().positive().optional(),
  /** `base64`: each vector as little-endian float32 bytes, base64-encoded. */
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
  providerOptions: providerOptionsSchema.optional(),
  models: fallbackModelsSchema.optional(),
});

export type OpenAIEmbeddingsRequest = z.infer<typeof openAIEmbeddingsRequestSchema>;
