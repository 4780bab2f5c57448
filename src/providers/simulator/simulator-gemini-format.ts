import type { SimulatorCompletion } from './simulator-completion.ts';

/** Identity shared by the chunks of one reply (or its one body). */
export interface GeminiReplyIdentity {
  /** The model as the path named it, echoed as `modelVersion`. */
  model: string;
  /** 23 URL-safe characters. */
  responseId: string;
  /** Served on a Vertex AI path: Vertex's key order, `createTime` and `trafficType`. */
  vertex: boolean;
  /** RFC 3339 time, sent by Vertex only. */
  createTime: string;
}

/**
 * Google's compact JSON, as its SSE events carry it: a space after each key's colon, none after
 * commas (`{"text": "Hi","role": "model"}`, see the recordings in `google/gemini/fantasy/extracted`).
 */
export function googleCompactJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(googleCompactJson).join(',')}]`;
  const entries: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (entry !== undefined) entries.push(`${JSON.stringify(key)}: ${googleCompactJson(entry)}`);
  }
  return `{${entries.join(',')}}`;
}

/**
 * `usageMetadata` in the API's key order. Gemini leaves out counts it has nothing for (no
 * `candidatesTokenCount` before the first answer token, no `thoughtsTokenCount` without thinking);
 * `promptTokenCount` includes the cached tokens, which `cachedContentTokenCount` repeats. See
 * https://ai.google.dev/api/generate-content#UsageMetadata.
 */
export function geminiUsageMetadata(
  identity: GeminiReplyIdentity,
  completion: SimulatorCompletion,
  candidates: number,
  thoughts: number,
): Record<string, unknown> {
  const prompt = completion.promptTokens;
  const cached = completion.cachedPromptTokens;
  const usage: Record<string, unknown> = { promptTokenCount: prompt };
  if (candidates > 0) usage.candidatesTokenCount = candidates;
  usage.totalTokenCount = prompt + candidates + thoughts;
  if (cached > 0) usage.cachedContentTokenCount = cached;
  if (identity.vertex) usage.trafficType = 'ON_DEMAND';
  usage.promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  if (cached > 0) usage.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: cached }];
  if (candidates > 0 && identity.vertex)
    usage.candidatesTokensDetails = [{ modality: 'TEXT', tokenCount: candidates }];
  if (thoughts > 0) usage.thoughtsTokenCount = thoughts;
  // The Gemini API names the tier that served the call (recordings from 2026 on); Vertex does not.
  if (!identity.vertex) usage.serviceTier = 'standard';
  return usage;
}

/** `STOP` (also after a function call or a stop sequence) or `MAX_TOKENS`. */
export function geminiFinishReason(completion: SimulatorCompletion): 'STOP' | 'MAX_TOKENS' {
  return completion.kind === 'text' && completion.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP';
}

/** One candidate: its parts, and the finish fields when it is the last chunk (or the whole reply). */
export function geminiCandidate(
  identity: GeminiReplyIdentity,
  parts: unknown[],
  finish: SimulatorCompletion | undefined,
): Record<string, unknown> {
  const content = identity.vertex ? { role: 'model', parts } : { parts, role: 'model' };
  const candidate: Record<string, unknown> = { content };
  if (finish !== undefined) candidate.finishReason = geminiFinishReason(finish);
  // Vertex leaves `index` out of streamed candidates; the Gemini API always sends it.
  if (!identity.vertex) candidate.index = 0;
  if (finish?.kind === 'tool_call' && !identity.vertex)
    candidate.finishMessage = 'Model generated function call(s).';
  return candidate;
}

/** A whole `GenerateContentResponse` (one stream chunk, or the non-stream body). */
export function geminiResponse(
  identity: GeminiReplyIdentity,
  candidate: Record<string, unknown>,
  usageMetadata: Record<string, unknown>,
): Record<string, unknown> {
  const response: Record<string, unknown> = {
    candidates: [candidate],
    usageMetadata,
    modelVersion: identity.model,
  };
  if (identity.vertex) response.createTime = identity.createTime;
  response.responseId = identity.responseId;
  return response;
}

/** The non-stream body: pretty-printed with two spaces and a final newline, as the API sends it. */
export function formatGeminiResponse(
  identity: GeminiReplyIdentity,
  completion: SimulatorCompletion,
  parts: unknown[],
): string {
  const thoughts = completion.reasoning.length;
  const usage = geminiUsageMetadata(identity, completion, completion.completionTokens, thoughts);
  const response = geminiResponse(identity, geminiCandidate(identity, parts, completion), usage);
  return `${JSON.stringify(response, null, 2)}\n`;
}
