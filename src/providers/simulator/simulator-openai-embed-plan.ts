import type { SimulatorHeaders } from './simulator-behaviour.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { embeddingToBase64, simulatorEmbedding, simulatorEmbedTokens } from './simulator-embed-vectors.ts';
import { planSimulatorMediaReply, totalCharacters } from './simulator-media-reply.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import {
  AZURE_ERROR_REPLIES,
  azureDeploymentNotFoundReply,
  OPENAI_ERROR_REPLIES,
  openAiErrorReply,
  openAiModelNotFoundReply,
} from './simulator-openai-errors.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { parseJsonObject } from './simulator-request-fields.ts';

/** `text-embedding-3-small`'s size, the default when a request names no `dimensions`. */
export const OPENAI_DEFAULT_EMBED_DIMENSIONS = 1536;

const NOT_JSON =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP " +
  'library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)';
const INVALID_INPUT =
  "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";
const MALFORMED = Buffer.from('{\n  "object": "list",\n  "data": [\n    {\n      "object": "embedd');

/** A request OpenAI refuses, in the words of its 400 (`param`, `code` are null, as recorded). */
function badRequest(message: string): SimulatorReplyPlan {
  return openAiErrorReply(400, { message, type: 'invalid_request_error', param: null, code: null });
}

/** Each input as text: strings as they are, token-id arrays as their ids (one "word" per token). */
function inputTexts(input: unknown): string[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'number')) return [input.join(' ')];
  const texts: string[] = [];
  for (const item of input) {
    if (typeof item === 'string' && item !== '') texts.push(item);
    else if (Array.isArray(item) && item.length > 0 && item.every((id) => typeof id === 'number'))
      texts.push(item.join(' '));
    else return undefined;
  }
  return texts;
}

/** Token-id inputs count one token an id; text about four characters a token. */
function inputTokens(input: unknown, texts: string[]): number {
  if (Array.isArray(input) && input.every((item) => typeof item === 'number')) return input.length;
  if (Array.isArray(input) && input.every(Array.isArray)) {
    return input.reduce((sum: number, item: unknown[]) => sum + item.length, 0);
  }
  return simulatorEmbedTokens(texts);
}

/**
 * Plans the reply to `POST /v1/embeddings` (and Azure OpenAI's paths: `deployment` is the one the
 * path names): `input` a string, strings or token ids; `dimensions` (or Mistral's
 * `output_dimension`); `encoding_format` `float` or `base64` (little-endian float32). Vectors are
 * deterministic (`simulator-embed-vectors.ts`). See
 * https://platform.openai.com/docs/api-reference/embeddings/create.
 */
export function planOpenAiEmbeddingsReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  azure: boolean,
  deployment: string | undefined,
): SimulatorReplyPlan {
  const request = parseJsonObject(body);
  if (request === undefined) return badRequest(NOT_JSON);
  const model = deployment ?? request.model;
  if (typeof model !== 'string' || model === '') return badRequest('you must provide a model parameter');
  // OpenAI checks the parameters' schema first, `dimensions` before `encoding_format` (as
  // recorded in `openai/errors/envoy-ai-gateway/embeddings-bad-request.yaml`), then the input.
  const dimensions = request.dimensions ?? request.output_dimension;
  if (dimensions !== undefined && (typeof dimensions !== 'number' || !Number.isInteger(dimensions))) {
    return badRequest(`${JSON.stringify(dimensions)} is not of type 'integer' - 'dimensions'`);
  }
  if (typeof dimensions === 'number' && dimensions < 1) {
    return badRequest(`${dimensions} is less than the minimum of 1 - 'dimensions'`);
  }
  const format = request.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') {
    return badRequest(`'${String(format)}' is not one of ['float', 'base64'] - 'encoding_format'`);
  }
  const texts = inputTexts(request.input);
  if (texts === undefined) return badRequest(INVALID_INPUT);
  if (simulatorMediaKind(model) !== 'embed') {
    return deployment === undefined ? openAiModelNotFoundReply(model) : azureDeploymentNotFoundReply();
  }
  const size = Math.min(
    typeof dimensions === 'number' ? dimensions : OPENAI_DEFAULT_EMBED_DIMENSIONS,
    16_384,
  );
  const tokens = inputTokens(request.input, texts);
  const call = {
    model,
    promptCharacters: totalCharacters(texts),
    errors: azure ? AZURE_ERROR_REPLIES : OPENAI_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(call, headers, config, {
    contentType: 'application/json',
    headers: { 'openai-model': model },
    body() {
      const data = texts.map((text, index) => {
        const vector = simulatorEmbedding(text, size);
        return {
          object: 'embedding',
          index,
          embedding: format === 'base64' ? embeddingToBase64(vector) : vector,
        };
      });
      return JSON.stringify({
        object: 'list',
        data,
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      });
    },
  });
}
