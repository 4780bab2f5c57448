/**
 * The canonical contract every client protocol and every provider converts to and from: the AI
 * SDK's provider specification, LanguageModel V4 (`@ai-sdk/provider`). Adopted rather than
 * written because it is versioned and documented, it already models everything the gateway must
 * carry without loss (text, files/images, tool calls and results, reasoning with provider
 * signatures, cache and reasoning token usage, unified + raw finish reasons, warnings), and the
 * AI SDK's provider packages implement it — so they serve as our upstream adapters.
 * See docs/architecture.md ("The canonical contract").
 * @see https://ai-sdk.dev/providers/community-providers/custom-providers
 */
export type {
  LanguageModelV4 as CanonicalModel,
  LanguageModelV4CallOptions as CanonicalCallOptions,
  LanguageModelV4Content as CanonicalContent,
  LanguageModelV4FinishReason as CanonicalFinishReason,
  LanguageModelV4FunctionTool as CanonicalFunctionTool,
  LanguageModelV4GenerateResult as CanonicalGenerateResult,
  LanguageModelV4Message as CanonicalMessage,
  LanguageModelV4Prompt as CanonicalPrompt,
  LanguageModelV4StreamPart as CanonicalStreamPart,
  LanguageModelV4ToolChoice as CanonicalToolChoice,
  LanguageModelV4ToolResultOutput as CanonicalToolResultOutput,
  LanguageModelV4Usage as CanonicalUsage,
  SharedV4ProviderOptions as CanonicalProviderOptions,
  SharedV4Warning as CanonicalWarning,
} from '@ai-sdk/provider';

import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { Usage } from './usage.ts';

/** The canonical usage in the gateway's own units (missing counts are 0). */
export function usageFromCanonical(usage: LanguageModelV4Usage): Usage {
  const input = usage.inputTokens;
  const output = usage.outputTokens;
  return {
    inputTokens: input.total ?? (input.noCache ?? 0) + (input.cacheRead ?? 0) + (input.cacheWrite ?? 0),
    outputTokens: output.total ?? (output.text ?? 0) + (output.reasoning ?? 0),
    cacheReadTokens: input.cacheRead ?? 0,
    cacheWriteTokens: input.cacheWrite ?? 0,
    reasoningTokens: output.reasoning ?? 0,
  };
}
