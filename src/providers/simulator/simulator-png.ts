import { crc32, deflateSync } from 'node:zlib';

/**
 * A tiny PNG encoder for the simulator's generated images. Hand-written rather than a dependency
 * because the simulator needs one thing only — a valid, decodable PNG of a solid colour — and the
 * format for that is three chunks: IHDR, one zlib-deflated IDAT, IEND, each with a CRC-32 (both
 * from `node:zlib`). See https://www.w3.org/TR/png-3/.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOUR_TYPE_RGB = 2;

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  // The CRC covers the chunk type and data, not the length.
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGB colour, each channel 0–255. */
export interface SimulatorRgb {
  r: number;
  g: number;
  b: number;
}

/** A `width`×`height` PNG filled with one colour (8-bit RGB, no interlacing). */
export function encodeSolidPng(width: number, height: number, colour: SimulatorRgb): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = COLOUR_TYPE_RGB;
  // compression 0 (deflate), filter method 0, interlace 0: left at zero.
  const row = Buffer.alloc(1 + width * 3); // a leading filter byte 0 ("None") per scanline
  for (let x = 0; x < width; x++) {
    row[1 + x * 3] = colour.r;
    row[2 + x * 3] = colour.g;
    row[3 + x * 3] = colour.b;
  }
  const pixels = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) row.copy(pixels, y * row.length);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The side of the simulator's square images, whatever size was asked: real sizes only cost bytes. */
export const SIMULATOR_IMAGE_SIDE = 64;

/**
 * The simulator's image for a prompt: a 64×64 PNG whose colour is derived from the prompt's hash
 * (and the image's index), so the same prompt gives the same image and tests can tell them apart.
 */
export function simulatorImagePng(promptHash: number, index: number): Buffer {
  const hash = (promptHash + Math.imul(index, 0x9e3779b1)) >>> 0;
  const colour = { r: hash & 0xff, g: (hash >>> 8) & 0xff, b: (hash >>> 16) & 0xff };
  return encodeSolidPng(SIMULATOR_IMAGE_SIDE, SIMULATOR_IMAGE_SIDE, colour);
}
