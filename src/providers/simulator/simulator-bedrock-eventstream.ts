import { crc32 } from 'node:zlib';

/**
 * The AWS event stream binary framing (`application/vnd.amazon.eventstream`) that Bedrock's
 * `ConverseStream` answers in. Each message:
 *
 * ```
 * total length (u32) | headers length (u32) | prelude CRC32 (u32) | headers | payload | message CRC32 (u32)
 * ```
 *
 * A header is its name length (u8), name, value type (u8, 7 = string), value length (u16) and
 * value. All integers are big-endian; the CRCs are CRC-32 (IEEE) of the prelude's first 8 bytes
 * and of everything before the message CRC. See
 * https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream.
 */
const PRELUDE_LENGTH = 12;
const CRC_LENGTH = 4;
const STRING_HEADER = 7;

/**
 * Encodes string headers once; the result is reused for every message of that kind, so a stream
 * event costs one allocation and two CRCs.
 */
export function encodeEventStreamHeaders(headers: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name);
    const valueBytes = Buffer.from(value);
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    header.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(header, 1);
    header.writeUInt8(STRING_HEADER, 1 + nameBytes.length);
    header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(header, 4 + nameBytes.length);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

/** One event stream message with valid prelude and message CRCs. */
export function encodeEventStreamMessage(headers: Buffer, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const total = PRELUDE_LENGTH + headers.length + body.length + CRC_LENGTH;
  const message = Buffer.allocUnsafe(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(headers.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  headers.copy(message, PRELUDE_LENGTH);
  body.copy(message, PRELUDE_LENGTH + headers.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - CRC_LENGTH)), total - CRC_LENGTH);
  return message;
}

/** The headers of a Bedrock event of some type (`messageStart`, `contentBlockDelta`, …). */
export function bedrockEventHeaders(eventType: string): Buffer {
  return encodeEventStreamHeaders({
    ':event-type': eventType,
    ':content-type': 'application/json',
    ':message-type': 'event',
  });
}

/** The headers of an in-stream exception (`throttlingException`, `modelStreamErrorException`, …). */
export function bedrockExceptionHeaders(exceptionType: string): Buffer {
  return encodeEventStreamHeaders({
    ':exception-type': exceptionType,
    ':content-type': 'application/json',
    ':message-type': 'exception',
  });
}
