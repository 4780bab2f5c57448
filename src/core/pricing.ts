import type { Usage } from './usage.ts';

/**
 * Prices of one model on one provider, in integer micro-dollars per million tokens
 * (so $2.50 / 1M tokens is `2_500_000`). Integers keep sums exact; the config takes dollars.
 */
export interface ModelPrice {
  inputMicroUsdPerMTok: number;
  outputMicroUsdPerMTok: number;
  /** Price of cache-read input tokens; defaults to the input price. */
  cacheReadMicroUsdPerMTok: number;
  /** Price of cache-write input tokens; defaults to the input price. */
  cacheWriteMicroUsdPerMTok: number;
  /**
   * Some models re-price the whole request once the prompt is long (OpenAI above 272K input
   * tokens, Gemini Pro above 200K, …): these prices then apply to every token of the call.
   */
  longContext?: Omit<ModelPrice, 'longContext'> & { aboveInputTokens: number };
}

/** Converts a price in dollars per million tokens to integer micro-dollars per million tokens. */
export function dollarsPerMTokToMicro(dollars: number): number {
  return Math.round(dollars * 1_000_000);
}

/**
 * Cost of a call in integer nano-dollars (1e-9 USD), or `undefined` when the model has no price —
 * an unknown cost is never reported as 0. Cached input is priced at the cache rates and the rest
 * of the input at the input rate; reasoning tokens are part of the output.
 */
export function costNanoUsd(usage: Usage, model: ModelPrice | undefined): number | undefined {
  if (model === undefined) return undefined;
  const long = model.longContext;
  const price = long !== undefined && usage.inputTokens > long.aboveInputTokens ? long : model;
  const plainInput = Math.max(0, usage.inputTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
  // tokens × µ$/Mtok = 1e-12 $ ; divide by 1000 for nano-dollars.
  const picoUsd =
    plainInput * price.inputMicroUsdPerMTok +
    usage.cacheReadTokens * price.cacheReadMicroUsdPerMTok +
    usage.cacheWriteTokens * price.cacheWriteMicroUsdPerMTok +
    usage.outputTokens * price.outputMicroUsdPerMTok;
  return Math.round(picoUsd / 1000);
}

/**
 * A price in micro-dollars per million tokens as dollars per token, exactly (`3_000_000` →
 * `"0.000003"`): the unit Vercel's and OpenRouter's model lists use.
 */
export function formatUsdPerToken(microUsdPerMTok: number): string {
  const digits = String(Math.round(microUsdPerMTok)).padStart(13, '0');
  const whole = digits.slice(0, -12);
  const fraction = digits.slice(-12).replace(/0+$/, '');
  return `${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Formats nano-dollars as a decimal dollar string without float noise (`35000` → `"0.000035"`). */
export function formatUsd(nanoUsd: number | undefined): string {
  if (nanoUsd === undefined) return 'unknown';
  const negative = nanoUsd < 0;
  const digits = String(Math.abs(nanoUsd)).padStart(10, '0');
  const whole = digits.slice(0, -9);
  const fraction = digits.slice(-9).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
