import type { ImageModelV4, SharedV4Warning } from '@ai-sdk/provider';
import {
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  postJsonToApi,
} from '@ai-sdk/provider-utils';
import { z } from 'zod';
import { GatewayError } from '../../core/gateway-error.ts';

/** Where and how an Imagen model is called. */
export interface GoogleImagenSettings {
  /** `google.image` or `vertex.image`, for logs and errors. */
  provider: string;
  /** The `…/models` parent: `…/v1beta` (Gemini API) or `…/locations/{l}/publishers/google` (Vertex). */
  baseURL: string;
  /** Auth and configured headers (`x-goog-api-key`). */
  headers: Record<string, string>;
  /** The `providerOptions` key whose entries go into `parameters` (`google`, `vertex`). */
  optionsKey: string;
  fetch: typeof globalThis.fetch;
  /** Set when the model cannot be called with this configuration: every call is this 400. */
  unavailable?: string;
}

const predictResponseSchema = z.object({
  predictions: z
    .array(z.object({ bytesBase64Encoded: z.string(), mimeType: z.string().optional() }))
    .default([]),
});

// Imagen generates at most four images a request.
const MAX_IMAGES_PER_CALL = 4;

/**
 * Imagen (`imagen-4.0-generate-001`, …) through `models/{model}:predict`, the same request on the
 * Gemini API and on Vertex AI: `instances: [{prompt}]`, `parameters: {sampleCount, aspectRatio,
 * …providerOptions}`, base64 PNGs back. The gateway's own `ImageModelV4` because the AI SDK's
 * Google packages now only generate images with Gemini models (`generateContent`); errors come out
 * as `APICallError`s for the provider's own error reader, like the AI SDK's.
 * @see https://ai.google.dev/gemini-api/docs/imagen
 * @see https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/imagen-api
 */
export function createGoogleImagenModel(modelId: string, settings: GoogleImagenSettings): ImageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: settings.provider,
    modelId,
    maxImagesPerCall: MAX_IMAGES_PER_CALL,
    async doGenerate(options) {
      if (settings.unavailable !== undefined) {
        throw new GatewayError('invalid_request', settings.unavailable, { param: 'model' });
      }
      if (options.files !== undefined || options.mask !== undefined) {
        throw new GatewayError('invalid_request', `Image editing is not supported for ${modelId}.`, {
          param: 'files',
        });
      }
      const warnings: SharedV4Warning[] = [];
      if (options.size !== undefined) {
        warnings.push({ type: 'unsupported', feature: 'size', details: 'Imagen takes an aspect ratio.' });
      }
      if (options.seed !== undefined) warnings.push({ type: 'unsupported', feature: 'seed' });
      const { value, responseHeaders } = await postJsonToApi({
        url: `${settings.baseURL}/models/${modelId}:predict`,
        headers: { ...settings.headers, ...options.headers },
        body: {
          instances: [{ prompt: options.prompt ?? '' }],
          parameters: {
            sampleCount: options.n,
            ...(options.aspectRatio === undefined ? {} : { aspectRatio: options.aspectRatio }),
            ...options.providerOptions[settings.optionsKey],
          },
        },
        failedResponseHandler: createStatusCodeErrorResponseHandler(),
        successfulResponseHandler: createJsonResponseHandler(predictResponseSchema),
        abortSignal: options.abortSignal,
        fetch: settings.fetch,
      });
      const predictions = value.predictions;
      return {
        images: predictions.map((prediction) => prediction.bytesBase64Encoded),
        warnings,
        providerMetadata: { [settings.optionsKey]: { images: predictions.map(() => ({})) } },
        response: { timestamp: new Date(), modelId, headers: responseHeaders },
      };
    },
  };
}
