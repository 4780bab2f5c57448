import type { SimulatorHeaders } from './simulator-behaviour.ts';
import { compileSimulatorConfig, type SimulatorOptions } from './simulator-config.ts';
import { planOpenAiChatReply } from './simulator-openai-chat-plan.ts';
import { openAiInvalidApiKeyReply, openAiInvalidUrlReply } from './simulator-openai-errors.ts';
import { formatOpenAiModelList } from './simulator-openai-models-format.ts';
import { type SimulatorReplyPlan, simulatorImmediateReply } from './simulator-reply-plan.ts';

/** One request as both front ends (HTTP server, in-process transport) hand it to the simulator. */
export interface SimulatorExchange {
  method: string;
  /** Path and query; only the ending counts, so `/v1/chat/completions` and `/openai/v1/…` both work. */
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

/**
 * Builds the router of one simulator. Everything that does not depend on the request (the
 * behaviour table, the model list body) is computed here, once.
 */
export function createSimulatorRouter(options: SimulatorOptions = {}): SimulatorRouter {
  const config = compileSimulatorConfig(options);
  const modelList = formatOpenAiModelList(config.modelIds, Math.floor(Date.now() / 1000));
  const modelListReply = simulatorImmediateReply(
    200,
    { 'content-type': 'application/json', 'content-length': String(modelList.length) },
    modelList,
  );

  return function routeSimulatorRequest(exchange: SimulatorExchange): SimulatorReplyPlan {
    if (config.authorization !== undefined) {
      const authorization = exchange.headers.authorization;
      const value = Array.isArray(authorization) ? authorization[0] : authorization;
      if (value !== config.authorization) return openAiInvalidApiKeyReply(value);
    }
    const query = exchange.path.indexOf('?');
    const path = query === -1 ? exchange.path : exchange.path.slice(0, query);
    if (exchange.method === 'POST' && path.endsWith('/chat/completions')) {
      return planOpenAiChatReply(bodyText(exchange.body), exchange.headers, config);
    }
    if (exchange.method === 'GET' && path.endsWith('/models')) return modelListReply;
    return openAiInvalidUrlReply(exchange.method, path);
  };
}
