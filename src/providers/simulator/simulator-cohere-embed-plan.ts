import type { SimulatorHeaders } from './simulator-behaviour.ts';
import {
  COHERE_ERROR_REPLIES,
  cohereErrorReply,
  cohereModelNotFoundReply,
} from './simulator-cohere-errors.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { simulatorEmbedding, simulatorEmbedTokens } from './simulator-embed-vectors.ts';
import { simulatorUuid } from './simulator-ids.ts';
import { planSimulatorMediaReply, totalCharacters } from './simulator-media-reply.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { parseJsonObject, positiveInteger, stringList } from './simulator-request-fields.ts';

// embed-v4.0 answers 1536 dimensions unless `output_dimension` asks for 256, 512 or 1024.
const DEFAULT_DIMENSIONS = 1536;
const OUTPUT_DIMENSIONS: readonly number[] = [256, 512, 1024, 1536];
const MALFORMED = Buffer.from('{"id":"f5aa3e7b-f011-4c5c-a825-f94669f760e5","texts":["sunny');

/**
 * Plans the reply to Cohere's `POST /v2/embed`: `texts` with an `input_type`, `output_dimension`;
 * floats answered by type (`embeddings.float`), input tokens in `meta.billed_units`. See
 * https://docs.cohere.com/reference/embed.
 */
export function planCohereEmbedReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
): SimulatorReplyPlan {
  const request = parseJsonObject(body);
  if (request === undefined) return cohereErrorReply(400, 'invalid request: the body is not valid JSON');
  const model = request.model;
  if (typeof model !== 'string' || model === '') {
    return cohereErrorReply(400, 'invalid request: model must be specified');
  }
  const texts = stringList(request.texts);
  if (texts.length === 0) return cohereErrorReply(400, 'invalid request: list of texts must not be empty.');
  if (typeof request.input_type !== 'string') {
    return cohereErrorReply(400, 'invalid request: input_type is required for Embed v3 and newer models.');
  }
  const dimension = request.output_dimension ?? undefined;
  if (dimension !== undefined && !OUTPUT_DIMENSIONS.includes(positiveInteger(dimension) ?? 0)) {
    return cohereErrorReply(
      400,
      `invalid request: output_dimension must be one of ${OUTPUT_DIMENSIONS.join(', ')}.`,
    );
  }
  if (simulatorMediaKind(model) !== 'embed') return cohereModelNotFoundReply(model);
  const size = typeof dimension === 'number' ? dimension : DEFAULT_DIMENSIONS;
  const media = {
    model,
    promptCharacters: totalCharacters(texts),
    errors: COHERE_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(media, headers, config, {
    contentType: 'application/json',
    body: () =>
      JSON.stringify({
        id: simulatorUuid(),
        texts,
        embeddings: { float: texts.map((text) => simulatorEmbedding(text, size)) },
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: simulatorEmbedTokens(texts) } },
        response_type: 'embeddings_by_type',
      }),
  });
}
