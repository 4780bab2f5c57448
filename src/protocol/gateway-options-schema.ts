import { z } from 'zod';

/**
 * Per-request routing options, in the shape the Vercel AI Gateway takes them
 * (`providerOptions.gateway`, and a top-level `models` fallback list on its OpenAI-compatible API),
 * so the same client code works against either gateway. Other `providerOptions` keys belong to the
 * upstream providers and are kept as they are.
 */
export const gatewayOptionsSchema = z.looseObject({
  /** Provider instances to try first, in this order. */
  order: z.array(z.string().min(1)).max(32).optional(),
  /** Only these provider instances may serve the call. */
  only: z.array(z.string().min(1)).max(32).optional(),
  /** Fallback models, tried in order after every target of the requested one failed. */
  models: z.array(z.string().min(1)).max(16).optional(),
});

export const providerOptionsSchema = z.looseObject({ gateway: gatewayOptionsSchema.optional() });

export const fallbackModelsSchema = z.array(z.string().min(1)).max(16);

export type GatewayOptions = z.infer<typeof gatewayOptionsSchema>;
