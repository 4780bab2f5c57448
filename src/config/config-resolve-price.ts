import { dollarsPerMTokToMicro, type ModelPrice } from '../core/pricing.ts';
import type { ConfigFilePrice } from './config-schema.ts';

/** Dollars per million tokens (as written) → integer micro-dollars per million tokens. */
export function resolvePrice(price: ConfigFilePrice | undefined): ModelPrice | undefined {
  if (price === undefined) return undefined;
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
