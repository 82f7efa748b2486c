/**
 * `Content-Disposition: attachment` for a download (api.md 9.2). The quoted `filename` is always
 * plain ASCII (header values cannot carry anything else safely); a name that needs more gets the
 * RFC 5987 `filename*` as well, which every current browser prefers.
 */
const PLAIN_NAME = /^[\x20-\x7e]*$/;

function encodeRfc5987(value: string): string {
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow.
  return encodeURIComponent(value).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function attachmentDisposition(fileName: string): string {
  if (PLAIN_NAME.test(fileName)) return `attachment; filename="${fileName.replace(/["\\]/g, '\\$&')}"`;
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}
