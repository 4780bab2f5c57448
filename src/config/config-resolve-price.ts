import { dollarsPerMTokToMicro, type ModelPrice } from '../core/pricing.ts';
import type { ConfigFilePrice } from './config-schema.ts';

/** Dollars per million tokens (as written) → integer micro-dollars per million tokens. */
export function resolvePrice(price: ConfigFilePrice | undefined): ModelPrice | undefined {
  if (price === undefined) return undefined;
  const base = tier(price);
  const long = price.long_context;
  return long === undefined
    ? base
    : { ...base, longContext: { ...tier(long), aboveInputTokens: long.above_input_tokens } };
}

function tier(price: Omit<ConfigFilePrice, 'long_context'>): Omit<ModelPrice, 'longContext'> {
  const input = dollarsPerMTokToMicro(price.input);
  return {
    inputMicroUsdPerMTok: input,
    outputMicroUsdPerMTok: dollarsPerMTokToMicro(price.output),
    cacheReadMicroUsdPerMTok:
      price.cached_input === undefined ? input : dollarsPerMTokToMicro(price.cached_input),
    cacheWriteMicroUsdPerMTok:
      price.cache_write === undefined ? input : dollarsPerMTokToMicro(price.cache_write),
  };
}
