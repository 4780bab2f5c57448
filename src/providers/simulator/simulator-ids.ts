const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Ids only need to look like the provider's and be unique enough for logs; Math.random is far
// cheaper per request than crypto and there is nothing to protect.
function randomText(length: number): string {
  let text = '';
  for (let index = 0; index < length; index++) text += ALPHABET[(Math.random() * ALPHABET.length) | 0];
  return text;
}

/** `chatcmpl-` and 29 characters, like OpenAI's completion ids. */
export function simulatorCompletionId(): string {
  return `chatcmpl-${randomText(29)}`;
}

/** `call_` and 24 characters, like OpenAI's tool call ids. */
export function simulatorToolCallId(): string {
  return `call_${randomText(24)}`;
}
