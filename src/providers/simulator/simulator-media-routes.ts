import { planBedrockEmbedReply } from './simulator-bedrock-embed-plan.ts';
import type { SimulatorHeaders } from './simulator-behaviour.ts';
import { planCohereEmbedReply } from './simulator-cohere-embed-plan.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { planGoogleEmbedReply } from './simulator-gemini-embed-plan.ts';
import { planImagenPredictReply } from './simulator-gemini-image-plan.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import { planOpenAiEmbeddingsReply } from './simulator-openai-embed-plan.ts';
import { planOpenAiImagesReply } from './simulator-openai-image-plan.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';

/**
 * A `POST` to one of the embeddings and image APIs the simulator speaks, with what its path says.
 * `api` is the API whose credentials and error shapes apply (as for the chat routes); `media`
 * tells the calls apart.
 */
export type SimulatorMediaRoute =
  /** OpenAI's `/embeddings` and `/images/generations`; Azure's with `deployment` from the path. */
  | { api: 'openai' | 'azure'; media: 'embeddings' | 'images'; deployment: string | undefined }
  /** `models/{model}:embedContent | :batchEmbedContents | :predict` (embeddings or Imagen). */
  | {
      api: 'gemini' | 'vertex-gemini';
      media: 'embedContent' | 'batchEmbedContents' | 'predict';
      model: string;
      resource: string;
    }
  /** Bedrock's `InvokeModel` of an embeddings model. */
  | { api: 'bedrock'; media: 'invoke'; modelId: string }
  /** Cohere's `/v2/embed`. */
  | { api: 'cohere'; media: 'embed' };

const AZURE_DEPLOYMENT = /^\/openai\/deployments\/([^/]+)\//;
const GOOGLE_MEDIA_METHOD = /\/models\/([^/:]+):(embedContent|batchEmbedContents|predict)$/;
const BEDROCK_INVOKE = /\/model\/([^/]+)\/invoke$/;

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function openAiRoute(path: string, media: 'embeddings' | 'images'): SimulatorMediaRoute {
  if (!path.startsWith('/openai/')) return { api: 'openai', media, deployment: undefined };
  const deployment = AZURE_DEPLOYMENT.exec(path)?.[1];
  return { api: 'azure', media, deployment: deployment === undefined ? undefined : decode(deployment) };
}

/** The media route of a `POST` path (query removed), or `undefined` when none serves it. */
export function matchSimulatorMediaPost(path: string): SimulatorMediaRoute | undefined {
  if (path.endsWith('/embeddings')) return openAiRoute(path, 'embeddings');
  if (path.endsWith('/images/generations')) return openAiRoute(path, 'images');
  if (path.endsWith('/v2/embed')) return { api: 'cohere', media: 'embed' };
  const bedrock = BEDROCK_INVOKE.exec(path);
  if (bedrock !== null) return { api: 'bedrock', media: 'invoke', modelId: decode(bedrock[1]!) };
  const google = GOOGLE_MEDIA_METHOD.exec(path);
  if (google === null) return undefined;
  const model = decode(google[1]!);
  const method = google[2] as 'embedContent' | 'batchEmbedContents' | 'predict';
  const vertex = path.includes('/publishers/google/');
  const resource = vertex ? path.slice(path.indexOf('projects/'), path.lastIndexOf(':')) : `models/${model}`;
  return { api: vertex ? 'vertex-gemini' : 'gemini', media: method, model, resource };
}

/** Plans the reply of a media route (the request body already read as text). */
export function planSimulatorMediaPost(
  route: SimulatorMediaRoute,
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
): SimulatorReplyPlan {
  switch (route.media) {
    case 'embeddings':
      return planOpenAiEmbeddingsReply(body, headers, config, route.api === 'azure', route.deployment);
    case 'images':
      return planOpenAiImagesReply(body, headers, config, route.api === 'azure', route.deployment);
    case 'embedContent':
    case 'batchEmbedContents':
    case 'predict': {
      // `:predict` serves Imagen and Vertex's text embedding models alike: the model decides.
      if (route.media === 'predict' && simulatorMediaKind(route.model) === 'image') {
        return planImagenPredictReply(body, headers, config, route.model);
      }
      const vertexResource = route.api === 'vertex-gemini' ? route.resource : undefined;
      return planGoogleEmbedReply(body, headers, config, {
        model: route.model,
        method: route.media,
        vertexResource,
      });
    }
    case 'invoke':
      return planBedrockEmbedReply(body, headers, config, route.modelId);
    case 'embed':
      return planCohereEmbedReply(body, headers, config);
  }
}
