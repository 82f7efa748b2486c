// Our image parts carry a URL: http(s) or a `data:` URI. Providers want either the URL or the
// base64 payload with its media type.

export type ImageData =
  | { kind: 'url'; url: URL }
  | { kind: 'base64'; data: string; mediaType: string };

const DATA_URI = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/s;

export function imageData(url: string): ImageData | null {
  const match = DATA_URI.exec(url);
  if (match) {
    const mediaType = match[1] || 'image/png';
    const data = match[3] ? match[4] : Buffer.from(decodeURIComponent(match[4]), 'utf8').toString('base64');
    return { kind: 'base64', data, mediaType };
  }
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? { kind: 'url', url: parsed } : null;
  } catch {
    return null;
  }
}
