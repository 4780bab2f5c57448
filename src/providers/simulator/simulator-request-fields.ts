/** A parsed JSON object, as request bodies are read. */
export type JsonObject = Record<string, unknown>;

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a request body; `undefined` when it is not JSON or not an object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A positive integer (`max_tokens` and its kin), else `undefined`. */
export function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The strings of a list (stop sequences, names); anything else is left out. */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** The elements of a list that are objects (messages, parts, blocks). */
export function objectList(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The text of a tool result as the simulator quotes it: strings as is, anything else as JSON. */
export function toolResultText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
