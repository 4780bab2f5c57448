import { z } from 'zod';
import { fallbackModelsSchema, providerOptionsSchema } from '../gateway-options-schema.ts';

/**
 * What the gateway checks of an OpenAI image generation request. Unknown fields pass (a
 * passthrough forwards the client's bytes, not this parse).
 * @see https://platform.openai.com/docs/api-reference/images/create
 */
export const openAIImagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  prompt: z.string().min(1),
  n: z.number().int().min(1).max(10).optional(),
  /** `1024x1024`, …, or `auto`. */
  size: z.string().optional(),
  /** `b64_json`, or `url` (translated calls answer a `data:` URL: the gateway hosts no files). */
  response_format: z.enum(['b64_json', 'url']).optional(),
  quality: z.string().optional(),
  style: z.string().optional(),
  background: z.string().optional(),
  output_format: z.string().optional(),
  output_compression: z.number().int().min(0).max(100).optional(),
  moderation: z.string().optional(),
  user: z.string().optional(),
  /** Partial-image streams (gpt-image) are not relayed yet: `true` is refused with a 400. */
  stream: z.boolean().optional(),
  providerOptions: providerOptionsSchema.optional(),
  models: fallbackModelsSchema.optional(),
});

export type OpenAIImagesRequest = z.infer<typeof openAIImagesRequestSchema>;
