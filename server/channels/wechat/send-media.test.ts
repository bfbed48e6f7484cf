import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveAttachment } from '../../storage/attachments.ts';
import { call } from '../../test/factories.ts';
import type { OutboundMessage } from '../types.ts';
import { wechatAdapter } from './index.ts';
import { unsendableReason } from './send.ts';
import { newMsgId, newOpenId, startFakeWechatApi, startWechatKit, textPush, type FakeWechatApi, type WechatKit } from './test-kit.ts';

let kit: WechatKit;
let wechat: FakeWechatApi;
beforeAll(async () => {
  wechat = await startFakeWechatApi();
  kit = await startWechatKit();
});
afterAll(async () => {
  await kit?.close();
  await wechat?.close();
});

const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(300)]);
const jpeg = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(300), Buffer.from('ffd9', 'hex')]);

async function customerWrites() {
  const pusher = await kit.createInbox({ apiBaseUrl: wechat.baseUrl });
  const openId = newOpenId();
  await pusher.push(textPush({ from: openId, content: '发张图看看', msgId: newMsgId() }));
  const [conversation] = await kit.conversations(pusher.inbox.id);
  return { pusher, openId, conversationId: conversation!.id };
}

const attach = (filename: string, contentType: string, data: Buffer) => saveAttachment(kit.kefu.ctx, kit.ws.id, { filename, contentType, data });

async function agentReplies(conversationId: string, content: string, attachmentIds: string[]) {
  const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, { content, attachmentIds });
  expect(res.status).toBe(201);
  await kit.kefu.drainJobs();
  return (await kit.messages(conversationId)).find((m) => m.id === res.body.id)!;
}

describe('WeChat replies with images', () => {
  it('uploads each image as temporary media, then sends the text and the images by media_id, as WeChat documents', async () => {
    const { pusher, openId, conversationId } = await customerWrites();
    const photo = await attach('实物图.png', 'image/png', png);
    const receipt = await attach('receipt.jpg', 'image/jpeg', jpeg);
    const reply = await agentReplies(conversationId, '这是您要的图片', [photo.id, receipt.id]);
    expect(reply.status).toBe('sent');

    const uploads = wechat.state.uploads.filter((u) => u.appId === pusher.inbox.appId);
    expect(uploads.map((u) => u.type)).toEqual(['image', 'image']);
    for (const [upload, file, name, type] of [
      [uploads[0]!, png, `${photo.id}.png`, 'image/png'],
      [uploads[1]!, jpeg, `${receipt.id}.jpg`, 'image/jpeg'],
    ] as const) {
      expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=\S+$/);
      expect(upload.parts).toHaveLength(1);
      const [part] = upload.parts;
      expect(part!.headers).toEqual({ 'content-disposition': `form-data; name="media"; filename="${name}"`, 'content-type': type });
      expect(part!.data.equals(file)).toBe(true);
    }
    expect(wechat.state.sends.filter((s) => s.body.touser === openId).map((s) => s.body)).toEqual([
      { touser: openId, msgtype: 'text', text: { content: '这是您要的图片' } },
      { touser: openId, msgtype: 'image', image: { media_id: uploads[0]!.mediaId } },
      { touser: openId, msgtype: 'image', image: { media_id: uploads[1]!.mediaId } },
    ]);
  });

  it('refuses a reply with a file WeChat cannot carry when it is written, naming the file, and sends nothing', async () => {
    const { pusher, openId, conversationId } = await customerWrites();
    const photo = await attach('ok.png', 'image/png', png);
    const manual = await attach('说明书.pdf', 'application/pdf', Buffer.from('%PDF-1.4 manual'));
    const before = (await kit.messages(conversationId)).length;
    const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, {
      content: '说明书和图片',
      attachmentIds: [photo.id, manual.id],
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: ['attachmentIds', 1] }] });
    await kit.kefu.drainJobs();
    expect(await kit.messages(conversationId)).toHaveLength(before);
    expect(wechat.state.uploads.filter((u) => u.appId === pusher.inbox.appId)).toEqual([]);
    expect(wechat.state.sends.filter((s) => s.body.touser === openId)).toEqual([]);
  });

  it('sends an image without text, uploading again with a new token when WeChat refuses the stored one', async () => {
    const { pusher, openId } = await customerWrites();
    const gif = await attach('smile.gif', 'image/gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
    const [inbox] = (await kit.kefu.database.pool.query('select * from inboxes where id = $1', [pusher.inbox.id])).rows;
    const fetchesBefore = wechat.state.tokenRequests.get(pusher.inbox.appId) ?? 0;
    wechat.rotateToken(pusher.inbox.appId);
    const outbound = {
      inbox: { ...inbox, workspaceId: inbox.workspace_id },
      identities: [{ kind: 'wechat', value: `${pusher.inbox.appId}:${openId}` }],
      message: { id: `msg_${randomBytes(8).toString('hex')}`, workspaceId: kit.ws.id, content: '', attachments: [gif] },
    } as unknown as OutboundMessage;

    await expect(wechatAdapter.send(kit.kefu.ctx, outbound)).resolves.toMatchObject({ status: 'sent' });
    const [upload, ...more] = wechat.state.uploads.filter((u) => u.appId === pusher.inbox.appId);
    expect(more).toEqual([]);
    expect(upload!.parts[0]!.filename).toBe(`${gif.id}.gif`);
    expect(wechat.state.sends.filter((s) => s.body.touser === openId).map((s) => s.body)).toEqual([
      { touser: openId, msgtype: 'image', image: { media_id: upload!.mediaId } },
    ]);
    expect(wechat.state.tokenRequests.get(pusher.inbox.appId)).toBe(fetchesBefore + 1);
  });
});

describe('unsendableReason', () => {
  const ref = (contentType: string, size = 1000) => ({ id: 'att_1', filename: 'f', contentType, size });
  it.each([
    ['image/png', 1000, null],
    ['image/jpeg', 10 * 1024 * 1024, null],
    ['image/gif', 1, null],
    ['image/webp', 1000, 'f: WeChat replies carry images (PNG, JPEG, GIF) only'],
    ['application/pdf', 1000, 'f: WeChat replies carry images (PNG, JPEG, GIF) only'],
    ['image/png', 10 * 1024 * 1024 + 1, `f: WeChat takes images of at most ${10 * 1024 * 1024} bytes`],
  ])('%s of %d bytes → %s', (contentType, size, reason) => {
    expect(unsendableReason(ref(contentType, size))).toBe(reason);
  });
});
