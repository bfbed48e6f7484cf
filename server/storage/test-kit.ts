import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** A local S3-compatible server (s3rver) with one bucket, on a free port, storing under a temp dir. */
export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** KEFU_* variables that point Kefu at it. */
  env: Record<string, string>;
  /** Every object in the bucket whose key contains `fragment`, with its bytes, as the server holds it on disk. */
  objects(fragment: string): Promise<{ key: string; data: Buffer }[]>;
  close(): Promise<void>;
}

/** Start s3rver on 127.0.0.1 with `bucket` created, its files in a fresh temp dir removed on close. */
export async function startLocalS3(bucket = 'kefu-attachments'): Promise<LocalS3> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'kefu-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      KEFU_S3_ENDPOINT: endpoint,
      KEFU_S3_BUCKET: bucket,
      KEFU_S3_REGION: 'us-east-1',
      KEFU_S3_ACCESS_KEY_ID: 'S3RVER',
      KEFU_S3_SECRET_ACCESS_KEY: 'S3RVER',
      KEFU_S3_FORCE_PATH_STYLE: 'true',
    },
    async objects(fragment) {
      const root = path.join(directory, bucket);
      const files = (await readdir(root, { recursive: true })).filter((f) => f.includes(fragment) && f.endsWith('._S3rver_object'));
      return Promise.all(files.map(async (f) => ({ key: f.replace(/\._S3rver_object$/, ''), data: await readFile(path.join(root, f)) })));
    },
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
