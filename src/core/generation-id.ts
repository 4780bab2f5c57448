import { randomFillSync } from 'node:crypto';

// Crockford base32, the ULID alphabet (no I, L, O, U).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const POOL_SIZE = 16 * 256;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;
let lastTime = -1;
let lastPrefix = '';

/**
 * A generation id, `gen_` + a ULID (48-bit millisecond time, 80 random bits, Crockford base32):
 * the id Vercel's AI Gateway gives every call, so ids sort by time and a client can look a call
 * up with `GET /v1/generation?id=`. Written here rather than taken from a package because it is
 * twenty lines and sits on every call: randomness is drawn in pooled blocks, not per id.
 * @see https://github.com/ulid/spec
 */
export function newGenerationId(now: number = Date.now()): string {
  // Calls under load share milliseconds: the time part is encoded once per millisecond.
  if (now !== lastTime) {
    lastTime = now;
    let time = now;
    let chars = '';
    for (let index = 0; index < 10; index++) {
      chars = ALPHABET[time % 32] + chars;
      time = Math.floor(time / 32);
    }
    lastPrefix = `gen_${chars}`;
  }
  let id = lastPrefix;
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  for (let index = 0; index < 16; index++) id += ALPHABET[pool[poolOffset + index]! & 31];
  poolOffset += 16;
  return id;
}

const GENERATION_ID = /^gen_[0-9A-HJKMNP-TV-Z]{26}$/;

export function isGenerationId(text: string): boolean {
  return GENERATION_ID.test(text);
}
