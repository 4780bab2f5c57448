import type { SimulatorHeaders } from './simulator-behaviour.ts';
import type { SimulatorConfig } from './simulator-config.ts';
import { simulatorTextHash } from './simulator-embed-vectors.ts';
import { planSimulatorMediaReply } from './simulator-media-reply.ts';
import { simulatorMediaKind } from './simulator-models.ts';
import {
  AZURE_ERROR_REPLIES,
  azureDeploymentNotFoundReply,
  OPENAI_ERROR_REPLIES,
  openAiErrorReply,
  openAiModelNotFoundReply,
} from './simulator-openai-errors.ts';
import { SIMULATOR_IMAGE_SIDE, simulatorImagePng } from './simulator-png.ts';
import type { SimulatorReplyPlan } from './simulator-reply-plan.ts';
import { parseJsonObject } from './simulator-request-fields.ts';
import { estimateSimulatorTokens } from './simulator-tokenizer.ts';

// gpt-image-1 bills a low-quality square image as 272 output tokens; the simulator bills each so.
const OUTPUT_TOKENS_PER_IMAGE = 272;
const MAX_IMAGES = 10;
const MALFORMED = Buffer.from('{\n  "created": 1760092079,\n  "data": [\n    {\n      "b64_');

function badRequest(message: string, param: string | null, code: string | null = null): SimulatorReplyPlan {
  return openAiErrorReply(400, { message, type: 'invalid_request_error', param, code });
}

/**
 * Plans the reply to `POST /v1/images/generations` (and Azure OpenAI's paths): `n` images of the
 * prompt, each a 64×64 PNG coloured by the prompt (`simulator-png.ts`). `response_format: b64_json`
 * (the default, as for gpt-image models) answers like gpt-image-1, with token `usage`; `url`
 * answers like dall-e with a `data:` URL, as the simulator hosts no files. See
 * https://platform.openai.com/docs/api-reference/images/create.
 */
export function planOpenAiImagesReply(
  body: string,
  headers: SimulatorHeaders,
  config: SimulatorConfig,
  azure: boolean,
  deployment: string | undefined,
): SimulatorReplyPlan {
  const request = parseJsonObject(body);
  if (request === undefined) return badRequest('We could not parse the JSON body of your request.', null);
  const model = deployment ?? (typeof request.model === 'string' ? request.model : 'image');
  const prompt = request.prompt;
  if (typeof prompt !== 'string' || prompt === '') {
    return badRequest("Missing required parameter: 'prompt'.", 'prompt', 'missing_required_parameter');
  }
  const n = request.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_IMAGES) {
    return badRequest(
      `Invalid 'n': expected an integer between 1 and ${MAX_IMAGES}, got ${JSON.stringify(n)}.`,
      'n',
    );
  }
  const format = request.response_format ?? 'b64_json';
  if (format !== 'b64_json' && format !== 'url') {
    return badRequest(
      `Invalid value: '${String(format)}'. Supported values are: 'url' and 'b64_json'.`,
      'response_format',
      'invalid_value',
    );
  }
  if (simulatorMediaKind(model) !== 'image') {
    return deployment === undefined ? openAiModelNotFoundReply(model) : azureDeploymentNotFoundReply();
  }
  const call = {
    model,
    promptCharacters: prompt.length,
    errors: azure ? AZURE_ERROR_REPLIES : OPENAI_ERROR_REPLIES,
    malformed: MALFORMED,
  };
  return planSimulatorMediaReply(call, headers, config, {
    contentType: 'application/json',
    body() {
      const hash = simulatorTextHash(prompt);
      const created = Math.floor(Date.now() / 1000);
      const images = Array.from({ length: n }, (_, index) =>
        simulatorImagePng(hash, index).toString('base64'),
      );
      if (format === 'url') {
        return JSON.stringify({
          created,
          data: images.map((b64) => ({ url: `data:image/png;base64,${b64}` })),
        });
      }
      const inputTokens = estimateSimulatorTokens(prompt.length);
      const outputTokens = OUTPUT_TOKENS_PER_IMAGE * n;
      return JSON.stringify({
        created,
        background: 'opaque',
        data: images.map((b64) => ({ b64_json: b64 })),
        output_format: 'png',
        quality: typeof request.quality === 'string' ? request.quality : 'low',
        size: `${SIMULATOR_IMAGE_SIDE}x${SIMULATOR_IMAGE_SIDE}`,
        usage: {
          input_tokens: inputTokens,
          input_tokens_details: { image_tokens: 0, text_tokens: inputTokens },
          output_tokens: outputTokens,
          total_tokens: inputTokens + outputTokens,
        },
      });
    },
  });
}
