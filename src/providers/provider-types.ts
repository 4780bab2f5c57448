import type { ProviderConfig, ProviderTimeouts, ProviderType } from '../config/config-types.ts';
import type { GatewayError } from '../core/gateway-error.ts';
import type { UpstreamExchange, UpstreamHeaders } from '../upstream/upstream-transport.ts';

/**
 * The wire protocols a provider's chat endpoint can speak. When it equals the client's protocol the
 * gateway passes bytes through; otherwise it translates through the core contract.
 */
export type WireProtocol = 'openai-chat';

/** One chat call handed to a provider: the body already in the provider's protocol. */
export interface ProviderChatCall {
  /** JSON text of the request body, model id already the upstream's. */
  body: string;
  /** The client's request (only the provider's `forward_headers` are copied upstream). */
  clientRequest: Request;
}

/** A configured provider instance (e.g. `openai`, `groq`, `simulator`). */
export interface Provider {
  /** Instance name from the config. */
  readonly name: string;
  readonly type: ProviderType;
  readonly protocol: WireProtocol;
  readonly timeouts: ProviderTimeouts;
  /** Starts a chat call upstream. */
  startChat(call: ProviderChatCall): UpstreamExchange;
  /** Classifies a non-2xx answer (its body read as text) into the gateway taxonomy. */
  classifyError(status: number, headers: UpstreamHeaders, bodyText: string): GatewayError;
  /** Removes this provider's secrets from a text before it reaches a log or a client. */
  scrub(text: string): string;
  close(): Promise<void>;
}

/** Builds a provider from its config; one entry per provider type in `provider-registry.ts`. */
export type ProviderFactory = (config: ProviderConfig) => Provider;
