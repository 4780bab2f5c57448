import type { Usage } from '../../core/usage.ts';
import { skipJsonString } from '../sse/sse-bytes.ts';
import { usageFromOpenAIResponses } from './openai-responses-usage-wire.ts';

const USAGE_KEY = Buffer.from('"usage":');
const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Parses the JSON text in `[start, end)` of a buffer; `undefined` when it is not JSON. */
export function readJsonObjectAt(buffer: Buffer, start: number, end: number): unknown {
  try {
    return JSON.parse(buffer.toString('utf8', start, end));
  } catch {
    return undefined;
  }
}

/** Index just past the object that opens at `start`, or -1 when it does not close before `to`. */
function objectEnd(buffer: Buffer, start: number, to: number): number {
  let depth = 0;
  for (let i = start; i < to; i++) {
    const c = buffer[i];
    if (c === QUOTE) i = skipJsonString(buffer, i, to) - 1;
    else if (c === OPEN_BRACE) depth++;
    else if (c === CLOSE_BRACE && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The usage of a final lifecycle event (`response.completed`, `.incomplete`, `.failed`), whose
 * `data` holds the whole response — the answer's text included, so it is not parsed as a whole:
 * `usage` is one of the response's last keys, found by searching from the end and parsed alone.
 * Only when that fails is the event parsed. `null` means the event is not JSON.
 */
export function readLifecycleUsage(event: Buffer, start: number, end: number): Usage | undefined | null {
  const at = event.lastIndexOf(USAGE_KEY, end);
  if (at >= start) {
    let value = at + USAGE_KEY.length;
    while (value < end && (event[value] === 32 || event[value] === 9)) value++;
    const close = event[value] === OPEN_BRACE ? objectEnd(event, value, end) : -1;
    const usage = close === -1 ? undefined : usageFromOpenAIResponses(readJsonObjectAt(event, value, close));
    if (usage !== undefined) return usage;
  }
  const data = readJsonObjectAt(event, start, end) as { response?: { usage?: unknown } } | undefined;
  if (data === undefined) return null;
  return usageFromOpenAIResponses(data.response?.usage);
}
