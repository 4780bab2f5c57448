import { z } from 'zod';
import { modelRoutingSchema, routingSchema } from './config-routing.ts';

/**
 * The config file's schema, as written by users (snake_case, dollars, human sizes). Every object is
 * strict: an unknown key is an error naming its path, because a misspelt `api_kye` silently
 * ignored is a production incident. `config-resolve.ts` turns the parsed file into `GatewayConfig`.
 */

const sizeSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(
      /^\s*\d+(\.\d+)?\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i,
      'expected a size such as 4194304, "512kb" or "4mb"',
    ),
]);

const durationMsSchema = z.number().int().nonnegative();

const priceSchema = z.strictObject({
  /** Dollars per million input tokens. */
  input: z.number().nonnegative(),
  /** Dollars per million output tokens. */
  output: z.number().nonnegative(),
  /** Dollars per million cache-read input tokens (defaults to `input`). */
  cached_input: z.number().nonnegative().optional(),
  /** Dollars per million cache-write input tokens (defaults to `input`). */
  cache_write: z.number().nonnegative().optional(),
  /** Prices for the whole call once the prompt has more than `above_input_tokens` tokens. */
  long_context: z
    .strictObject({
      above_input_tokens: z.number().int().positive(),
      input: z.number().nonnegative(),
      output: z.number().nonnegative(),
      cached_input: z.number().nonnegative().optional(),
      cache_write: z.number().nonnegative().optional(),
    })
    .optional(),
});

const timeoutsSchema = z.strictObject({
  connect_ms: durationMsSchema.optional(),
  first_byte_ms: durationMsSchema.optional(),
  idle_ms: durationMsSchema.optional(),
  total_ms: durationMsSchema.optional(),
});

/** What a model does: chat (`language`, the default), `embedding` or `image` generation. */
const modelTypeSchema = z.enum(['language', 'embedding', 'image']);

const providerModelSchema = z.union([
  z.string().min(1),
  z.strictObject({
    id: z.string().min(1),
    type: modelTypeSchema.optional(),
    pricing: priceSchema.optional(),
    context_window: z.number().int().positive().optional(),
  }),
]);

const simulatorBehaviourSchema = z.strictObject({
  ttft_ms: durationMsSchema.optional(),
  tokens_per_second: z.number().nonnegative().optional(),
  output_tokens: z.number().int().positive().optional(),
  fail: z
    .union([
      z.number().int().min(400).max(599),
      z.enum(['hang', 'reset', 'cut', 'malformed', 'content-policy']),
    ])
    .optional(),
  fail_after: z.number().int().nonnegative().optional(),
  retry_after: z.number().int().nonnegative().optional(),
  /** Prompts counted longer than this get the API's context-length 400. */
  context_window: z.number().int().positive().optional(),
});

const providerSchema = z.strictObject({
  type: z.enum([
    'openai',
    'openai-compatible',
    'simulator',
    'anthropic',
    'google',
    'vertex',
    'bedrock',
    'azure',
    'mistral',
    'cohere',
    'deepseek',
    'xai',
    'groq',
    'perplexity',
    'togetherai',
    'fireworks',
    'openrouter',
  ]),
  /** Fills `base_url` and the API key variable for a known OpenAI-compatible service. */
  preset: z.string().optional(),
  base_url: z.url({ protocol: /^https?$/ }).optional(),
  api_key: z.string().optional(),
  /** Several keys (one account's or several accounts'): each is a credential routing balances over and takes out of rotation when the upstream refuses it. */
  api_keys: z.array(z.string().min(1)).min(1).max(64).optional(),
  /** Bedrock: AWS region and credentials (default: the AWS_* environment variables). */
  region: z.string().optional(),
  access_key_id: z.string().optional(),
  secret_access_key: z.string().optional(),
  session_token: z.string().optional(),
  /** Vertex AI: project, location and service-account key file (default: GOOGLE_APPLICATION_CREDENTIALS). */
  project: z.string().optional(),
  location: z.string().optional(),
  credentials_file: z.string().optional(),
  /** Azure OpenAI: resource name (instead of base_url) and API version. */
  resource_name: z.string().optional(),
  api_version: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Client request headers copied to this upstream (exact names or `prefix-*`). */
  forward_headers: z.array(z.string().min(1)).optional(),
  timeouts: timeoutsSchema.optional(),
  /** Maximum pooled connections to this upstream. */
  max_connections: z.number().int().positive().optional(),
  /** Upstream model ids served as `<provider>/<id>`. */
  models: z.array(providerModelSchema).optional(),
  /** Route the built-in catalog's models of this provider type through this instance (default true). */
  catalog: z.boolean().optional(),
  /** Simulator timing and faults: the defaults, then per model. */
  simulator: z
    .strictObject({
      ...simulatorBehaviourSchema.shape,
      models: z.record(z.string(), simulatorBehaviourSchema).optional(),
    })
    .optional(),
});

const modelTargetSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  pricing: priceSchema.optional(),
  /** Share of traffic under `routing.balance: weighted` (default 1). */
  weight: z.number().nonnegative().optional(),
});

const modelSchema = z.strictObject({
  targets: z.array(modelTargetSchema).min(1),
  type: modelTypeSchema.optional(),
  context_window: z.number().int().positive().optional(),
  owned_by: z.string().optional(),
  routing: modelRoutingSchema.optional(),
});

const apiKeySchema = z
  .strictObject({
    name: z.string().min(1),
    key: z.string().min(8, 'an API key needs at least 8 characters').optional(),
    key_sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, 'expected 64 hex characters')
      .optional(),
  })
  .refine((value) => (value.key === undefined) !== (value.key_sha256 === undefined), {
    message: 'give exactly one of "key" or "key_sha256"',
  });

export const configFileSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1).optional(),
      port: z.number().int().min(0).max(65535).optional(),
      body_limit: sizeSchema.optional(),
      shutdown_grace_ms: durationMsSchema.optional(),
      keep_alive_timeout_ms: durationMsSchema.optional(),
      request_timeout_ms: durationMsSchema.optional(),
    })
    .optional(),
  auth: z
    .strictObject({
      api_keys: z.array(apiKeySchema).optional(),
      /** Keys of the admin routes (`/admin/*`, `/v1/health/providers`); `TOLLGATE_ADMIN_KEY` adds one. */
      admin_keys: z.array(apiKeySchema).optional(),
    })
    .optional(),
  logging: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    })
    .optional(),
  providers: z
    .record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case name'), providerSchema)
    .optional(),
  models: z.record(z.string().min(1), modelSchema).optional(),
  /** Routing defaults of every model (each model's `routing:` overrides them field by field). */
  routing: routingSchema.optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigFileProvider = z.infer<typeof providerSchema>;
export type ConfigFilePrice = z.infer<typeof priceSchema>;
export type ConfigFileSimulatorBehaviour = z.infer<typeof simulatorBehaviourSchema>;
