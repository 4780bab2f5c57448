import { simulatorHeader as header, type SimulatorHeaders } from './simulator-behaviour.ts';
import type { SimulatorApi } from './simulator-routes.ts';

function bearer(headers: SimulatorHeaders): string | undefined {
  const authorization = header(headers, 'authorization');
  return authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
}

function queryKey(search: string): string | undefined {
  return new URLSearchParams(search).get('key') ?? undefined;
}

// SigV4: `AWS4-HMAC-SHA256 Credential=<access key id>/<date>/<region>/<service>/aws4_request, …`.
const SIGV4_ACCESS_KEY = /Credential=([^/,\s]+)\//;

type KeyReader = (headers: SimulatorHeaders, search: string) => string | undefined;

/**
 * How each API's own clients send their key, to compare with the simulator's `apiKey`. For
 * Bedrock it is the access key id of the SigV4 signature (the signature itself is not verified).
 */
const KEY_READERS: Readonly<Record<SimulatorApi, KeyReader>> = {
  openai: bearer,
  cohere: bearer,
  azure: (headers) => header(headers, 'api-key') ?? bearer(headers),
  anthropic: (headers) => header(headers, 'x-api-key') ?? bearer(headers),
  gemini: (headers, search) => header(headers, 'x-goog-api-key') ?? queryKey(search),
  'vertex-anthropic': (headers, search) =>
    bearer(headers) ?? header(headers, 'x-goog-api-key') ?? queryKey(search),
  'vertex-gemini': (headers, search) =>
    bearer(headers) ?? header(headers, 'x-goog-api-key') ?? queryKey(search),
  bedrock: (headers) => SIGV4_ACCESS_KEY.exec(header(headers, 'authorization') ?? '')?.[1],
};

/** The key a request presents, read the way the API it calls expects it. */
export function presentedSimulatorKey(
  api: SimulatorApi,
  headers: SimulatorHeaders,
  search: string,
): string | undefined {
  return KEY_READERS[api](headers, search);
}
