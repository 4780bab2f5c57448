import { anthropicInvalidKeyReply } from './simulator-anthropic-errors.ts';
import { planAnthropicCountTokensReply, planAnthropicMessagesReply } from './simulator-anthropic-plan.ts';
import { bedrockMissingTokenReply, bedrockUnrecognizedClientReply } from './simulator-bedrock-errors.ts';
import { planBedrockReply } from './simulator-bedrock-plan.ts';
import { type SimulatorHeaders, simulatorHeader } from './simulator-behaviour.ts';
import { cohereInvalidTokenReply } from './simulator-cohere-errors.ts';
import { planCohereChatReply } from './simulator-cohere-plan.ts';
import { compileSimulatorConfig, type SimulatorConfig, type SimulatorOptions } from './simulator-config.ts';
import { presentedSimulatorKey } from './simulator-credentials.ts';
import { geminiInvalidKeyReply, vertexUnauthenticatedReply } from './simulator-gemini-errors.ts';
import { planGeminiReply } from './simulator-gemini-plan.ts';
import { planSimulatorMediaPost } from './simulator-media-routes.ts';
import { planOpenAiChatReply } from './simulator-openai-chat-plan.ts';
import {
  azureInvalidKeyReply,
  openAiInvalidApiKeyReply,
  openAiInvalidUrlReply,
} from './simulator-openai-errors.ts';
import { formatOpenAiModelList } from './simulator-openai-models-format.ts';
import { planOpenAiResponsesReply } from './simulator-openai-responses-plan.ts';
import { SimulatorResponseStore } from './simulator-openai-responses-store.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';
import { matchSimulatorPost, type SimulatorApi, type SimulatorRoute } from './simulator-routes.ts';

/** One request as both front ends (HTTP server, in-process transport) hand it to the simulator. */
export interface SimulatorExchange {
  method: string;
  /**
   * Path and query. Where the APIs allow a prefix only the ending counts, so `/v1/chat/completions`
   * and `/proxy/v1/chat/completions` both work (see `simulator-routes.ts` for every API's paths).
   */
  path: string;
  /** Lower-case names. */
  headers: SimulatorHeaders;
  body: string | Uint8Array | null;
}

/** Turns a request into the reply plan; the simulator's one entry point below the players. */
export type SimulatorRouter = (exchange: SimulatorExchange) => SimulatorReplyPlan;

function bodyText(body: string | Uint8Array | null): string {
  if (body === null) return '';
  if (typeof body === 'string') return body;
  return Buffer.isBuffer(body)
    ? body.toString('utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

/** Each API's answer to a missing or wrong key, in its own shape. */
const UNAUTHORIZED: Readonly<Record<SimulatorApi, (headers: SimulatorHeaders) => SimulatorReplyPlan>> = {
  openai: (headers) => openAiInvalidApiKeyReply(simulatorHeader(headers, 'authorization')),
  azure: azureInvalidKeyReply,
  anthropic: anthropicInvalidKeyReply,
  'vertex-anthropic': vertexUnauthenticatedReply,
  gemini: geminiInvalidKeyReply,
  'vertex-gemini': vertexUnauthenticatedReply,
  bedrock: (headers) =>
    simulatorHeader(headers, 'authorization')?.startsWith('AWS4-HMAC-SHA256')
      ? bedrockUnrecognizedClientReply()
      : bedrockMissingTokenReply(),
  cohere: cohereInvalidTokenReply,
};

function planPost(
  route: SimulatorRoute,
  exchange: SimulatorExchange,
  search: string,
  config: SimulatorConfig,
  responses: SimulatorResponseStore,
): SimulatorReplyPlan {
  const body = bodyText(exchange.body);
  const headers = exchange.headers;
  if ('responses' in route) {
    return planOpenAiResponsesReply(body, headers, config, responses, route.api === 'azure');
  }
  if ('media' in route) return planSimulatorMediaPost(route, body, headers, config);
  switch (route.api) {
    case 'openai':
      return planOpenAiChatReply(body, headers, config);
    case 'azure':
      return planOpenAiChatReply(body, headers, config, true, route.deployment);
    case 'anthropic':
      return route.countTokens
        ? planAnthropicCountTokensReply(body, headers, config)
        : planAnthropicMessagesReply(body, headers, config);
    case 'vertex-anthropic':
      return planAnthropicMessagesReply(body, headers, config, {
        pathModel: route.model,
        pathStream: route.stream,
      });
    case 'gemini':
    case 'vertex-gemini':
      return planGeminiReply(body, headers, config, {
        model: route.model,
        stream: route.stream,
        sse: new URLSearchParams(search).get('alt') === 'sse',
        vertexResource: route.api === 'vertex-gemini' ? route.resource : undefined,
      });
    case 'bedrock':
      return planBedrockReply(body, headers, config, { modelId: route.modelId, stream: route.stream });
    case 'cohere':
      return planCohereChatReply(body, headers, config);
  }
}

/**
 * Builds the router of one simulator. Everything that does not depend on the request (the
 * behaviour table, the model list body) is computed here, once.
 */
export function createSimulatorRouter(options: SimulatorOptions = {}): SimulatorRouter {
  const config = compileSimulatorConfig(options);
  // Responses stored for `previous_response_id`, per simulator instance.
  const responses = new SimulatorResponseStore();
  const modelList = formatOpenAiModelList(config.modelIds, Math.floor(Date.now() / 1000));
  const modelListReply = simulatorImmediateReply(
    200,
    { 'content-type': 'application/json', 'content-length': String(modelList.length) },
    modelList,
  );

  return function routeSimulatorRequest(exchange: SimulatorExchange): SimulatorReplyPlan {
    const query = exchange.path.indexOf('?');
    const path = query === -1 ? exchange.path : exchange.path.slice(0, query);
    const search = query === -1 ? '' : exchange.path.slice(query + 1);
    const route = exchange.method === 'POST' ? matchSimulatorPost(path) : undefined;
    const api: SimulatorApi = route?.api ?? 'openai';
    if (
      config.apiKey !== undefined &&
      presentedSimulatorKey(api, exchange.headers, search) !== config.apiKey
    ) {
      return UNAUTHORIZED[api](exchange.headers);
    }
    if (route !== undefined) return planPost(route, exchange, search, config, responses);
    if (exchange.method === 'GET' && path.endsWith('/models')) return modelListReply;
    return openAiInvalidUrlReply(exchange.method, path);
  };
}
