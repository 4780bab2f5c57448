import type { CanonicalMessage } from '../../core/canonical.ts';

type FilePart = Extract<Extract<CanonicalMessage, { role: 'user' }>['content'][number], { type: 'file' }>;

const DATA_URL = /^data:([^;,]+)?(;base64)?,/;

/**
 * A file reference as clients send it — a `data:` URL or a plain URL — as the canonical file
 * data: inline base64 with its media type, or a URL the provider fetches itself.
 */
export function fileDataFromUrl(
  url: string,
  fallbackMediaType: string,
): Pick<FilePart, 'mediaType' | 'data'> {
  const match = DATA_URL.exec(url);
  if (match !== null) {
    const payload = url.slice(match[0].length);
    return {
      mediaType: match[1] ?? fallbackMediaType,
      data: {
        type: 'data',
        data: match[2] === undefined ? Buffer.from(decodeURIComponent(payload)).toString('base64') : payload,
      },
    };
  }
  try {
    return { mediaType: fallbackMediaType, data: { type: 'url', url: new URL(url) } };
  } catch {
    // Not a URL: treat it as bare base64, as some clients send.
    return { mediaType: fallbackMediaType, data: { type: 'data', data: url } };
  }
}
