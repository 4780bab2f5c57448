import { incomingHeaderRecord } from '../../core/incoming-request.ts';

/** Headers a client may never push upstream, whatever `forward_headers` says. */
const NEVER_FORWARDED = new Set([
  'authorization',
  'x-api-key',
  'x-ai-gateway-api-key',
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  // The transport does not decompress: a forwarded accept-encoding would bring back gzip.
  'accept-encoding',
  'te',
  'upgrade',
  'keep-alive',
  'proxy-authorization',
]);

/**
 * Builds the function that copies the configured client headers (exact names or `prefix-*`)
 * onto the provider's own headers, or `undefined` when nothing is forwarded — the common case,
 * which then costs nothing per request.
 */
export function createHeaderForwarder(
  patterns: readonly string[],
): ((clientRequest: Request, base: Record<string, string>) => Record<string, string>) | undefined {
  if (patterns.length === 0) return undefined;
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  const wanted = (name: string): boolean =>
    !NEVER_FORWARDED.has(name) && (exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix)));
  return (clientRequest, base) => {
    const headers = incomingHeaderRecord(clientRequest);
    let out: Record<string, string> | undefined;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || !wanted(name)) continue;
      out ??= { ...base };
      out[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out ?? base;
  };
}
