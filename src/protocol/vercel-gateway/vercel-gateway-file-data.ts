import type { SharedV4FileData } from '@ai-sdk/provider';
import { GatewayError } from '../../core/gateway-error.ts';

const DATA_URL = /^data:([^;,]*)(?:;[^,]*)?;base64,(.*)$/s;

/** A file's bytes or location in the V4 tagged shape, and the media type a data URL names. */
export interface DecodedFileData {
  data: SharedV4FileData;
  mediaType: string | undefined;
}

function remoteUrl(text: string): URL | undefined {
  if (!text.startsWith('http://') && !text.startsWith('https://')) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * File data as each client line sends it, in the V4 shape providers take. The 2.x/3.x lines send
 * strings — a `data:` URL (bytes the app held), an `http(s)` URL (never downloaded client-side,
 * the gateway model accepts every URL) or bare base64 — so strings are sniffed; the 4.x line sends
 * `{type:'data'|'url'|'reference'|'text', …}` (URLs as strings on the wire, `URL` objects here).
 */
export function decodeFileData(value: unknown, param: string): DecodedFileData {
  if (typeof value === 'string') {
    const dataUrl = DATA_URL.exec(value);
    if (dataUrl !== null) {
      return { data: { type: 'data', data: dataUrl[2] ?? '' }, mediaType: dataUrl[1] || undefined };
    }
    const url = remoteUrl(value);
    if (url !== undefined) return { data: { type: 'url', url }, mediaType: undefined };
    return { data: { type: 'data', data: value }, mediaType: undefined };
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as Record<string, unknown>;
    if (tagged.type === 'data' && typeof tagged.data === 'string') return decodeFileData(tagged.data, param);
    if (tagged.type === 'url' && typeof tagged.url === 'string') {
      const url = remoteUrl(tagged.url);
      if (url !== undefined) return { data: { type: 'url', url }, mediaType: undefined };
      return decodeFileData(tagged.url, param);
    }
    if (tagged.type === 'text' && typeof tagged.text === 'string') {
      return { data: { type: 'text', text: tagged.text }, mediaType: undefined };
    }
    if (tagged.type === 'reference' && tagged.reference !== null && typeof tagged.reference === 'object') {
      return {
        data: { type: 'reference', reference: tagged.reference as Record<string, string> },
        mediaType: undefined,
      };
    }
  }
  throw new GatewayError(
    'invalid_request',
    `Invalid request: ${param} must be a base64 string, a data or http(s) URL, or {type:'data'|'url'|'text'|'reference', …}.`,
    { param, clientCode: 'invalid_request_body' },
  );
}
