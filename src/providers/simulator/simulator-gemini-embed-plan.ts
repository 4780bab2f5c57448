import type { SimulatorHeaders } from './simulator-behaviour.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { simulatorEmbedding, simulatorEmbedTokens } from './simulator-embed-vectors.ts';
import { GOOGLE_ERROR_REPLIES, googleErrorReply } from './simulator-gemini-errors.ts';
import { planSimulatorMediaReply, totalCharacters } from './simulator-media-reply.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { isJsonObject, objectList, parseJsonObject, positiveInteger } from './simulator-request-fields.ts';

/** Which embeddings method a Gemini API or Vertex AI path calls. */
export interface GoogleEmbedCall {
  model: string;
  method: 'embedContent' | 'batchEmbedContents' | 'predict';
  /** The `projects/…/models/…` resource on Vertex AI, `undefined` on the Gemini API. */
  vertexResource: string | undefined;
}

// gemini-embedding-001 answers 3072 dimensions by default; Vertex's text-embedding-005 768.
const GEMINI_DEFAULT_DIMENSIONS = 3072;
const VERTEX_PREDICT_DEFAULT_DIMENSIONS = 768;
const MALFORMED = Buffer.from('{\n  "embedding": {\n    "values": [\n      0.0123,\n');
const INVALID_ARGUMENT = 'Request contains an invalid argument.';

/** The text of a `Content`: its text parts joined. */
function contentText(content: unknown): string | undefined {
  if (!isJsonObject(content)) return undefined;
  let text = '';
  for (const part of objectList(content.parts)) if (typeof part.text === 'string') text += part.text;
  return text;
}

/** The inputs and requested size of each method's body, or `undefined` when it has none. */
function readInputs(
  request: Record<string, unknown>,
  method: GoogleEmbedCall['method'],
): { texts: string[]; dimensions: number | undefined } | undefined {
  if (method === 'predict') {
    const texts = objectList(request.instances).map((instance) => instance.content);
    if (texts.length === 0 || !texts.every((text) => typeof text === 'string')) return undefined;
    const parameters = isJsonObject(request.parameters) ? request.parameters : {};
    return { texts: texts as string[], dimensions: positiveInteger(parameters.outputDimensionality) };
  }
  if (method === 'batchEmbedContents') {
    const requests = objectList(request.requests);
    const texts = requests.map((entry) => contentText(entry.content));
    if (texts.length === 0 || texts.some((text) => text === undefined)) return undefined;
    return { texts: texts as string[], dimensions: positiveInteger(requests[0]?.outputDimensionality) };
  }
  const text = contentText(request.content);
  if (text === undefined) return undefined;
  // Vertex AI's embedContent puts the options in `embedContentConfig`.
  const config = isJsonObject(request.embedContentConfig) ? request.embedContentConfig : request;
  return { texts: [text], dimensions: positiveInteger(config.outputDimensionality) };
}

function notFound(call: GoogleEmbedCall): SimulatorReplyPlan {
  if (call.vertexResource !== undefined) {
    return googleErrorReply(
      404,
      `Publisher Model \`${call.vertexResource}\` was not found or your project does not have access to it.`,
    );
  }
  return googleErrorReply(
    404,
    `models/${call.model} is not found for API version v1beta, or is not supported for embedContent. ` +
      'Call ListModels to see the list of available models and their supported methods.',
  );
}

function render(call: GoogleEmbedCall, texts: string[], size: number): string {
  const vectors = texts.map((text) => simulatorEmbedding(text, size));
  if (call.method === 'predict') {
    const predictions = texts.map((text, index) => ({
      embeddings: {
        statistics: { token_count: simulatorEmbedTokens([text]), truncated: false },
        values: vectors[index],
      },
    }));
    return JSON.stringify({ predictions, metadata: { billableCharacterCount: totalCharacters(texts) } });
  }
  if (call.method === 'batchEmbedContents') {
    return JSON.stringify({ embeddings: vectors.map((values) => ({ values })) });
  }
  const response: Record<string, unknown> = { embedding: { values: vectors[0] } };
  if (call.vertexResource !== undefined) {
    response.usageMetadata = { promptTokenCount: simulatorEmbedTokens(texts) };
  }
  return JSON.stringify(response);
}

/**
 * Plans the reply to the Gemini API's `models/{m}:embedContent` and `:batchEmbedContents`
 * (https://ai.google.dev/api/embeddings) and Vertex AI's `:embedContent` and `:predict` for text
 * embedding models (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api).
 */
export function planGoogleEmbedReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  call: GoogleEmbedCall,
): SimulatorReplyPlan {
  const request = parseJsonObject(body);
  if (request === undefined) return googleErrorReply(400, 'Invalid JSON payload received.');
  const inputs = readInputs(request, call.method);
  if (inputs === undefined) return googleErrorReply(400, INVALID_ARGUMENT);
  if (simulatorMediaKind(call.model) !== 'embed') return notFound(call);
  const fallback = call.method === 'predict' ? VERTEX_PREDICT_DEFAULT_DIMENSIONS : GEMINI_DEFAULT_DIMENSIONS;
  const size = Math.min(inputs.dimensions ?? fallback, 16_384);
  const media = {
    model: call.model,
    promptCharacters: totalCharacters(inputs.texts),
    errors: GOOGLE_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(media, headers, config, {
    contentType: 'application/json; charset=UTF-8',
    body: () => render(call, inputs.texts, size),
  });
}
