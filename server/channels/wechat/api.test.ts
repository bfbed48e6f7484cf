import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../test/factories.ts';
import type { OutboundMessage } from '../types.ts';
import { PermanentDeliveryError } from '../types.ts';
import { wechatAdapter } from './index.ts';
import { MAX_TEXT_BYTES, splitText } from './send.ts';
import { newMsgId, newOpenId, now, startFakeWechatApi, startWechatKit, textPush, type WechatKit, type WechatPusher } from './test-kit.ts';

let kit: WechatKit;
let wechat: Awaited<ReturnType<typeof startFakeWechatApi>>;
beforeAll(async () => {
  wechat = await startFakeWechatApi();
  kit = await startWechatKit();
});
afterAll(async () => {
  await kit?.close();
  await wechat?.close();
});

/** A customer writes to a new inbox that talks to the fake WeChat API; returns their conversation. */
async function customerWrites(openId = newOpenId(), options: { safe?: boolean } = {}) {
  const pusher = await kit.createInbox({ apiBaseUrl: wechat.baseUrl, ...options });
  await pusher.push(textPush({ from: openId, content: '在吗？', msgId: newMsgId() }));
  const [conversation] = await kit.conversations(pusher.inbox.id);
  return { pusher, openId, conversationId: conversation!.id };
}

/** An agent replies through the API; the delivery job runs; returns the reply as the console then shows it. */
async function agentReplies(conversationId: string, content: string) {
  const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, { content });
  expect(res.status).toBe(201);
  await kit.kefu.drainJobs();
  return (await kit.messages(conversationId)).find((m) => m.id === res.body.id)!;
}

const sendsTo = (openId: string) => wechat.state.sends.filter((s) => s.body.touser === openId);

