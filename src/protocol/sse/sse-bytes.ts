/**
 * Byte-level helpers for reading and editing one SSE event without decoding it. They rely on a
 * property of JSON: a `"` inside a string value is always escaped, so a raw `"name":` byte
 * sequence can only be a key.
 */

const DATA_PREFIX = Buffer.from('data:');
const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;

/** Start and end (exclusive, line break excluded) of the first `data:` field's value, or `undefined`. */
export function findDataPayload(event: Buffer): { start: number; end: number } | undefined {
  let at = event.indexOf(DATA_PREFIX);
  // `data:` must start a line.
  while (at > 0 && event[at - 1] !== 10 && event[at - 1] !== 13) at = event.indexOf(DATA_PREFIX, at + 1);
  if (at === -1) return undefined;
  let start = at + DATA_PREFIX.length;
  if (event[start] === SPACE) start++;
  let end = start;
  while (end < event.length && event[end] !== 10 && event[end] !== 13) end++;
  return { start, end };
}

/** Index of the value following key `"name":` (whitespace skipped) within `[from, to)`, or -1. */
export function findKeyValue(buffer: Buffer, key: Buffer, from: number, to: number): number {
  const at = buffer.indexOf(key, from);
  if (at === -1 || at >= to) return -1;
  let i = at + key.length;
  while (i < to && (buffer[i] === SPACE || buffer[i] === 9)) i++;
  return i < to ? i : -1;
}

/** Index just past the JSON string starting at `start` (which must be a `"`). */
export function skipJsonString(buffer: Buffer, start: number, to: number): number {
  let i = start + 1;
  while (i < to) {
    const c = buffer[i];
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i + 1;
    else i++;
  }
  return to;
}

/** Builds the `"name":` search key for `findKeyValue`. */
export function jsonKey(name: string): Buffer {
  return Buffer.from(`"${name}":`);
}

export function isQuote(byte: number | undefined): boolean {
  return byte === QUOTE;
}
