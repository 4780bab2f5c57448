import { randomFillSync } from 'node:crypto';

// Crockford base32, the ULID alphabet (no I, L, O, U).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const POOL_SIZE = 16 * 256;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/**
 * A generation id, `gen_` + a ULID (48-bit millisecond time, 80 random bits, Crockford base32):
 * the id Vercel's AI Gateway gives every call, so ids sort by time and a client can look a call
 * up with `GET /v1/generation?id=`. Written here rather than taken from a package because it is
 * twenty lines and sits on every call: randomness is drawn in pooled blocks, not per id.
 * @see https://github.com/ulid/spec
 */
export function newGenerationId(now: number = Date.now()): string {
  let id = 'gen_';
  let time = now;
  const timeChars = new Array<string>(10);
  for (let index = 9; index >= 0; index--) {
    timeChars[index] = ALPHABET[time % 32]!;
    time = Math.floor(time / 32);
  }
  id += timeChars.join('');
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
