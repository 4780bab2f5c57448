import { z } from 'zod';

/**
 * The built-in model catalog's data contract (`model-catalog-data.json`): which models exist, who
 * serves them under which upstream id, and at what price. Prices stay in US dollars per million
 * tokens here, as vendors publish them; the gateway converts them to integer micro-dollars with
 * `dollarsPerMTokToMicro` when it builds its routes.
 *
 * Honesty rule: a price that could not be verified is omitted, never guessed, so the gateway reports
 * the call's cost as `unknown` instead of a wrong number. Every price carries a `source`.
 */

/** Provider types a catalog entry can name; a configured provider instance has exactly one. */
export const CATALOG_PROVIDER_TYPES = [
  'openai',
  'anthropic',
  /** Gemini Developer API (AI Studio keys). */
  'google',
  /** Google Cloud Vertex AI, serving Gemini and partner models such as Claude. */
  'vertex',
  'bedrock',
  /** Azure OpenAI: the upstream id is a deployment name. */
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
] as const;

/** One of {@link CATALOG_PROVIDER_TYPES}. */
export type CatalogProviderType = (typeof CATALOG_PROVIDER_TYPES)[number];

/**
 * Rates that replace the base rates for a whole request once its prompt is long. Vendors such as
 * OpenAI (above 272K input tokens), Gemini 2.5 Pro (above 200K) and Claude Haiku 5.5 (above 100K)
 * reprice every token of such a request, not only the tokens past the threshold.
 */
export interface CatalogLongContextPrice {
  /** The rates apply when the prompt (input, cache-read and cache-write tokens) exceeds this many tokens. */
  readonly aboveInputTokens: number;
  /** Dollars per million uncached input tokens. */
  readonly input: number;
  /** Dollars per million output tokens, reasoning tokens included. */
  readonly output: number;
  /** Dollars per million cache-read tokens; absent = not published, cost them at `input`. */
  readonly cacheRead?: number;
  /** Dollars per million cache-write tokens; absent = not published, cost them at `input`. */
  readonly cacheWrite?: number;
}

/** What one provider charges for one model, in US dollars per million tokens. */
export interface CatalogPrice {
  /** Dollars per million uncached input tokens. */
  readonly input: number;
  /** Dollars per million output tokens; reasoning ("thinking") tokens bill as output everywhere listed. */
  readonly output: number;
  /**
   * Dollars per million input tokens served from the provider's prompt cache. Absent where the
   * provider bills no separate rate or none could be verified: such tokens are costed at `input`.
   */
  readonly cacheRead?: number;
  /**
   * Dollars per million input tokens written to the prompt cache (Anthropic's 5-minute write,
   * OpenAI's 30-minute write). Absent where not billed separately or not verified: costed at `input`.
   */
  readonly cacheWrite?: number;
  /** Rates for the whole request once its prompt passes a size threshold; absent = flat pricing. */
  readonly longContext?: CatalogLongContextPrice;
}

/** A price change announced in advance, such as the end of an introductory price. */
export interface CatalogScheduledPrice {
  /** First day (`YYYY-MM-DD`, UTC) on which `price` replaces the earlier price. */
  readonly effectiveFrom: string;
  /** The full price from that day on; fields it omits are not inherited. */
  readonly price: CatalogPrice;
}

/** One way to reach a model: a provider type and the id that provider knows the model by. */
export interface CatalogServedBy {
  /** The provider type, matched against the `type` of each configured provider instance. */
  readonly provider: CatalogProviderType;
  /**
   * The id sent upstream: `claude-sonnet-4-6`, `us.anthropic.claude-sonnet-4-6`,
   * `accounts/fireworks/models/llama-v3p3-70b-instruct`. For Azure it is the default deployment name.
   */
  readonly upstreamId: string;
  /** Absent = no verified price: calls through this entry report their cost as `unknown`. */
  readonly price?: CatalogPrice;
  /** Announced future prices in ascending `effectiveFrom` order; each needs `price` as the current one. */
  readonly priceSchedule?: readonly CatalogScheduledPrice[];
  /** This host's own context limit when it serves less than the model's `contextWindow`. */
  readonly contextWindow?: number;
  /** Date (`YYYY-MM-DD`) the price was read, when it differs from the model's or the file's. */
  readonly pricesAsOf?: string;
  /** Where the id and price come from: a URL, or `search: <title>`. Required whenever `price` is set. */
  readonly source?: string;
  /** Anything an operator should know: regional rates, deployment names, peak-hour pricing. */
  readonly note?: string;
}

/** What a model can do, regardless of who serves it; `false` means unsupported or not verified. */
export interface CatalogCapabilities {
  /** Function / tool calling. */
  readonly tools: boolean;
  /** Image input. */
  readonly vision: boolean;
  /** Produces reasoning tokens (thinking), billed as output. */
  readonly reasoning: boolean;
  /** Native structured output constrained by a JSON schema (not just "JSON mode"). */
  readonly jsonSchema: boolean;
  /** Streaming responses. */
  readonly streaming: boolean;
}

