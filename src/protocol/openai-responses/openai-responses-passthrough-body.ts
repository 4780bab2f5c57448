import { splicePassthroughRequestBody } from '../passthrough/passthrough-request-body.ts';
import {
  type RewrittenResponse,
  rewriteModelAndReadUsage,
} from '../passthrough/passthrough-response-body.ts';
import type { OpenAIResponsesRequest } from './openai-responses-request-schema.ts';
import { usageFromOpenAIResponses } from './openai-responses-usage-wire.ts';

/** Gateway-only fields (Vercel AI Gateway style); no upstream would accept them. */
const _GATEWAY_KEYS = ['providerOptions', 'models'] as const;
const _RESPONSE_KEYS = ['model', 'usage'] as const;

/**
 * Responses client → provider that speaks Responses (OpenAI, Azure), request side: the client's
 * bytes with the model id replaced and the gateway's own routing fields removed. Nothing is
 * injected: a Responses stream always ends with its usage (`response.completed`).
 */
export function buildResponsesPassthroughBody(
  text: string,
  request: OpenAIResponsesRequest,
  upstreamModel: string,
): string {
  return splicePassthroughRequestBody(text, request, upstreamModel);
}

/** Response side of a non-streamed Responses passthrough: the model swapped, Responses usage read. */
export function rewriteResponsesPassthroughBody(
  text: string,
  publicModel: string,
  provider: string,
): RewrittenResponse {
  return rewriteModelAndReadUsage(text, publicModel, provider, usageFromOpenAIResponses);
}
