import { isIP } from 'node:net';

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare.startsWith('::ffff:127.');
}

/**
 * With no API key configured the gateway lets anyone spend its provider keys, which is only
 * acceptable when nobody else can reach it. Refuse any other bind address.
 */
export function assertSafeBind(host: string, apiKeyCount: number): void {
  if (apiKeyCount > 0 || isLoopbackHost(host)) return;
  throw new Error(
    `Refusing to listen on ${host} without an API key: anyone who can reach it could spend your provider keys.\n` +
      'Add one under auth.api_keys in the config (e.g. key: ${TOLLGATE_API_KEY}), or listen on 127.0.0.1.',
  );
}
