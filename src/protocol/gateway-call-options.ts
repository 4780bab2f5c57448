import type { CallRecord } from '../core/call-record.ts';
import type { CanonicalCallOptions, CanonicalMessage, CanonicalPrompt } from '../core/canonical.ts';
import { GatewayError } from '../core/gateway-error.ts';
import type { ByokProviders } from '../providers/provider-byok.ts';
import { withByokTargets } from '../routing/byok-plan.ts';
import type { PlannedAttempt } from '../routing/route-plan.ts';
import type { GatewayOptions } from './gateway-options-schema.ts';

/**
 * Attribution and retention options of a call (`providerOptions.gateway.user / tags /
 * zeroDataRetention`; a protocol's own `user` field counts when the gateway options have none).
 */
export function recordGatewayOptions(
  record: CallRecord,
  options: GatewayOptions | undefined,
  protocolUser?: string,
): void {
  record.user = options?.user ?? protocolUser;
  if (options?.tags !== undefined) record.tags = options.tags;
  if (options?.zeroDataRetention === true) record.zeroDataRetention = true;
}

/**
 * The plan with the request's own credentials first (`byok`). A credential must hold an `apiKey`
 * or AWS keys (a 400 otherwise); credentials for providers that do not serve the model are unused.
 */
export function planWithByok(
  plan: PlannedAttempt[],
  options: GatewayOptions | undefined,
  providers: ByokProviders,
): PlannedAttempt[] {
  const byok = options?.byok;
  if (byok === undefined) return plan;
  for (const [name, credentials] of Object.entries(byok)) {
    credentials.forEach((credential, index) => {
      const aws = credential.accessKeyId !== undefined && credential.secretAccessKey !== undefined;
      if (credential.apiKey === undefined && !aws) {
        throw new GatewayError(
          'invalid_request',
          `providerOptions.gateway.byok.${name}[${index}] needs an "apiKey" (or "accessKeyId" and "secretAccessKey" for Bedrock).`,
          { param: `providerOptions.gateway.byok.${name}[${index}]` },
        );
      }
    });
  }
  // Credentials for providers that do not serve this model are ignored, as Vercel's gateway does:
  // an app may send its keys for every provider on every call.
  return withByokTargets(
    plan,
    byok,
    (name, credential) => providers.provider(name, credential),
    options?.providerTimeouts?.byok,
  );
}

/**
 * A translated request with `caching: 'auto'` applied (see `withAutoCaching`); unchanged otherwise.
 */
export function autoCached<Translated extends { options: CanonicalCallOptions }>(
  translated: Translated,
  caching: 'auto' | undefined,
): Translated {
  if (caching !== 'auto') return translated;
  return {
    ...translated,
    options: { ...translated.options, prompt: withAutoCaching(translated.options.prompt) },
  };
}

const EPHEMERAL = { anthropic: { cacheControl: { type: 'ephemeral' } } };

function withCacheControl(message: CanonicalMessage): CanonicalMessage {
  const providerOptions = { ...message.providerOptions, ...EPHEMERAL };
  return { ...message, providerOptions } as CanonicalMessage;
}

/**
 * `caching: 'auto'`: prompt-cache breakpoints where a provider needs explicit ones (Anthropic,
 * direct or through Vertex/Bedrock) — after the system prompt and after the last message, so the
 * conversation so far is cached for the next turn. Other providers ignore the `anthropic` key
 * (OpenAI and Gemini cache implicitly).
 */
export function withAutoCaching(prompt: CanonicalPrompt): CanonicalPrompt {
  let lastSystem = -1;
  for (let index = 0; index < prompt.length; index++)
    if (prompt[index]?.role === 'system') lastSystem = index;
  const last = prompt.length - 1;
  return prompt.map((message, index) =>
    index === lastSystem || index === last ? withCacheControl(message) : message,
  );
}
