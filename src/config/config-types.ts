import type { ModelPrice } from '../core/pricing.ts';
import type { RoutingPolicy } from './config-routing.ts';

/**
 * The gateway's configuration after parsing, validation and defaults: typed, camelCase, money in
 * integer micro-units. Built once at start (`config-load.ts`); nothing reads the file afterwards.
 */
export interface GatewayConfig {
  /** Path of the file it came from, or `null` for the built-in default. */
  sourcePath: string | null;
  server: ServerConfig;
  auth: AuthConfig;
  logging: LoggingConfig;
  providers: ProviderConfig[];
  models: ModelConfig[];
  /** Routing of models without their own `routing:` (and the base of those with one). */
  routing: RoutingPolicy;
}

export interface ServerConfig {
  host: string;
  port: number;
  /** Largest accepted request body; larger ones get 413. */
  bodyLimitBytes: number;
  /** How long in-flight requests may run after SIGTERM before connections are closed. */
  shutdownGraceMs: number;
  keepAliveTimeoutMs: number;
  /** How long a client may take to send its whole request (408 after). */
  requestTimeoutMs: number;
}

export interface ApiKeyConfig {
  name: string;
  /** Hex SHA-256 of the key: keys are never kept in clear after loading. */
  sha256: string;
}

export interface AuthConfig {
  /** Empty = the gateway accepts any caller (only allowed on a loopback address). */
  apiKeys: ApiKeyConfig[];
  /** Keys of the admin routes; none = they follow `apiKeys` while the gateway is open, else refuse. */
  adminKeys: ApiKeyConfig[];
}

export interface LoggingConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export type ProviderType =
  | 'openai'
  | 'openai-compatible'
  | 'simulator'
  | 'anthropic'
  | 'google'
  | 'vertex'
  | 'bedrock'
  | 'azure'
  | 'mistral'
  | 'cohere'
  | 'deepseek'
  | 'xai'
  | 'groq'
  | 'perplexity'
  | 'togetherai'
  | 'fireworks'
  | 'openrouter';

/** Settings of the clouds that do not authenticate with a plain API key. */
export interface CloudSettings {
  /** AWS region (Bedrock). */
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Google Cloud project and location (Vertex AI). */
  project?: string;
  location?: string;
  /** Service-account JSON key file (Vertex AI); without it, Application Default Credentials. */
  credentialsFile?: string;
  /** API version (Azure OpenAI). */
  apiVersion?: string;
}

/** Per-attempt upstream deadlines in milliseconds; 0 disables one. */
export interface ProviderTimeouts {
  connectMs: number;
  /** Until the response status and headers arrive. */
  firstByteMs: number;
  /** Longest silence between two body chunks. */
  idleMs: number;
  /** The whole exchange, body included. */
  totalMs: number;
}

/** Simulator timing and faults as written in the config (see `providers/simulator`). */
export interface SimulatorSettings {
  ttftMs?: number;
  tokensPerSecond?: number;
  outputTokens?: number;
  fail?: number | 'hang' | 'reset' | 'cut' | 'malformed' | 'content-policy';
  failAfter?: number;
  retryAfter?: number;
  /** Prompt tokens over this get the API's context-length error instead of an answer. */
  contextWindow?: number;
}

/**
 * What a model does, so each API routes only its own kind: chat and messages calls go to
 * `language` models, `/v1/embeddings` to `embedding` models, `/v1/images/generations` to `image`.
 */
export type ModelType = 'language' | 'embedding' | 'image';

export interface ProviderModelConfig {
  /** Upstream model id. */
  id: string;
  /** Default `language` (simulator models: by their name, `embed…` and `image…`). */
  type?: ModelType;
  price?: ModelPrice;
  contextWindow?: number;
}

export interface ProviderConfig {
  /** Instance name, the first part of the slugs it serves (`groq/llama-3.3-70b`). */
  name: string;
  type: ProviderType;
  /** The known service an OpenAI-compatible instance was configured from (`groq`, `together`, …). */
  preset: string | undefined;
  /** Whether the built-in catalog's models for this provider type are routable through it. */
  catalog: boolean;
  /** Base URL including the API version path, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  /** `api_keys` after the first (which is `apiKey`): more credentials, each a target of its own. */
  extraApiKeys: string[];
  cloud: CloudSettings;
  headers: Record<string, string>;
  /** Client header names (lower-case, `prefix-*` allowed) copied to the upstream. */
  forwardHeaders: string[];
  timeouts: ProviderTimeouts;
  maxConnections: number;
  models: ProviderModelConfig[];
  simulator: { defaults: SimulatorSettings; models: Record<string, SimulatorSettings> } | undefined;
}

export interface ModelTargetConfig {
  provider: string;
  /** Upstream model id sent to that provider. */
  model: string;
  price?: ModelPrice;
  /** Share of traffic under weighted balancing (default 1). */
  weight?: number;
}

export interface ModelConfig {
  /** Public slug clients ask for, e.g. `openai/gpt-4o`. */
  slug: string;
  /** What the model does; `undefined` = `language`. */
  type?: ModelType;
  /** Providers that serve it, in preference order. */
  targets: ModelTargetConfig[];
  contextWindow?: number;
  maxOutputTokens?: number;
  ownedBy?: string;
  /** Set for models with their own `routing:`; the others use `GatewayConfig.routing`. */
  routing?: RoutingPolicy;
  /** From the built-in catalog; unknown for models only the config names. */
  capabilities?: {
    tools: boolean;
    vision: boolean;
    reasoning: boolean;
    jsonSchema: boolean;
    streaming: boolean;
  };
}
