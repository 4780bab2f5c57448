import type { CanonicalProviderOptions } from '../../core/canonical.ts';
import { formatFieldPath } from '../../core/field-path.ts';
import { GatewayError } from '../../core/gateway-error.ts';
import { type GatewayOptions, gatewayOptionsSchema } from '../gateway-options-schema.ts';

/** A gateway protocol request's `providerOptions`: the gateway's own, and the upstream providers'. */
export interface SplitProviderOptions {
  gateway: GatewayOptions | undefined;
  upstream: CanonicalProviderOptions | undefined;
}

/**
 * Splits `providerOptions` into the gateway's options (validated: a malformed one is a 400 naming
 * the field; unknown keys are tolerated, as Vercel's gateway does) and the rest, which goes to the
 * upstream provider unchanged (`anthropic.thinking`, `openai.reasoningEffort`, …).
 */
export function splitProviderOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
): SplitProviderOptions {
  if (providerOptions === undefined) return { gateway: undefined, upstream: undefined };
  const { gateway: raw, ...upstream } = providerOptions;
  const rest = Object.keys(upstream).length === 0 ? undefined : (upstream as CanonicalProviderOptions);
  if (raw === undefined) return { gateway: undefined, upstream: rest };
  const parsed = gatewayOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = formatFieldPath(['providerOptions', 'gateway', ...(issue?.path ?? [])]);
    throw new GatewayError('invalid_request', `Invalid request: ${param}: ${issue?.message ?? 'invalid'}`, {
      param,
      clientCode: 'invalid_request_body',
    });
  }
  return { gateway: parsed.data, upstream: rest };
}

/** The model id a gateway client names in a header (`ai-language-model-id` / `ai-model-id`). */
export function modelIdHeader(headers: Headers, name: string): string {
  const model = headers.get(name);
  if (model === null || model.trim() === '') {
    throw new GatewayError('invalid_request', `Missing the "${name}" header naming the model.`, {
      param: name,
    });
  }
  return model.trim();
}
