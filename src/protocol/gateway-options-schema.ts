import { z } from 'zod';

/** One request-scoped provider credential (`byok`): an API key, or AWS keys for Bedrock. */
const byokCredentialSchema = z.looseObject({
  apiKey: z.string().min(1).optional(),
  accessKeyId: z.string().min(1).optional(),
  secretAccessKey: z.string().min(1).optional(),
  sessionToken: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
});

/**
 * Per-request gateway options, in the shape the Vercel AI Gateway takes them
 * (`providerOptions.gateway`, and a top-level `models` fallback list on its OpenAI-compatible API),
 * so the same client code works against either gateway. Other `providerOptions` keys belong to the
 * upstream providers and are passed on. Unknown gateway keys are tolerated, as Vercel does.
 * @see https://vercel.com/docs/ai-gateway/provider-options
 */
export const gatewayOptionsSchema = z.looseObject({
  /** Providers (instance names or types) to try first, in this order. */
  order: z.array(z.string().min(1)).max(32).optional(),
  /** Only these providers (instance names or types) may serve the call. */
  only: z.array(z.string().min(1)).max(32).optional(),
  /** Fallback models, tried in order after every target of the requested one failed. */
  models: z.array(z.string().min(1)).max(16).optional(),
  /** Rank the targets cheapest first (`cost`), by time to first token (`ttft`) or throughput (`tps`). */
  sort: z.enum(['cost', 'ttft', 'tps']).optional(),
  /** End user the call is attributed to. */
  user: z.string().min(1).max(256).optional(),
  /** Cost-attribution tags. */
  tags: z.array(z.string().min(1).max(128)).max(32).optional(),
  /** Request-scoped credentials per provider, tried in order before the gateway's own. */
  byok: z.record(z.string(), z.array(byokCredentialSchema).min(1).max(8)).optional(),
  /** `auto`: add prompt-cache breakpoints for providers that need explicit ones (Anthropic). */
  caching: z.enum(['auto']).optional(),
  /** First-byte timeouts (ms) for request-scoped credentials, per provider. */
  providerTimeouts: z
    .looseObject({ byok: z.record(z.string(), z.number().int().min(1000).max(600_000)).optional() })
    .optional(),
  /** Never keep this call's content (prompt or completion). */
  zeroDataRetention: z.boolean().optional(),
});

export const providerOptionsSchema = z.looseObject({ gateway: gatewayOptionsSchema.optional() });

export const fallbackModelsSchema = z.array(z.string().min(1)).max(16);

export type GatewayOptions = z.infer<typeof gatewayOptionsSchema>;
export type ByokCredential = z.infer<typeof byokCredentialSchema>;
