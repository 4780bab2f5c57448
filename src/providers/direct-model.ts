import type { ProviderTimeouts } from '../config/config-types.ts';
import type {
  CanonicalCallOptions,
  CanonicalGenerateResult,
  CanonicalStreamPart,
  CanonicalWarning,
} from '../core/canonical.ts';
import type { UpstreamDeadline } from '../upstream/upstream-deadline.ts';

/** Receives a stream's canonical parts as they are decoded. */
export interface CanonicalPartSink {
  onPart(part: CanonicalStreamPart): void;
  /** The upstream stream ended (a `finish` part came before, unless the stream was cut). */
  onEnd(): void;
  onError(error: unknown): void;
}

/** A running stream of canonical parts pushed into a sink; the consumer can slow or stop it. */
export interface CanonicalPartSource {
  /** Starts delivery (parts decoded before the call come first). Call once. */
  consume(sink: CanonicalPartSink): void;
  pause(): void;
  resume(): void;
  abort(reason: Error): void;
}

/** What one direct call needs besides the canonical options. */
export interface DirectCallContext {
  clientSignal: AbortSignal;
  /** This attempt's deadlines, when the route overrides the provider's. */
  timeouts?: ProviderTimeouts;
  /** Set by the model once its exchange is open: the caller reads `clientGone` from it. */
  deadline?: UpstreamDeadline;
}

/** A direct stream that answered: its parts, and the parameters the request could not honour. */
export interface DirectStream {
  source: CanonicalPartSource;
  warnings: CanonicalWarning[];
}

/**
 * A canonical model on the gateway's own transport, for the wire formats the gateway already
 * reads and writes as a client protocol (Anthropic Messages, OpenAI Chat Completions). The request
 * is still built by the AI SDK adapter's own request builder — so parameters, model capabilities
 * and warnings are exactly the adapter's — but the answer is read here: no WHATWG `Response`, no
 * stream pipeline, no schema validation per chunk. Measured on these machines, those cost the
 * AI SDK's Anthropic adapter ~270 µs CPU per call and ~1.4 ms per 20-event stream, more than the
 * whole passthrough path; the translation target (≤ 2.5× the floor proxy's CPU) leaves no room.
 *
 * A model returns `undefined` for a call it does not handle itself (e.g. a JSON response format
 * emulated with a tool, provider-executed tools); the gateway then uses the AI SDK adapter.
 */
export interface DirectModel {
  generate(
    options: CanonicalCallOptions,
    context: DirectCallContext,
  ): Promise<CanonicalGenerateResult> | undefined;
  /** Resolves once the upstream produced its first part; an error before any output rejects. */
  stream(options: CanonicalCallOptions, context: DirectCallContext): Promise<DirectStream> | undefined;
}
