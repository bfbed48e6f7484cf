import { createHash, createHmac } from 'node:crypto';

/** An access key pair of an S3-compatible service. */
export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignableRequest {
  method: string;
  /** Path as sent, each segment already encoded with {@link encodeS3Segment}. */
  path: string;
  /** Query parameters (unencoded); a parameter without a value is `''`. */
  query?: Record<string, string>;
  /** Headers to sign besides `host`, `x-amz-date` and `x-amz-content-sha256`, which are added. */
  headers?: Record<string, string>;
  host: string;
  /** Hex SHA-256 of the body (`sha256Hex(body)`). */
  payloadHash: string;
  region: string;
  credentials: S3Credentials;
  now?: Date;
}

/** Hex SHA-256, the form S3 wants for `x-amz-content-sha256`. */
export const sha256Hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/**
 * Percent-encode one path segment or query component the way SigV4 wants:
 * everything but `A-Z a-z 0-9 - . _ ~`, as UTF-8 bytes, upper-case hex.
 *
 * @example encodeS3Segment('a b$(1).png') // 'a%20b%24%281%29.png'
 */
export function encodeS3Segment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z`: the ISO 8601 basic form SigV4 uses. */
export const amzDate = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [encodeS3Segment(k), encodeS3Segment(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * Sign a request with AWS Signature Version 4 for S3 (header form), as
 * described in "Authenticating Requests: Using the Authorization Header".
 * Returns every header to send: the given ones, `host`, `x-amz-date`,
 * `x-amz-content-sha256` and `authorization`. Works for AWS and the
 * S3-compatible services (MinIO, Aliyun OSS, Tencent COS, Cloudflare R2…).
 *
 * @example signS3Request({ method: 'GET', path: '/bucket/key', host: 'localhost:9000', payloadHash: sha256Hex(''), region: 'us-east-1', credentials }).authorization
 */
export function signS3Request(request: SignableRequest): Record<string, string> {
  const date = amzDate(request.now ?? new Date());
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  Object.assign(headers, { host: request.host, 'x-amz-date': date, 'x-amz-content-sha256': request.payloadHash });
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = [
    request.method.toUpperCase(),
    request.path,
    canonicalQuery(request.query ?? {}),
    ...names.map((name) => `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}`),
    '',
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const scope = `${date.slice(0, 8)}/${request.region}/s3/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonical)].join('\n');
  const key = ['s3', 'aws4_request'].reduce<Buffer>(
    (k, part) => hmac(k, part),
    hmac(hmac(`AWS4${request.credentials.secretAccessKey}`, date.slice(0, 8)), request.region),
  );
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const credential = `${request.credentials.accessKeyId}/${scope}`;
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}
