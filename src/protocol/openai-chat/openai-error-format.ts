import type { GatewayError } from '../../core/gateway-error.ts';
import { attemptsForBody } from '../attempts-header.ts';

/**
 * Renders a `GatewayError` in OpenAI's error shape, the one the `openai` SDK maps to its error
 * classes: `{"error":{"message","type","param","code"}}`.
 * @see https://platform.openai.com/docs/guides/error-codes/api-errors
 */
export function openAIErrorBody(error: GatewayError): string {
  const body: Record<string, unknown> = {
    message: error.message,
    type: error.type,
    param: error.param,
    code: error.clientCode,
  };
  if (error.attempts !== undefined && error.attempts.length > 0)
    body.attempts = attemptsForBody(error.attempts);
  return JSON.stringify({ error: body });
}

/**
 * The event that ends a stream that broke after it started. The `openai` SDK throws an `APIError`
 * for a `data:` payload with an `error` key; no `[DONE]` follows, so no client mistakes a
 * truncated answer for a complete one.
 */
export function openAIStreamErrorEvent(error: GatewayError): string {
  return `data: ${openAIErrorBody(error)}\n\n`;
}
