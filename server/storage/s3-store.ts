import type { Logger } from 'pino';
import type { Env } from '../env.ts';
import { appError } from '../lib/errors.ts';
import type { BlobStore } from './blob-store.ts';
import { encodeS3Segment, sha256Hex, signS3Request, type S3Credentials } from './sigv4.ts';

/** Where and how to reach the bucket, from KEFU_S3_*. */
export interface S3Config {
  endpoint: URL;
  bucket: string;
  region: string;
  credentials: S3Credentials;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO and most self-hosted servers). */
  forcePathStyle: boolean;
}

/** Object keys start with this, so the bucket can hold other things beside attachments. */
const OBJECT_PREFIX = 'attachments/';
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * The S3 settings in the environment, or null when S3 is not configured.
 * Without KEFU_S3_ENDPOINT the region's AWS endpoint is used.
 *
 * @example s3ConfigFrom(loadEnv({ KEFU_S3_BUCKET: 'kefu', KEFU_S3_ACCESS_KEY_ID: 'k', KEFU_S3_SECRET_ACCESS_KEY: 's' }))?.endpoint.host // 's3.us-east-1.amazonaws.com'
 */
export function s3ConfigFrom(env: Env): S3Config | null {
  if (!env.KEFU_S3_BUCKET || !env.KEFU_S3_ACCESS_KEY_ID || !env.KEFU_S3_SECRET_ACCESS_KEY) return null;
  const region = env.KEFU_S3_REGION ?? 'us-east-1';
  const aws = `https://s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  return {
    endpoint: new URL(env.KEFU_S3_ENDPOINT ?? aws),
    bucket: env.KEFU_S3_BUCKET,
    region,
    credentials: { accessKeyId: env.KEFU_S3_ACCESS_KEY_ID, secretAccessKey: env.KEFU_S3_SECRET_ACCESS_KEY },
    forcePathStyle: env.KEFU_S3_FORCE_PATH_STYLE ?? false,
  };
}

/**
 * The URL of an object, path-style or virtual-hosted as configured; `path`
 * is what gets signed, already encoded.
 *
 * @example s3ObjectUrl(config, 'attachments/ws_1/a b.png').path // '/kefu/attachments/ws_1/a%20b.png' (path style)
 */
export function s3ObjectUrl(config: S3Config, objectKey: string): { url: string; host: string; path: string } {
  const base = config.endpoint.pathname.replace(/\/+$/, '');
  const key = objectKey.split('/').map(encodeS3Segment).join('/');
  const host = config.forcePathStyle ? config.endpoint.host : `${config.bucket}.${config.endpoint.host}`;
  const path = config.forcePathStyle ? `${base}/${encodeS3Segment(config.bucket)}/${key}` : `${base}/${key}`;
  return { url: `${config.endpoint.protocol}//${host}${path}`, host, path };
}

/** S3's error code out of its XML error body (`<Code>NoSuchKey</Code>`). */
async function errorCode(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  return /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? `HTTP ${res.status}`;
}

/**
 * Objects in an S3-compatible bucket, signed with SigV4 (no SDK). The
 * storage keys it hands out are `s3:attachments/<workspace>/<file>`. A
 * service that does not answer, or answers 5xx, is `storage_unavailable`
 * (503, retried by channels); any other refusal is an internal error with
 * S3's code in the log.
 */
export function createS3Store(config: S3Config, log: Logger): BlobStore {
  async function call(method: 'GET' | 'PUT' | 'DELETE', objectKey: string, body?: Buffer, contentType?: string): Promise<Response> {
    const target = s3ObjectUrl(config, objectKey);
    const signed = signS3Request({
      method,
      path: target.path,
      host: target.host,
      headers: contentType ? { 'content-type': contentType } : {},
      payloadHash: sha256Hex(body ?? ''),
      region: config.region,
      credentials: config.credentials,
    });
    const { host: _host, ...headers } = signed;
    let res: Response;
    try {
      const payload = body && new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
      res = await fetch(target.url, { method, headers, body: payload, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      log.warn({ err, objectKey, method }, 'S3 storage did not answer');
      throw appError('storage_unavailable');
    }
    if (res.ok) return res;
    const code = await errorCode(res);
    if (res.status >= 500 || code === 'SlowDown') {
      log.warn({ status: res.status, code, objectKey, method }, 'S3 storage answered with a server error');
      throw appError('storage_unavailable');
    }
    throw new Error(`S3 ${method} ${objectKey} in bucket ${config.bucket} answered ${res.status} ${code}`);
  }

  return {
    async put(key, data, contentType) {
      const objectKey = `${OBJECT_PREFIX}${key}`;
      await (await call('PUT', objectKey, data, contentType)).arrayBuffer();
      return `s3:${objectKey}`;
    },
    async get(storageKey) {
      const res = await call('GET', storageKey.replace(/^s3:/, ''));
      return Buffer.from(await res.arrayBuffer());
    },
    async delete(storageKey) {
      await (await call('DELETE', storageKey.replace(/^s3:/, ''))).arrayBuffer();
    },
  };
}
