import type { CallContext } from '../../core/call-context.ts';
import type { CanonicalCallOptions } from '../../core/canonical.ts';
import type { ByokProviders } from '../../providers/provider-byok.ts';
import { runWithFailover } from '../../routing/failover-executor.ts';
import type { ModelCatalog } from '../../routing/model-catalog.ts';
import { runCanonicalCall } from '../canonical/canonical-call.ts';
import { withAutoCaching } from '../gateway-call-options.ts';
import { parseJsonBody } from '../json-body/json-body-parse.ts';
import { planProtocolCall } from '../protocol-call-plan.ts';
import { readRequestText } from '../request-body.ts';
import { createGatewayCodec } from './vercel-gateway-codec.ts';
import { decodeGatewayPrompt } from './vercel-gateway-prompt-decode.ts';
import { modelIdHeader, splitProviderOptions } from './vercel-gateway-request-options.ts';
import {
  type GatewayLanguageRequest,
  gatewayLanguageRequestSchema,
} from './vercel-gateway-request-schema.ts';
import type { GatewaySpecVersion } from './vercel-gateway-spec-version.ts';

export interface GatewayHandlerDeps {
  catalog: ModelCatalog;
  byok: ByokProviders;
  bodyLimitBytes: number;
}

/** The request's call options in the canonical shape (the body's `headers` quirk dropped). */
function canonicalOptions(
  request: GatewayLanguageRequest,
  upstream: CanonicalCallOptions['providerOptions'],
) {
  const {
    prompt,
    providerOptions: _gateway,
    headers: _headers,
    ...rest
  } = request as GatewayLanguageRequest & {
    headers?: unknown;
  };
  const options = { ...rest, prompt: decodeGatewayPrompt(prompt) } as CanonicalCallOptions;
  if (upstream !== undefined) options.providerOptions = upstream;
  return options;
}

/**
 * `POST /v{1,3,4}/ai/language-model`: the Vercel AI SDK's gateway provider. The body already is
 * the canonical contract (AI SDK call options as JSON), so the call goes to the routed provider
 * with almost no translation; the answer goes back as the AI SDK result or stream parts, with
 * Vercel-style `providerMetadata.gateway` (routing, attempts, cost, generation id).
 * `providerOptions.gateway` routes the call (`order`, `only`, `models`, `byok`,
 * `providerTimeouts`), attributes it (`user`, `tags`), sets `caching: 'auto'` and
 * `zeroDataRetention`; other `providerOptions` go to the upstream.
 */
export function createGatewayLanguageHandler(
  deps: GatewayHandlerDeps,
  version: GatewaySpecVersion,
): (ctx: CallContext) => Promise<Response> {
  const { catalog, byok, bodyLimitBytes } = deps;

  return async function gatewayLanguageModel(ctx: CallContext): Promise<Response> {
    const headers = ctx.request.headers;
    const record = ctx.record;
    const model = modelIdHeader(headers, 'ai-language-model-id');
    record.model = model;
    const stream = headers.get('ai-language-model-streaming') === 'true';
    record.stream = stream;
    const text = await readRequestText(ctx.request, bodyLimitBytes);
    const request = parseJsonBody(text, gatewayLanguageRequestSchema);
    const { gateway, upstream } = splitProviderOptions(request.providerOptions);
    const { route, plan } = planProtocolCall(ctx, catalog, byok, {
      model,
      type: 'language',
      gateway,
      prefix: () => JSON.stringify(request.prompt.slice(0, 2)),
    });
    const options = canonicalOptions(request, upstream);
    if (gateway?.caching === 'auto') options.prompt = withAutoCaching(options.prompt);
    const includeRaw = request.includeRawChunks === true;
    return runWithFailover(
      record,
      plan,
      (served, tracker) => {
        record.byok = served.byok === true;
        const codec = createGatewayCodec({ record, plan, served, sort: gateway?.sort }, version, includeRaw);
        return runCanonicalCall(
          ctx,
          served.target,
          options,
          [],
          served.route.slug,
          stream,
          codec,
          tracker,
          text.length,
        );
      },
      { policy: route.routing, signal: ctx.request.signal },
    );
  };
}
