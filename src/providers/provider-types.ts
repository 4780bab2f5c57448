import type { EmbeddingModelV4, ImageModelV4 } from '@ai-sdk/provider';
import type { ProviderConfig, ProviderTimeouts, ProviderType } from '../config/config-types.ts';
import type { CanonicalModel } from '../core/canonical.ts';
import type { GatewayError } from '../core/gateway-error.ts';
import type { UpstreamExchange, UpstreamHeaders, UpstreamTransport } from '../upstream/upstream-transport.ts';
import type { DirectModel } from './direct-model.ts';

/**
 * The client wire protocols a provider can also speak natively. When a provider speaks the
 * client's protocol the gateway passes bytes through; otherwise it translates through the
 * canonical contract (`languageModel`).
 */
export type WireProtocol = 'openai-chat' | 'anthropic-messages';

/**
 * The other OpenAI APIs a provider may serve natively besides its chat protocol (OpenAI itself,
 * Azure, the simulator): calls to them pass through byte for byte like chat does.
 */
export type NativeEndpoint = 'openai-responses' | 'openai-embeddings' | 'openai-images';

/** One native (passthrough) call: the body already in the provider's protocol. */
export interface ProviderNativeCall {
  /** JSON text of the request body, model id already the upstream's. */
  body: string;
  /** The upstream model id (some providers put it in the URL, e.g. Azure deployments). */
  upstreamModel: string;
  /**
   * Which endpoint of the protocol: Anthropic's `messages` (default) or `count_tokens`; OpenAI's
   * `chat` (default), `responses`, `embeddings` or `images` (`/images/generations`).
   */
  endpoint?: 'messages' | 'count_tokens' | 'chat' | 'responses' | 'embeddings' | 'images';
  /** The client's request: its `forward_headers` (and protocol headers such as `anthropic-beta`) go upstream. */
  clientRequest: Request;
}

/** A configured provider instance (e.g. `openai`, `anthropic`, `bedrock-eu`). */
export interface Provider {
  /** Instance name from the config. */
  readonly name: string;
  readonly type: ProviderType;
  readonly timeouts: ProviderTimeouts;
  /** The client protocol this provider speaks natively, if any. */
  readonly nativeProtocol: WireProtocol | undefined;
  /** The other OpenAI APIs this provider serves natively (see `NativeEndpoint`). */
  readonly nativeEndpoints: ReadonlySet<NativeEndpoint>;
  /** Starts a native call (only when `nativeProtocol` is set). */
  startNative(call: ProviderNativeCall): UpstreamExchange;
  /** Classifies a non-2xx native answer (its body read as text) into the gateway taxonomy. */
  classifyError(status: number, headers: UpstreamHeaders, bodyText: string): GatewayError;
  /** The canonical model for an upstream model id, through the gateway's own HTTP transport. */
  languageModel(upstreamModel: string): CanonicalModel;
  /**
   * The gateway's own model for an upstream model id, when the provider's wire format is one the
   * gateway reads itself (translated calls then skip the AI SDK's response handling).
   */
  directModel?(upstreamModel: string): DirectModel | undefined;
  /**
   * The embedding model for an upstream model id (AI SDK `EmbeddingModelV4` over the gateway's
   * transport), or `undefined` when the provider serves no embeddings (absent: none at all).
   */
  embeddingModel?(upstreamModel: string): EmbeddingModelV4 | undefined;
  /** The image generation model for an upstream model id, like `embeddingModel`. */
  imageModel?(upstreamModel: string): ImageModelV4 | undefined;
  /** The client headers this provider's `forward_headers` copies upstream (translated calls too). */
  forwardedHeaders(clientRequest: Request): Record<string, string> | undefined;
  /** Removes this provider's secrets from a text before it reaches a log or a client. */
  scrub(text: string): string;
  close(): Promise<void>;
}

/**
 * Builds a provider from its config; one entry per provider type in `provider-registry.ts`. The
 * transport defaults to pooled network HTTP (tests pass a scripted one).
 */
export type ProviderFactory = (config: ProviderConfig, transport?: UpstreamTransport) => Provider;
