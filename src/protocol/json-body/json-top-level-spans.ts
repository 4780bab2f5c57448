/**
 * Locates the values of chosen top-level keys in a JSON object text, so a passthrough can splice a
 * new `model` (or `stream_options`) into the body the client sent and leave every other byte as it
 * was. Written by hand because JSON libraries either re-serialise (losing the client's bytes) or
 * build a full token tree (too slow for the hot path); this only walks the top level and skips
 * strings with `indexOf`.
 *
 * The input must already be known to be valid JSON (it was `JSON.parse`d first).
 */

/** Half-open range `[start, end)` of a value in the text. */
export interface JsonSpan {
  start: number;
  end: number;
  /**
   * (`findTopLevelSpans` only) the whole member, `"key": value` with the comma that separates it
   * from its neighbour: replacing this span with nothing removes the key cleanly.
   */
  member?: { start: number; end: number };
}

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const OPEN_BRACE = 123; // {
const CLOSE_BRACE = 125; // }
const OPEN_BRACKET = 91; // [
const CLOSE_BRACKET = 93; // ]
const COMMA = 44; // ,
const COLON = 58; // :

/** Index just past the closing quote of the string that opens at `start`. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return text.length;
    let backslashes = 0;
    for (let j = quote - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** Index just past the value that starts at `start` (whitespace already skipped). */
function skipValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipString(text, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    let i = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return text.length;
  }
  // number, true, false, null: runs until a delimiter.
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c <= 32) break;
    i++;
  }
  return i;
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

/**
 * Returns the span of each wanted top-level key's value (the last one wins on duplicates, as with
 * `JSON.parse`). `closeBrace` is the index of the object's final `}` (for appending keys), or -1
 * when the text is not a well-formed object at the top level.
 */
export function findTopLevelSpans(
  text: string,
  keys: readonly string[],
): { spans: Map<string, JsonSpan>; closeBrace: number } {
  const spans = new Map<string, JsonSpan>();
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return { spans, closeBrace: -1 };
  i++;
  let previousComma = -1;
  for (;;) {
    i = skipWhitespace(text, i);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return { spans, closeBrace: i };
    if (c === COMMA) {
      previousComma = i;
      i++;
      continue;
    }
    const memberStart = i;
    if (c !== QUOTE) return { spans, closeBrace: -1 };
    const keyEnd = skipString(text, i);
    const rawKey = text.slice(i + 1, keyEnd - 1);
    i = skipWhitespace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return { spans, closeBrace: -1 };
    i = skipWhitespace(text, i + 1);
    const valueEnd = skipValue(text, i);
    // Keys with escapes never match our plain ASCII key names, which is what we want.
    if (keys.includes(rawKey)) {
      const after = skipWhitespace(text, valueEnd);
      const member =
        text.charCodeAt(after) === COMMA
          ? { start: memberStart, end: after + 1 }
          : { start: previousComma === -1 ? memberStart : previousComma, end: valueEnd };
      spans.set(rawKey, { start: i, end: valueEnd, member });
    }
    i = valueEnd;
  }
}

/** Nesting depth change over `text[from, to)`, strings skipped: +1 per `{`/`[`, -1 per `}`/`]`. */
function depthChange(text: string, from: number, to: number): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
    i++;
  }
  return depth;
}

/**
 * The span of a top-level key's value found by searching for `"key":` instead of walking the
 * whole document, for upstream answers where `model` sits near the start and `usage` near the
 * end: only the text between the document's edge and the key is walked, to prove the key is at
 * the top level. (A raw `"key":` can only be a key: quotes inside strings are escaped.) Returns
 * `undefined` when that cannot be proven; callers then fall back to `findTopLevelSpans`.
 */
export function findTopLevelSpanFast(text: string, key: string, fromEnd: boolean): JsonSpan | undefined {
  const needle = `"${key}":`;
  const at = fromEnd ? text.lastIndexOf(needle) : text.indexOf(needle);
  if (at === -1) return undefined;
  const start = skipWhitespace(text, at + needle.length);
  const end = skipValue(text, start);
  if (fromEnd) {
    // After a top-level value only the document's closing brace may close anything.
    if (depthChange(text, end, text.length) !== -1) return undefined;
  } else if (depthChange(text, 0, at) !== 1) {
    return undefined;
  }
  return { start, end };
}

/** One replacement: the text in `span` becomes `text`. */
export interface JsonEdit {
  span: JsonSpan;
  text: string;
}

/**
 * Applies edits (any order) to `source`. Overlapping edits are merged: two removed neighbouring
 * members may both claim the comma between them, and the union of what they remove is right.
 */
export function applyEdits(source: string, edits: JsonEdit[]): string {
  if (edits.length === 0) return source;
  edits.sort((a, b) => a.span.start - b.span.start);
  let out = '';
  let cursor = 0;
  for (const edit of edits) {
    if (edit.span.start < cursor) {
      out += edit.text;
      cursor = Math.max(cursor, edit.span.end);
      continue;
    }
    out += source.slice(cursor, edit.span.start) + edit.text;
    cursor = edit.span.end;
  }
  return out + source.slice(cursor);
}
