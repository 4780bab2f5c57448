import { hash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config/config-types.ts';
import { GatewayError } from '../core/gateway-error.ts';

/** The caller a key identified. */
export interface Caller {
  keyName: string;
}

const ANONYMOUS: Caller = { keyName: 'anonymous' };

/**
 * Reads the gateway API key the way each client SDK sends it: `Authorization: Bearer` (OpenAI,
 * Vercel AI SDK), `x-api-key` (Anthropic SDK) or `x-ai-gateway-api-key`.
 */
export function presentedKey(headers: Headers): string | undefined {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1] !== undefined) return match[1];
  }
  return headers.get('x-api-key') ?? headers.get('x-ai-gateway-api-key') ?? undefined;
}

/** How long a verified key is trusted without hashing it again (a revoked key stops within it). */
const VERIFIED_TTL_MS = 1000;
const VERIFIED_MAX = 10_000;

/**
 * Checks the caller's key against the configured ones. Keys are held only as SHA-256 digests and
 * every digest is compared in constant time, so neither a config dump nor response timing tells
 * anything about a key. A key verified in the last second is recognised without hashing again
 * (hashing was ~7 µs of every call under load). With no key configured the gateway is open (the
 * server refuses to bind a non-loopback address in that case).
 */
export class ApiKeyAuth {
  readonly #keys: { name: string; digest: Buffer }[];
  readonly #verified = new Map<string, { caller: Caller; until: number }>();

  constructor(keys: readonly ApiKeyConfig[]) {
    this.#keys = keys.map((key) => ({ name: key.name, digest: Buffer.from(key.sha256, 'hex') }));
  }

  get open(): boolean {
    return this.#keys.length === 0;
  }

  authenticate(headers: Headers): Caller {
    if (this.#keys.length === 0) return ANONYMOUS;
    const key = presentedKey(headers);
    if (key === undefined) {
      throw new GatewayError(
        'authentication',
        'Missing API key: send it as "Authorization: Bearer <key>" or in the "x-api-key" header.',
        { clientCode: 'missing_api_key' },
      );
    }
    const now = performance.now();
    const recent = this.#verified.get(key);
    if (recent !== undefined && recent.until > now) return recent.caller;
    const digest = hash('sha256', key, 'buffer');
    let found: Caller | undefined;
    for (const candidate of this.#keys) {
      // Every candidate is compared, so the time taken does not say which one matched.
      if (timingSafeEqual(candidate.digest, digest) && found === undefined)
        found = { keyName: candidate.name };
    }
    if (found === undefined) {
      throw new GatewayError('authentication', 'Invalid API key.', { clientCode: 'invalid_api_key' });
    }
    if (this.#verified.size >= VERIFIED_MAX) this.#verified.clear();
    this.#verified.set(key, { caller: found, until: now + VERIFIED_TTL_MS });
    return found;
  }
}