describe('WeChat replies through the customer-service message API', () => {
  it('sends text to the OpenID, fetching the access token once and reusing it', async () => {
    const { pusher, openId, conversationId } = await customerWrites(undefined, { safe: true });
    expect((await agentReplies(conversationId, '您好，订单今天发货。')).status).toBe('sent');
    expect((await agentReplies(conversationId, 'Tracking: <SF123> & co')).status).toBe('sent');

    expect(sendsTo(openId).map((s) => s.body)).toEqual([
      { touser: openId, msgtype: 'text', text: { content: '您好，订单今天发货。' } },
      { touser: openId, msgtype: 'text', text: { content: 'Tracking: <SF123> & co' } },
    ]);
    expect(wechat.state.tokenRequests.get(pusher.inbox.appId)).toBe(1);
  });

  it('fetches a new token and retries once when WeChat refuses the cached one (40001)', async () => {
    const { pusher, openId, conversationId } = await customerWrites();
    await agentReplies(conversationId, 'first');
    wechat.rotateToken(pusher.inbox.appId); // another server took a token: Kefu's is no longer valid
    expect((await agentReplies(conversationId, 'second')).status).toBe('sent');
    expect(sendsTo(openId).map((s) => s.body.text?.content)).toEqual(['first', 'second']);
    expect(wechat.state.tokenRequests.get(pusher.inbox.appId)).toBe(2);
  });

  it('splits text longer than 2048 bytes into several messages, in order', async () => {
    const { openId, conversationId } = await customerWrites();
    const long = `${'退货流程说明。'.repeat(300)}\nEnd.`;
    expect((await agentReplies(conversationId, long)).status).toBe('sent');
    const parts = sendsTo(openId).map((s) => s.body.text!.content);
    expect(parts.length).toBe(Math.ceil(Buffer.byteLength(long) / MAX_TEXT_BYTES));
    expect(parts.every((p) => Buffer.byteLength(p) <= MAX_TEXT_BYTES)).toBe(true);
    expect(parts.join('')).toBe(long);
  });

  it('marks the reply failed when WeChat says the 48-hour window is over (45015)', async () => {
    const { openId, conversationId } = await customerWrites();
    wechat.state.failNext.set(openId, [45015]);
    const reply = await agentReplies(conversationId, 'Sorry for the late answer');
    expect(reply.status).toBe('failed');
    expect(reply.error).toMatch(/45015.*48 hours/);
    expect(sendsTo(openId)).toEqual([]);
  });

  it('leaves a reply for retry when WeChat is unreachable or busy, and refuses a contact without an OpenID for the account', async () => {
    const { pusher } = await customerWrites();
    const outbound = async (apiBaseUrl: string) => {
      const [inbox] = await kit.kefu.database.pool.query('select * from inboxes where id = $1', [pusher.inbox.id]).then((r) => r.rows);
      const message = { id: 'msg_x', content: 'hello', attachments: [] };
      const identities = [{ kind: 'wechat', value: `${pusher.inbox.appId}:oX` }];
      return { inbox: { ...inbox, settings: { ...inbox.settings, apiBaseUrl } }, identities, message } as unknown as OutboundMessage;
    };
    const unreachable = wechatAdapter.send(kit.kefu.ctx, await outbound('http://127.0.0.1:9'));
    await expect(unreachable).rejects.toThrow();
    await expect(unreachable).rejects.not.toBeInstanceOf(PermanentDeliveryError);

    wechat.state.failNext.set('oX', [-1]);
    await expect(wechatAdapter.send(kit.kefu.ctx, await outbound(wechat.baseUrl))).rejects.not.toBeInstanceOf(PermanentDeliveryError);

    const stranger = { ...(await outbound(wechat.baseUrl)), identities: [{ kind: 'wechat', value: 'wxother:oX' }] } as unknown as OutboundMessage;
    await expect(wechatAdapter.send(kit.kefu.ctx, stranger)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });
});

describe('WeChat media the customer sends', () => {
  it('downloads an image through the media API into an attachment, and keeps the MediaId when that fails', async () => {
    const pusher: WechatPusher = await kit.createInbox({ apiBaseUrl: wechat.baseUrl });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    wechat.state.media.set('MEDIA_OK', { contentType: 'image/png', data: png });
    const openId = newOpenId();
    const image = (mediaId: string) =>
      `<xml><ToUserName>gh</ToUserName><FromUserName>${openId}</FromUserName><CreateTime>${now()}</CreateTime><MsgType>image</MsgType>` +
      `<PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[${mediaId}]]></MediaId><MsgId>${newMsgId()}</MsgId></xml>`;
    expect((await pusher.push(image('MEDIA_OK'))).body).toBe('success');
    expect((await pusher.push(image('MEDIA_GONE'))).body).toBe('success');

    const [conversation] = await kit.conversations(pusher.inbox.id);
    const [saved, referenced] = await kit.messages(conversation!.id);
    expect(saved).toMatchObject({
      content: '',
      attachments: [{ contentType: 'image/png', size: png.length }],
      contentAttributes: { msgType: 'image', mediaId: 'MEDIA_OK' },
    });
    expect(referenced).toMatchObject({
      content: '[image]',
      attachments: [],
      contentAttributes: { msgType: 'image', mediaId: 'MEDIA_GONE', picUrl: 'http://mmbiz.qpic.cn/x' },
    });
  });
});

describe('splitText', () => {
  it.each([
    ['short text', 'hello', 10, ['hello']],
    ['exactly the limit', 'abcd', 4, ['abcd']],
    ['never inside a character', '你好世界', 7, ['你好', '世界']],
    ['never inside a surrogate pair', '😀😀', 5, ['😀', '😀']],
    ['after a line break late in the part', 'abc\ndefgh', 6, ['abc\n', 'defgh']],
    ['not at a line break early in the part', 'a\nbcdefgh', 6, ['a\nbcde', 'fgh']],
  ])('%s', (_name, text, max, parts) => {
    expect(splitText(text, max)).toEqual(parts);
  });
});
