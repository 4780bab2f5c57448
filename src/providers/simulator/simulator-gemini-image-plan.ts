import type { SimulatorHeaders } from './simulator-behaviour.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { simulatorTextHash } from './simulator-embed-vectors.ts';
import { GOOGLE_ERROR_REPLIES, googleErrorReply } from './simulator-gemini-errors.ts';
import { type GeminiReplyIdentity, geminiResponse } from './simulator-gemini-format.ts';
import { simulatorGeminiResponseId } from './simulator-ids.ts';
import { planSimulatorMediaReply } from './simulator-media-reply.ts';
import { simulatorImagePng } from './simulator-png.ts';
import type { SimulatorPrompt } from './simulator-prompt.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { isJsonObject, objectList, parseJsonObject, positiveInteger } from './simulator-request-fields.ts';
import { estimateSimulatorTokens } from './simulator-tokenizer.ts';

// Imagen generates at most four images a call.
const MAX_SAMPLES = 4;
// Gemini bills a generated image as 1290 output tokens (gemini-2.5-flash-image, 1024×1024).
const IMAGE_OUTPUT_TOKENS = 1290;
const MALFORMED = Buffer.from('{\n  "predictions": [\n    {\n      "bytesBase64Encoded": "iVBORw0K');

/**
 * Plans the reply to Imagen's `models/{m}:predict` on the Gemini API and on Vertex AI:
 * `instances[0].prompt` and `parameters.sampleCount` (1–4) in, one `{bytesBase64Encoded,
 * mimeType}` prediction a PNG out (`simulator-png.ts`). See
 * https://ai.google.dev/gemini-api/docs/imagen and
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/imagen-api.
 */
export function planImagenPredictReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  model: string,
): SimulatorReplyPlan {
  const request = parseJsonObject(body);
  if (request === undefined) return googleErrorReply(400, 'Invalid JSON payload received.');
  const prompt = objectList(request.instances)[0]?.prompt;
  if (typeof prompt !== 'string' || prompt === '') return googleErrorReply(400, 'The prompt is empty.');
  const parameters = isJsonObject(request.parameters) ? request.parameters : {};
  const count = positiveInteger(parameters.sampleCount) ?? 1;
  if (count > MAX_SAMPLES) {
    return googleErrorReply(400, `sampleCount must be between 1 and ${MAX_SAMPLES}, got ${count}.`);
  }
  const media = {
    model,
    promptCharacters: prompt.length,
    errors: GOOGLE_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(media, headers, config, {
    contentType: 'application/json; charset=UTF-8',
    body() {
      const hash = simulatorTextHash(prompt);
      const predictions = Array.from({ length: count }, (_, index) => ({
        bytesBase64Encoded: simulatorImagePng(hash, index).toString('base64'),
        mimeType: 'image/png',
      }));
      return `${JSON.stringify({ predictions }, null, 2)}\n`;
    },
  });
}

/**
 * The reply of a Gemini image model (`gemini-2.5-flash-image`, `…/image`) to `generateContent`:
 * one candidate whose part is the image as `inlineData`, usage counting it as image tokens. See
 * https://ai.google.dev/gemini-api/docs/image-generation.
 */
export function planGeminiImageContentReply(
  prompt: SimulatorPrompt,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  vertexResource: string | undefined,
): SimulatorReplyPlan {
  const vertex = vertexResource !== undefined;
  const identity: GeminiReplyIdentity = {
    model: prompt.model,
    responseId: simulatorGeminiResponseId(),
    vertex,
    createTime: vertex ? new Date().toISOString().replace('Z', '000Z') : '',
  };
  const media = {
    model: prompt.model,
    promptCharacters: prompt.promptCharacters,
    errors: GOOGLE_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(media, headers, config, {
    contentType: 'application/json; charset=UTF-8',
    body() {
      const data = simulatorImagePng(simulatorTextHash(prompt.lastUserText), 0).toString('base64');
      const parts = [{ inlineData: { mimeType: 'image/png', data } }];
      const content = vertex ? { role: 'model', parts } : { parts, role: 'model' };
      const candidate: Record<string, unknown> = { content, finishReason: 'STOP' };
      if (!vertex) candidate.index = 0;
      const promptTokens = estimateSimulatorTokens(prompt.promptCharacters);
      const usage = {
        promptTokenCount: promptTokens,
        candidatesTokenCount: IMAGE_OUTPUT_TOKENS,
        totalTokenCount: promptTokens + IMAGE_OUTPUT_TOKENS,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
        candidatesTokensDetails: [{ modality: 'IMAGE', tokenCount: IMAGE_OUTPUT_TOKENS }],
      };
      return `${JSON.stringify(geminiResponse(identity, candidate, usage), null, 2)}\n`;
    },
  });
}
