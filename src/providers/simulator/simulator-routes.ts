import { matchSimulatorMediaPost, type SimulatorMediaRoute } from './simulator-media-routes.ts';

/**
 * The APIs the simulator speaks, each with its own paths, credentials and error shapes:
 * OpenAI Chat Completions (and Azure OpenAI's paths for it), Anthropic Messages (and Claude on
 * Vertex AI), the Gemini API (and Gemini on Vertex AI), Bedrock Converse, and Cohere v2 Chat.
 */
export type SimulatorApi =
  | 'openai'
  | 'azure'
  | 'anthropic'
  | 'vertex-anthropic'
  | 'gemini'
  | 'vertex-gemini'
  | 'bedrock'
  | 'cohere';

/** A `POST` the simulator serves, with what its path says about the call. */
export type SimulatorRoute =
  | { api: 'openai' }
  /** `deployment` is set for `/openai/deployments/{deployment}/chat/completions`. */
  | { api: 'azure'; deployment: string | undefined }
  | { api: 'anthropic'; countTokens: boolean }
  | { api: 'vertex-anthropic'; model: string; stream: boolean }
  | { api: 'gemini' | 'vertex-gemini'; model: string; stream: boolean; resource: string }
  | { api: 'bedrock'; modelId: string; stream: boolean }
  | { api: 'cohere' }
  /** OpenAI's Responses API (`/v1/responses`; Azure's `/openai/v1/responses`). */
  | { api: 'openai' | 'azure'; responses: true }
  /** Embeddings and image generation in each API's shape (`simulator-media-routes.ts`). */
  | SimulatorMediaRoute;

const OPENAI: SimulatorRoute = Object.freeze({ api: 'openai' });
const MESSAGES: SimulatorRoute = Object.freeze({ api: 'anthropic', countTokens: false });
const COUNT_TOKENS: SimulatorRoute = Object.freeze({ api: 'anthropic', countTokens: true });
const COHERE: SimulatorRoute = Object.freeze({ api: 'cohere' });
const OPENAI_RESPONSES: SimulatorRoute = Object.freeze({ api: 'openai', responses: true });
const AZURE_RESPONSES: SimulatorRoute = Object.freeze({ api: 'azure', responses: true });

const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/;
// `…/models/{model}:{method}`, Google's custom-method syntax (Gemini API and Vertex AI).
const GOOGLE_MODEL_METHOD = /\/models\/([^/:]+):([A-Za-z]+)$/;
const BEDROCK_CONVERSE = /\/model\/([^/]+)\/(converse|converse-stream)$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchGoogle(path: string): SimulatorRoute | undefined {
  const match = GOOGLE_MODEL_METHOD.exec(path);
  if (match === null) return undefined;
  const model = decode(match[1]!);
  const method = match[2]!;
  if (path.includes('/publishers/anthropic/')) {
    if (method !== 'rawPredict' && method !== 'streamRawPredict') return undefined;
    return { api: 'vertex-anthropic', model, stream: method === 'streamRawPredict' };
  }
  if (method !== 'generateContent' && method !== 'streamGenerateContent') return undefined;
  const vertex = path.includes('/publishers/google/');
  // Vertex names the model by its full resource, `projects/{p}/locations/{l}/publishers/google/models/{m}`.
  const resource = vertex ? path.slice(path.indexOf('projects/'), path.lastIndexOf(':')) : `models/${model}`;
  return {
    api: vertex ? 'vertex-gemini' : 'gemini',
    model,
    stream: method === 'streamGenerateContent',
    resource,
  };
}

/**
 * The route of a `POST` path (query already removed), or `undefined` when no API serves it. Only
 * endings count where the APIs allow prefixes (`/v1/chat/completions`, `/proxy/v1/messages`); the
 * OpenAI path is tested first, as the hot one.
 */
export function matchSimulatorPost(path: string): SimulatorRoute | undefined {
  if (path.endsWith('/chat/completions')) {
    if (!path.startsWith('/openai/')) return OPENAI;
    const deployment = AZURE_DEPLOYMENT.exec(path)?.[1];
    return { api: 'azure', deployment: deployment === undefined ? undefined : decode(deployment) };
  }
  if (path.endsWith('/responses')) return path.startsWith('/openai/') ? AZURE_RESPONSES : OPENAI_RESPONSES;
  if (path.endsWith('/messages')) return MESSAGES;
  if (path.endsWith('/messages/count_tokens')) return COUNT_TOKENS;
  if (path.endsWith('/v2/chat')) return COHERE;
  // Bedrock model ids may hold a raw `:` (`…-v1:0`) when a client does not encode it.
  const bedrock = BEDROCK_CONVERSE.exec(path);
  if (bedrock !== null) {
    return { api: 'bedrock', modelId: decode(bedrock[1]!), stream: bedrock[2] === 'converse-stream' };
  }
  return (path.includes(':') ? matchGoogle(path) : undefined) ?? matchSimulatorMediaPost(path);
}