/** One public model of the catalog. */
export interface CatalogModel {
  /** `creator/model` with dots for versions: `anthropic/claude-sonnet-4.6`, `openai/gpt-6.2-sol`. */
  readonly slug: string;
  /** Display name, as the creator writes it. */
  readonly name: string;
  /** What the model does: `language` (absent), `embedding` or `image` generation. */
  readonly type?: 'language' | 'embedding' | 'image';
  /** Who made the model; always the slug's first segment. */
  readonly creator: string;
  /** Total tokens (input + output) the model accepts, as its creator publishes it. */
  readonly contextWindow: number;
  /** Most output tokens one response may have; absent where the creator publishes no separate limit. */
  readonly maxOutputTokens?: number;
  readonly capabilities: CatalogCapabilities;
  /** Serving providers in preference order: the creator's own API first, then clouds, then hosts. */
  readonly servedBy: readonly CatalogServedBy[];
  /** Date (`YYYY-MM-DD`) the prices were read, when it differs from the file's `pricesAsOf`. */
  readonly pricesAsOf?: string;
  /** Context for operators, such as what a model replaces. */
  readonly note?: string;
}

/** The whole data file. */
export interface ModelCatalogFile {
  /** Release date (`YYYY-MM-DD`) of this catalog version. */
  readonly version: string;
  /** Default date (`YYYY-MM-DD`) on which prices were read; entries may state their own. */
  readonly pricesAsOf: string;
  /** Models in display order. */
  readonly models: readonly CatalogModel[];
}

/** The validated, frozen catalog with a slug index; built once by `loadBuiltInCatalog`. */
export interface BuiltInCatalog extends ModelCatalogFile {
  /** Every model by slug, for one-`Map.get` lookups. */
  readonly bySlug: ReadonlyMap<string, CatalogModel>;
}

const isoDateSchema = z.iso.date();
const dollarsSchema = z.number().nonnegative();
const tokenCountSchema = z.number().int().positive();

const longContextPriceSchema = z.strictObject({
  aboveInputTokens: tokenCountSchema,
  input: dollarsSchema,
  output: dollarsSchema,
  cacheRead: dollarsSchema.optional(),
  cacheWrite: dollarsSchema.optional(),
});

const priceSchema = z.strictObject({
  input: dollarsSchema,
  output: dollarsSchema,
  cacheRead: dollarsSchema.optional(),
  cacheWrite: dollarsSchema.optional(),
  longContext: longContextPriceSchema.optional(),
});

const servedBySchema = z
  .strictObject({
    provider: z.enum(CATALOG_PROVIDER_TYPES),
    upstreamId: z.string().min(1),
    price: priceSchema.optional(),
    priceSchedule: z
      .array(z.strictObject({ effectiveFrom: isoDateSchema, price: priceSchema }))
      .min(1)
      .optional(),
    contextWindow: tokenCountSchema.optional(),
    pricesAsOf: isoDateSchema.optional(),
    source: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((entry, context) => {
    // A price without a source cannot be re-checked, which is as bad as a guessed one.
    if (entry.price !== undefined && entry.source === undefined) {
      context.addIssue({ code: 'custom', path: ['source'], message: 'a price needs a source' });
    }
    if (entry.priceSchedule === undefined) return;
    if (entry.price === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'a price schedule needs a current price',
      });
    }
    for (let index = 1; index < entry.priceSchedule.length; index++) {
      const previous = entry.priceSchedule[index - 1];
      const current = entry.priceSchedule[index];
      if (
        previous !== undefined &&
        current !== undefined &&
        current.effectiveFrom <= previous.effectiveFrom
      ) {
        context.addIssue({
          code: 'custom',
          path: ['priceSchedule', index, 'effectiveFrom'],
          message: 'price schedule dates must ascend',
        });
      }
    }
  });

const modelSchema = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'expected creator/model in lower case'),
    name: z.string().min(1),
    type: z.enum(['language', 'embedding', 'image']).optional(),
    creator: z.string().regex(/^[a-z0-9-]+$/),
    contextWindow: tokenCountSchema,
    maxOutputTokens: tokenCountSchema.optional(),
    capabilities: z.strictObject({
      tools: z.boolean(),
      vision: z.boolean(),
      reasoning: z.boolean(),
      jsonSchema: z.boolean(),
      streaming: z.boolean(),
    }),
    servedBy: z.array(servedBySchema).min(1),
    pricesAsOf: isoDateSchema.optional(),
    note: z.string().min(1).optional(),
  })
  .superRefine((model, context) => {
    if (model.slug.split('/')[0] !== model.creator) {
      context.addIssue({ code: 'custom', path: ['creator'], message: 'creator must be the slug prefix' });
    }
    // Two entries of one provider type would make the choice between them arbitrary.
    const seen = new Set<string>();
    model.servedBy.forEach((entry, index) => {
      if (seen.has(entry.provider)) {
        context.addIssue({
          code: 'custom',
          path: ['servedBy', index, 'provider'],
          message: `provider ${entry.provider} listed twice`,
        });
      }
      seen.add(entry.provider);
    });
  });

/**
 * Strict schema of `model-catalog-data.json`: unknown keys, malformed slugs, unknown provider
 * types, negative prices, unsourced prices and duplicate slugs are all rejected.
 */
export const modelCatalogFileSchema: z.ZodType<ModelCatalogFile> = z
  .strictObject({
    version: isoDateSchema,
    pricesAsOf: isoDateSchema,
    models: z.array(modelSchema).min(1),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.models.forEach((model, index) => {
      if (seen.has(model.slug)) {
        context.addIssue({
          code: 'custom',
          path: ['models', index, 'slug'],
          message: `duplicate slug ${model.slug}`,
        });
      }
      seen.add(model.slug);
    });
  });
