import type { ProviderTimeouts } from '../../config/config-types.ts';
import type {
  CanonicalCallOptions,
  CanonicalGenerateResult,
  CanonicalStreamPart,
} from '../../core/canonical.ts';
import type { Provider } from '../../providers/provider-types.ts';
import { UpstreamDeadline } from '../../upstream/upstream-deadline.ts';
import { type UpstreamCallScope, upstreamCallScope } from '../../upstream/upstream-fetch.ts';
import type { UpstreamExchange } from '../../upstream/upstream-transport.ts';
import { classifyCanonicalError } from './canonical-error.ts';

/** One call of a canonical model on one provider, with the client's disconnect signal. */
export interface CanonicalTarget {
  provider: Provider;
  upstreamModel: string;
  clientSignal: AbortSignal;
  /** This attempt's deadlines (the provider's, with the route's overrides). */
  timeouts: ProviderTimeouts;
}

/**
 * Deadlines and client-abort for every exchange the adapter opens during this call (embeddings
 * and image calls use it too: `canonical-embedding-call.ts`, `canonical-image-call.ts`).
 */
export class AttemptScope implements UpstreamCallScope {
  readonly provider: string;
  readonly #target: CanonicalTarget;
  #deadline: UpstreamDeadline | undefined;

  constructor(target: CanonicalTarget) {
    this.provider = target.provider.name;
    this.#target = target;
  }

  get clientGone(): boolean {
    return this.#deadline?.clientGone === true || this.#target.clientSignal.aborted;
  }

  onExchange(exchange: UpstreamExchange): UpstreamDeadline {
    this.#deadline = new UpstreamDeadline(
      exchange,
      this.#target.timeouts,
      this.provider,
      this.#target.clientSignal,
    );
    return this.#deadline;
  }
}

/** A non-streamed canonical call; failures come back classified. */
export async function generateCanonical(
  target: CanonicalTarget,
  options: CanonicalCallOptions,
): Promise<CanonicalGenerateResult> {
  const scope = new AttemptScope(target);
  const model = target.provider.languageModel(target.upstreamModel);
  try {
    return await upstreamCallScope.run(scope, () =>
      model.doGenerate({ ...options, abortSignal: target.clientSignal }),
    );
  } catch (error) {
    throw classifyCanonicalError(error, target.provider, scope.clientGone);
  }
}

/** A streamed canonical call: resolves with the part stream once the upstream answered. */
export async function streamCanonical(
  target: CanonicalTarget,
  options: CanonicalCallOptions,
): Promise<{ stream: ReadableStream<CanonicalStreamPart>; clientGone: () => boolean }> {
  const scope = new AttemptScope(target);
  const model = target.provider.languageModel(target.upstreamModel);
  try {
    const result = await upstreamCallScope.run(scope, () =>
      model.doStream({ ...options, abortSignal: target.clientSignal }),
    );
    return { stream: result.stream, clientGone: () => scope.clientGone };
  } catch (error) {
    throw classifyCanonicalError(error, target.provider, scope.clientGone);
  }
}
