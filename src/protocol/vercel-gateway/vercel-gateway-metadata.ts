import type { AttemptRecord, CallRecord } from '../../core/call-record.ts';
import { costNanoUsd, formatUsd, type ModelPrice } from '../../core/pricing.ts';
import type { Usage } from '../../core/usage.ts';
import type { PlannedAttempt } from '../../routing/route-plan.ts';

/** JSON as `providerMetadata` carries it. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What one call's gateway metadata is built from. */
export interface GatewayMetadataSource {
  record: CallRecord;
  /** The whole plan (primary model first, then fallbacks). */
  plan: readonly PlannedAttempt[];
  /** The attempt that served the answer. */
  served: PlannedAttempt;
  /** `providerOptions.gateway.sort`, when the request ranked the targets. */
  sort?: string | undefined;
}

function credentialType(label: string): 'byok' | 'system' {
  return label.endsWith('(byok)') ? 'byok' : 'system';
}

function providerAttempt(attempt: AttemptRecord, now: number): { [key: string]: Json } {
  const inProgress = attempt.status === 0;
  const success = inProgress || attempt.status === 200;
  const entry: { [key: string]: Json } = {
    provider: attempt.provider,
    providerApiModelId: attempt.upstreamModel,
    credentialType: credentialType(attempt.provider),
    success,
    startTime: attempt.startedAt,
    endTime: inProgress ? now : Math.round(attempt.startedAt + attempt.durationMs),
    statusCode: inProgress ? 200 : attempt.status,
  };
  if (attempt.error !== undefined) entry.error = attempt.error;
  return entry;
}

function modelAttempts(attempts: readonly AttemptRecord[], now: number): Json[] {
  const byModel: { modelId: string; providerAttempts: { [key: string]: Json }[] }[] = [];
  for (const attempt of attempts) {
    let group = byModel[byModel.length - 1];
    if (group === undefined || group.modelId !== attempt.model) {
      group = { modelId: attempt.model, providerAttempts: [] };
      byModel.push(group);
    }
    group.providerAttempts.push(providerAttempt(attempt, now));
  }
  return byModel.map((group) => ({
    modelId: group.modelId,
    canonicalSlug: group.modelId,
    success: group.providerAttempts.some((attempt) => attempt.success === true),
    providerAttemptCount: group.providerAttempts.length,
    providerAttempts: group.providerAttempts,
  }));
}

/** Cost fields as decimal dollar strings, split into input and output like Vercel's. */
function costFields(
  usage: Usage | undefined,
  price: ModelPrice | undefined,
  byok: boolean,
): Record<string, string> {
  if (usage === undefined || price === undefined) return {};
  const total = costNanoUsd(usage, price) ?? 0;
  const input = costNanoUsd({ ...usage, outputTokens: 0, reasoningTokens: 0 }, price) ?? 0;
  // A call on the request's own key costs the gateway's account nothing; its market price stays.
  const charged = byok ? 0 : total;
  return {
    cost: formatUsd(charged),
    marketCost: formatUsd(total),
    inferenceCost: formatUsd(total),
    inputInferenceCost: formatUsd(input),
    outputInferenceCost: formatUsd(total - input),
    surchargeCost: '0',
    gatewayCost: formatUsd(charged),
  };
}

/**
 * `providerMetadata.gateway` in the shape Vercel's AI Gateway sends it (routing with the attempt
 * chain per model, cost as decimal strings, the generation id), from what the gateway recorded.
 * Costs are absent when the model has no price (never a made-up zero).
 */
export function gatewayMetadata(
  source: GatewayMetadataSource,
  usage: Usage | undefined,
): { [key: string]: Json } {
  const { record, plan, served } = source;
  const now = Date.now();
  const first = plan[0] ?? served;
  const primary = first.route.slug;
  const providers: string[] = [];
  for (const planned of plan) {
    if (planned.route.slug === primary && !providers.includes(planned.target.label)) {
      providers.push(planned.target.label);
    }
  }
  const byok = served.byok === true;
  const metadata: { [key: string]: Json } = {
    routing: {
      originalModelId: record.model ?? primary,
      resolvedProvider: first.target.label,
      resolvedProviderApiModelId: first.target.upstreamModel,
      internalResolvedModelId: `${first.target.label}:${first.target.upstreamModel}`,
      fallbacksAvailable: providers.slice(1),
      planningReasoning: `Execution order: ${plan.map((planned) => `${planned.route.slug}@${planned.target.label}`).join(' → ')}`,
      canonicalSlug: served.route.slug,
      finalProvider: served.target.label,
      modelAttemptCount: new Set(record.attempts.map((attempt) => attempt.model)).size,
      modelAttempts: modelAttempts(record.attempts, now),
      totalProviderAttemptCount: record.attempts.length,
    },
    ...costFields(usage, served.target.price, byok),
    generationId: record.generationId,
  };
  if (source.sort !== undefined) {
    (metadata.routing as { [key: string]: Json }).sort = {
      option: source.sort,
      executionOrder: providers,
    };
  }
  if (record.zeroDataRetention) metadata.enabledZeroDataRetention = true;
  return metadata;
}
