import type { GatewayError } from '../../core/gateway-error.ts';

/**
 * The `error` event that ends a Responses stream which broke after it started. On the wire
 * OpenAI nests the error (`{"type":"error","error":{type,code,message,param}}`, as recorded in
 * `openai/errors/vercel-ai/openai-error.1.chunks.txt`) while its API reference documents the
 * fields flat; both are sent, so the `openai` SDKs (which throw an `APIError` for an `error`
 * event, reading `data.error ?? data`) and clients typed after the reference all see it.
 * @see https://platform.openai.com/docs/api-reference/responses-streaming/error
 */
export function openAIResponsesErrorEvent(error: GatewayError, sequenceNumber: number): string {
  const code = JSON.stringify(error.clientCode);
  const message = JSON.stringify(error.message);
  const param = JSON.stringify(error.param);
  const nested = `{"type":${JSON.stringify(error.type)},"code":${code},"message":${message},"param":${param}}`;
  return (
    `event: error\ndata: {"type":"error","code":${code},"message":${message},"param":${param},` +
    `"error":${nested},"sequence_number":${sequenceNumber}}\n\n`
  );
}

/** The `error` of a failed response object: `{code, message}`. */
export function openAIResponsesFailure(error: GatewayError): string {
  return `{"code":${JSON.stringify(error.clientCode)},"message":${JSON.stringify(error.message)}}`;
}

/** A lifecycle event (`response.created`, `.in_progress`, `.completed`, `.incomplete`, `.failed`). */
export function responseLifecycleEvent(type: string, response: string, sequenceNumber: number): string {
  return `event: ${type}\ndata: {"type":"${type}","response":${response},"sequence_number":${sequenceNumber}}\n\n`;
}
