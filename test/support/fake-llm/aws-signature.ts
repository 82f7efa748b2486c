import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AwsAuthSeen, AwsCredentials } from './types.js';

// Bedrock authentication checked the way AWS checks it: a bearer token (Bedrock API key) or an
// `AWS4-HMAC-SHA256` Authorization header whose credential scope names the `bedrock` service.
// When the fake knows the key pair it recomputes the signature from the request as received,
// written from the SigV4 specification (not with the client's signer), so a client that edits
// the body after signing, or signs with the wrong secret, region or date, is caught.

export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as sent, percent-encoding kept. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SigV4Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** An error AWS answers for a request it cannot authenticate (status 403, Bedrock's error types). */
export interface AuthRejection {
  type: string;
  message: string;
}

export type AuthCheck = { seen: AwsAuthSeen; rejection?: undefined } | { seen?: AwsAuthSeen; rejection: AuthRejection };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

export function parseSigV4Authorization(value: string): SigV4Authorization | null {
  const match = AUTHORIZATION.exec(value.trim());
  if (match === null) return null;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Services other than S3 encode each path segment twice: once on the wire, once more here. */
function canonicalPath(path: string): string {
  return path.split('/').map(uriEncode).join('/') || '/';
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const [key, value = ''] = pair.split('=');
      const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
      return [uriEncode(decode(key)), uriEncode(decode(value))];
    });
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  pairs.sort(([keyA, valueA], [keyB, valueB]) => compare(keyA, keyB) || compare(valueA, valueB));
  return pairs.map((pair) => pair.join('=')).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** The hex signature of a request for the given authorization scope, per the SigV4 specification. */
export function computeSigV4Signature(request: ReceivedRequest, authorization: SigV4Authorization, secretAccessKey: string): string {
  const [path, query = ''] = request.url.split('?', 2);
  const canonicalHeaders = authorization.signedHeaders.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    canonicalHeaders,
    authorization.signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${authorization.date}/${authorization.region}/${authorization.service}/aws4_request`;
  const stringToSign = [ALGORITHM, headerValue(request.headers, 'x-amz-date'), scope, sha256Hex(canonicalRequest)].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, authorization.date);
  for (const part of [authorization.region, authorization.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** Reads and checks a Bedrock request's authentication; `credentials` null checks the form only. */
export function checkAwsAuth(request: ReceivedRequest, credentials: AwsCredentials | null): AuthCheck {
  const header = headerValue(request.headers, 'authorization');
  if (header === '') return { rejection: { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' } };
  if (/^bearer\s+\S/i.test(header)) return { seen: { scheme: 'bearer' } };
  const authorization = parseSigV4Authorization(header);
  if (authorization === null) {
    return { rejection: { type: 'IncompleteSignatureException', message: `Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (${ALGORITHM}).` } };
  }
  const { signature: _signature, ...scope } = authorization;
  const seen = (signatureVerified: boolean): AwsAuthSeen => ({ scheme: 'sigv4', ...scope, signatureVerified });
  const reject = (type: string, message: string): AuthCheck => ({ seen: seen(false), rejection: { type, message } });
  const amzDate = headerValue(request.headers, 'x-amz-date');
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || !authorization.signedHeaders.includes('x-amz-date')) {
    return reject('IncompleteSignatureException', 'The request must carry a signed X-Amz-Date header (YYYYMMDDTHHMMSSZ).');
  }
  if (!authorization.signedHeaders.includes('host')) return reject('InvalidSignatureException', "'Host' must be a signed header.");
  if (amzDate.slice(0, 8) !== authorization.date) {
    return reject('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${authorization.date}' != '${amzDate.slice(0, 8)}'.`);
  }
  if (authorization.service !== 'bedrock') return reject('InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock'.");
  if (credentials === null) return { seen: seen(false) };
  if (authorization.accessKeyId !== credentials.accessKeyId) {
    return reject('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (!sameHex(computeSigV4Signature(request, authorization, credentials.secretAccessKey), authorization.signature)) {
    return reject(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return { seen: seen(true) };
}
