import assert from 'node:assert/strict';

// Generic over the part types: the AI SDK provider packages pin different `@ai-sdk/provider`
// versions, whose stream part types are alike but not the same type.
type Part = { type: string };

/** Reads an AI SDK model stream to its end. */
export async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The deltas of one kind joined: the streamed text, thinking or tool input. */
export function joinDeltas(
  parts: readonly Part[],
  type: 'text-delta' | 'reasoning-delta' | 'tool-input-delta',
): string {
  return parts.map((part) => (part.type === type && 'delta' in part ? String(part.delta) : '')).join('');
}

/** The `finish` part a complete stream ends with. */
export function finishPart<T extends Part>(parts: readonly T[]): Extract<T, { type: 'finish' }> {
  const last = parts.at(-1);
  assert.ok(last?.type === 'finish', `the stream ends with a finish part, not ${last?.type}`);
  return last as Extract<T, { type: 'finish' }>;
}

/** The kinds and texts of a generated content list (`text:hi`, `tool-call:weather`, `reasoning:…`). */
export function describeContent(content: readonly Part[]): string[] {
  return content.map((part) => {
    if ((part.type === 'text' || part.type === 'reasoning') && 'text' in part)
      return `${part.type}:${String(part.text)}`;
    if (part.type === 'tool-call' && 'toolName' in part) return `tool-call:${String(part.toolName)}`;
    return part.type;
  });
}

/** A function tool with one required string argument, in the AI SDK's call options shape. */
export const WEATHER_FUNCTION = {
  type: 'function' as const,
  name: 'weather',
  description: 'Get the weather',
  inputSchema: {
    type: 'object' as const,
    properties: { city: { type: 'string' as const } },
    required: ['city'],
  },
};
