import { randomBytes } from 'node:crypto';
import { access, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { loadEnv } from '../env.ts';
import { expectError, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { readAttachment, saveAttachment } from './attachments.ts';
import { s3ConfigFrom, s3ObjectUrl } from './s3-store.ts';
import { startLocalS3, type LocalS3 } from './test-kit.ts';

let s3: LocalS3;
let dataDir: string;
let kefu: TestKefu;
let ws: TestWorkspace;
let baseUrl: string;
let inboxId: string;

beforeAll(async () => {
  s3 = await startLocalS3();
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-s3-data-'));
  kefu = await buildTestKefu({ ...s3.env, KEFU_DATA_DIR: dataDir });
  ws = await createTestWorkspace(kefu);
  baseUrl = await listenTestKefu(kefu);
  inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
});

afterAll(async () => {
  await kefu?.close();
  await s3?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(64)]);
const withEnv = (vars: Record<string, string>) => ({ ...kefu.ctx, env: loadEnv({ NODE_ENV: 'test', KEFU_DATA_DIR: dataDir, ...vars }) });
const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function upload(token: string, data: Buffer, filename: string, type: string) {
  return kefu.app.inject({
    method: 'POST',
    url: `/channels/widget/${inboxId}/attachments`,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent(filename),
      'x-file-type': type,
    },
    payload: data,
  });
}

describe('attachments in S3-compatible storage', () => {
  it('stores a widget upload in the bucket (encrypted), not on disk, and both download routes return it byte for byte', async () => {
    const session = await openSession(kefu, inboxId);
    const token = session.body.visitorToken;
    const res = await upload(token, png, '订单截图.png', 'image/png');
    expect(res.statusCode).toBe(201);
    const file = res.json() as { id: string };

    const [object, ...others] = await s3.objects(file.id);
    expect(others).toEqual([]);
    expect(object!.key).toBe(`attachments/${ws.id}/${object!.key.split('/').pop()}`);
    // Encrypted at rest (docs/encryption.md): the bucket never holds the file's bytes.
    expect(object!.data.subarray(0, 9).toString()).toBe('KEFUENC1\n');
    expect(object!.data.includes(png.subarray(8, 40))).toBe(false);
    expect(await exists(path.join(dataDir, 'attachments'))).toBe(false);

    const client = await WidgetClient.open(baseUrl, inboxId, token);
    await client.hello();
    await client.say('', `c-${randomBytes(6).toString('hex')}`, [file.id]);
    await client.close();
    const visitorCopy = await kefu.app.inject({
      method: 'GET',
      url: `/channels/widget/${inboxId}/attachments/${file.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(visitorCopy.statusCode).toBe(200);
    expect(visitorCopy.rawPayload.equals(png)).toBe(true);

    const agentCopy = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${file.id}`,
      headers: { authorization: `Bearer ${ws.tokens.agent}` },
    });
    expect(agentCopy.statusCode).toBe(200);
    expect(agentCopy.headers['content-type']).toBe('image/png');
    expect(agentCopy.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('订单截图.png')}`);
    expect(agentCopy.rawPayload.equals(png)).toBe(true);
  });

  it('applies the same type limits as disk storage, and stores nothing refused', async () => {
    const { body } = await openSession(kefu, inboxId);
    const refused = await upload(body.visitorToken, Buffer.from('<script>alert(1)</script>'), 'x.html', 'text/html');
    expect(refused.statusCode).toBe(400);
    expect(await sql(kefu, `select id from attachments where workspace_id = $1 and filename = 'x.html'`, [ws.id])).toEqual([]);
  });

  it('still serves files stored on disk before S3 was turned on', async () => {
    const onDisk = await saveAttachment(withEnv({}), ws.id, {
      filename: 'old.txt',
      contentType: 'text/plain',
      data: Buffer.from('stored before S3'),
    });
    expect(await exists(path.join(dataDir, 'attachments', ws.id))).toBe(true);
    const res = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${onDisk.id}`,
      headers: { authorization: `Bearer ${ws.tokens.agent}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('stored before S3');
  });

  it('answers 503 storage_unavailable when S3 does not answer, and records no attachment', async () => {
    const down = await buildTestKefu({ ...s3.env, KEFU_S3_ENDPOINT: 'http://127.0.0.1:9', KEFU_DATA_DIR: dataDir });
    try {
      const { body } = await openSession(down, inboxId);
      const filename = `down-${randomBytes(4).toString('hex')}.png`;
      const res = await down.app.inject({
        method: 'POST',
        url: `/channels/widget/${inboxId}/attachments`,
        headers: {
          authorization: `Bearer ${body.visitorToken}`,
          'content-type': 'application/octet-stream',
          'x-filename': filename,
          'x-file-type': 'image/png',
        },
        payload: png,
      });
      expectError({ status: res.statusCode, body: res.json(), raw: res.body }, 'storage_unavailable');
      expect(await sql(kefu, 'select id from attachments where workspace_id = $1 and filename = $2', [ws.id, filename])).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('fails loudly, storing nothing, when the bucket does not exist', async () => {
    const ctx = withEnv({ ...s3.env, KEFU_S3_BUCKET: 'no-such-bucket' });
    await expect(saveAttachment(ctx, ws.id, { filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('x') })).rejects.toThrow(
      /404 NoSuchBucket/,
    );
    const stored = await saveAttachment(withEnv(s3.env), ws.id, { filename: 'b.txt', contentType: 'text/plain', data: Buffer.from('y') });
    await expect(readAttachment(ctx, ws.id, stored.id)).rejects.toThrow(/NoSuchBucket/);
  });
});

describe('S3 configuration', () => {
  const keys = { KEFU_S3_ACCESS_KEY_ID: 'AK', KEFU_S3_SECRET_ACCESS_KEY: 'SK' };

  it('refuses a partial configuration, naming what is missing', () => {
    expect(() => loadEnv({ KEFU_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toThrow(
      /KEFU_S3_BUCKET="": required[\s\S]*KEFU_S3_ACCESS_KEY_ID="": required[\s\S]*KEFU_S3_SECRET_ACCESS_KEY="": required/,
    );
    expect(() => loadEnv({ KEFU_S3_BUCKET: 'kefu', KEFU_S3_ACCESS_KEY_ID: 'AK' })).toThrow(/KEFU_S3_SECRET_ACCESS_KEY/);
    expect(() => loadEnv({ ...keys, KEFU_S3_BUCKET: 'Not_A_Bucket' })).toThrow(/KEFU_S3_BUCKET.*bucket name/);
    expect(() => loadEnv({ ...keys, KEFU_S3_BUCKET: 'kefu', KEFU_S3_ENDPOINT: 'ftp://x' })).toThrow(/KEFU_S3_ENDPOINT/);
    expect(s3ConfigFrom(loadEnv({}))).toBeNull();
  });

  it.each([
    ['AWS, virtual-hosted by default', { KEFU_S3_BUCKET: 'kefu' }, 'https://kefu.s3.us-east-1.amazonaws.com/attachments/ws/a%20b.png'],
    ['AWS China', { KEFU_S3_BUCKET: 'kefu', KEFU_S3_REGION: 'cn-north-1' }, 'https://kefu.s3.cn-north-1.amazonaws.com.cn/attachments/ws/a%20b.png'],
    [
      'MinIO, path style, with a port',
      { KEFU_S3_BUCKET: 'kefu', KEFU_S3_ENDPOINT: 'http://minio:9000', KEFU_S3_FORCE_PATH_STYLE: 'true' },
      'http://minio:9000/kefu/attachments/ws/a%20b.png',
    ],
    [
      'behind a path prefix',
      { KEFU_S3_BUCKET: 'kefu', KEFU_S3_ENDPOINT: 'https://files.example.com/s3/', KEFU_S3_FORCE_PATH_STYLE: '1' },
      'https://files.example.com/s3/kefu/attachments/ws/a%20b.png',
    ],
    [
      'Tencent COS, virtual-hosted',
      { KEFU_S3_BUCKET: 'kefu-125', KEFU_S3_ENDPOINT: 'https://cos.ap-guangzhou.myqcloud.com' },
      'https://kefu-125.cos.ap-guangzhou.myqcloud.com/attachments/ws/a%20b.png',
    ],
  ])('%s', (_name, vars, url) => {
    const config = s3ConfigFrom(loadEnv({ ...keys, ...vars }))!;
    expect(s3ObjectUrl(config, 'attachments/ws/a b.png').url).toBe(url);
  });
});
