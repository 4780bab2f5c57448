import {
  BEDROCK_ERROR_REPLIES,
  bedrockErrorReply,
  bedrockInvalidModelReply,
  bedrockMissingTokenReply,
} from './simulator-bedrock-errors.ts';
import { type SimulatorHeaders, simulatorHeader } from './simulator-behaviour.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { simulatorEmbedding, simulatorEmbedTokens } from './simulator-embed-vectors.ts';
import { simulatorUuid } from './simulator-ids.ts';
import { planSimulatorMediaReply, totalCharacters } from './simulator-media-reply.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { type JsonObject, parseJsonObject, stringList } from './simulator-request-fields.ts';

const TITAN_V2_DIMENSIONS: readonly number[] = [256, 512, 1024];
const MALFORMED = Buffer.from('{"embedding":[0.0123,-0.0456,');

/** What one Titan or Cohere embeddings body asks, or the `ValidationException` message it earns. */
type Parsed = { texts: string[]; size: number; render: (vectors: number[][]) => unknown } | string;

/**
 * Titan Text Embeddings (`amazon.titan-embed-text-v2:0`, v1): one `inputText`; v2 takes
 * `dimensions` 256, 512 or 1024 (default) and answers `embeddingsByType` too. See
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html.
 */
function parseTitan(request: JsonObject, modelId: string): Parsed {
  const text = request.inputText;
  if (typeof text !== 'string') {
    return 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.';
  }
  const tokens = simulatorEmbedTokens([text]);
  if (modelId.includes('titan-embed-text-v1')) {
    return {
      texts: [text],
      size: 1536,
      render: ([vector]) => ({ embedding: vector, inputTextTokenCount: tokens }),
    };
  }
  const dimensions = request.dimensions ?? 1024;
  if (typeof dimensions !== 'number' || !TITAN_V2_DIMENSIONS.includes(dimensions)) {
    return `Malformed input request: #/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value, please reformat your input and try again.`;
  }
  return {
    texts: [text],
    size: dimensions,
    render: ([vector]) => ({
      embedding: vector,
      embeddingsByType: { float: vector },
      inputTextTokenCount: tokens,
    }),
  };
}

/**
 * Cohere Embed on Bedrock (`cohere.embed-english-v3`, `cohere.embed-v4:0`): `texts` and a required
 * `input_type`; floats as a bare list, or by type when `embedding_types` is given. See
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html.
 */
function parseCohere(request: JsonObject, modelId: string): Parsed {
  const texts = stringList(request.texts);
  if (texts.length === 0) return 'Malformed input request: #: required key [texts] not found';
  if (typeof request.input_type !== 'string') {
    return 'Malformed input request: #: required key [input_type] not found, please reformat your input and try again.';
  }
  const v4 = modelId.includes('embed-v4');
  const size =
    v4 && typeof request.output_dimension === 'number' ? request.output_dimension : v4 ? 1536 : 1024;
  const byType = Array.isArray(request.embedding_types);
  const id = simulatorUuid();
  return {
    texts,
    size,
    render: (vectors) =>
      byType
        ? { embeddings: { float: vectors }, id, response_type: 'embeddings_by_type', texts }
        : { embeddings: vectors, id, response_type: 'embeddings_floats', texts },
  };
}

/**
 * Plans the reply to Bedrock's `POST /model/{modelId}/invoke` for an embeddings model, in the body
 * format of the model's family (Titan, or Cohere by `cohere.embed-` in the id). Like Converse it
 * requires a SigV4 `authorization` header without verifying it. See
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html.
 */
export function planBedrockEmbedReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  modelId: string,
): SimulatorReplyPlan {
  if (!simulatorHeader(headers, 'authorization')?.startsWith('AWS4-HMAC-SHA256')) {
    return bedrockMissingTokenReply();
  }
  if (simulatorMediaKind(modelId) !== 'embed') return bedrockInvalidModelReply();
  const request = parseJsonObject(body);
  if (request === undefined)
    return bedrockErrorReply(400, 'Malformed input request, please reformat your input and try again.');
  const parsed = modelId.includes('cohere.embed')
    ? parseCohere(request, modelId)
    : parseTitan(request, modelId);
  if (typeof parsed === 'string') return bedrockErrorReply(400, parsed);
  const { texts, size, render } = parsed;
  const media = {
    model: modelId,
    promptCharacters: totalCharacters(texts),
    errors: BEDROCK_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(media, headers, config, {
    contentType: 'application/json',
    headers: {
      'x-amzn-requestid': simulatorUuid(),
      'x-amzn-bedrock-invocation-latency': '12',
      'x-amzn-bedrock-input-token-count': String(simulatorEmbedTokens(texts)),
    },
    body: () => JSON.stringify(render(texts.map((text) => simulatorEmbedding(text, size)))),
  });
}
