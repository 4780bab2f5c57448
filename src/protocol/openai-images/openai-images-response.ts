import type { ImageCallResult } from '../canonical/canonical-image-call.ts';

/**
 * A canonical image result in OpenAI's response shape: `{created, data: [{b64_json}], usage?}`;
 * with `response_format: "url"` each image is a `data:` URL (the gateway stores no files to link
 * to). `usage` only when the provider reported tokens.
 * @see https://platform.openai.com/docs/api-reference/images/object
 */
export function encodeOpenAIImagesResponse(result: ImageCallResult, asUrl: boolean): string {
  const data = result.images.map((image) =>
    asUrl ? { url: `data:${result.mediaType};base64,${image}` } : { b64_json: image },
  );
  const usage = result.usage;
  return JSON.stringify({
    created: Math.floor(Date.now() / 1000),
    data,
    usage:
      usage === undefined
        ? undefined
        : {
            input_tokens: usage.inputTokens ?? 0,
            output_tokens: usage.outputTokens ?? 0,
            total_tokens: usage.totalTokens ?? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
          },
  });
}
