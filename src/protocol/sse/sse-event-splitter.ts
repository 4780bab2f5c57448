/**
 * Splits a byte stream of server-sent events into whole events, each with its terminating blank
 * line, without decoding them: a passthrough forwards the bytes as they came and only looks inside
 * the few events it must read. Handles `\n\n`, `\r\n\r\n` and `\r\r` terminators and events split
 * across network chunks. Written by hand because SSE parsers (eventsource-parser, undici's) decode
 * and re-frame every event, which is the work a passthrough exists to avoid.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
const LF_LF = Buffer.from('\n\n');
const CRLF_CRLF = Buffer.from('\r\n\r\n');
const CR_CR = Buffer.from('\r\r');

/** End index (exclusive, terminator included) of the first complete event at or after `from`. */
function findEventEnd(buffer: Buffer, from: number): number {
  const lf = buffer.indexOf(LF_LF, from);
  // A CR only matters for upstreams that use CR line endings; skip the two extra scans otherwise.
  if (buffer.indexOf(13, from) === -1) return lf === -1 ? -1 : lf + 2;
  const crlf = buffer.indexOf(CRLF_CRLF, from);
  const cr = buffer.indexOf(CR_CR, from);
  let end = -1;
  if (lf !== -1) end = lf + 2;
  if (crlf !== -1 && (end === -1 || crlf + 4 <= end)) end = crlf + 4;
  if (cr !== -1 && (end === -1 || cr + 2 < end)) end = cr + 2;
  return end;
}

export class SseEventSplitter {
  #pending: Buffer | undefined;

  /** Appends a network chunk and returns the complete events it closes, in order. */
  push(chunk: Buffer): Buffer[] {
    const buffer = this.#pending === undefined ? chunk : Buffer.concat([this.#pending, chunk]);
    const events: Buffer[] = [];
    let start = 0;
    for (;;) {
      const end = findEventEnd(buffer, start);
      if (end === -1) break;
      events.push(buffer.subarray(start, end));
      start = end;
    }
    this.#pending = start === buffer.length ? undefined : buffer.subarray(start);
    return events;
  }

  /** Bytes of an event that never got its terminator (the stream was cut mid-event). */
  get remainder(): Buffer | undefined {
    return this.#pending;
  }
}
