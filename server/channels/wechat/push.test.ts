import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../lib/errors.ts';
import { identityHash } from '../../modules/contacts/index.ts';
import { call, expectError, sql } from '../../test/factories.ts';
import {
  newMsgId,
  newOpenId,
  now,
  openLikeWechat,
  sealLikeWechat,
  sha1Sorted,
  startWechatKit,
  tagOf,
  textPush,
  type WechatKit,
  type WechatPusher,
} from './test-kit.ts';

let kit: WechatKit;
beforeAll(async () => {
  kit = await startWechatKit();
});
afterAll(async () => {
  await kit?.close();
});

const asError = (res: { status: number; body: string }) => ({ status: res.status, body: res.body ? JSON.parse(res.body) : null, raw: res.body });

/** The one conversation of an inbox and its messages. */
async function onlyConversation(pusher: WechatPusher) {
  const conversations = await kit.conversations(pusher.inbox.id);
  expect(conversations).toHaveLength(1);
  return { conversation: conversations[0]!, messages: await kit.messages(conversations[0]!.id) };
}

describe('WeChat server URL verification (GET)', () => {
  it('echoes echostr when the signature over [token, timestamp, nonce] matches, and refuses otherwise', async () => {
    const pusher = await kit.createInbox();
    const timestamp = String(now());
    const query = (signature: string) => new URLSearchParams({ signature, timestamp, nonce: '1514711492', echostr: '4375120948345356249' });
    const ok = await kit.kefu.app.inject({
      url: `/channels/wechat/${pusher.inbox.id}?${query(sha1Sorted(pusher.inbox.token, timestamp, '1514711492'))}`,
    });
    expect({ status: ok.statusCode, body: ok.body, type: ok.headers['content-type'] }).toEqual({
      status: 200,
      body: '4375120948345356249',
      type: 'text/plain; charset=utf-8',
    });

    const bad = await kit.kefu.app.inject({
      url: `/channels/wechat/${pusher.inbox.id}?${query(sha1Sorted('not-the-token', timestamp, '1514711492'))}`,
    });
    expectError(asError({ status: bad.statusCode, body: bad.body }), 'wechat_signature_invalid');
  });

  it('in safe mode decrypts an encrypted echostr signed with msg_signature and echoes the plaintext', async () => {
    const pusher = await kit.createInbox({ safe: true });
    const { token, appId, encodingAESKey } = pusher.inbox;
    const timestamp = String(now());
    const echostr = sealLikeWechat('echo-8412', appId, encodingAESKey!);
    const query = new URLSearchParams({ msg_signature: sha1Sorted(token, timestamp, '77', echostr), timestamp, nonce: '77', echostr });
    const res = await kit.kefu.app.inject({ url: `/channels/wechat/${pusher.inbox.id}?${query}` });
    expect({ status: res.statusCode, body: res.body }).toEqual({ status: 200, body: 'echo-8412' });

    query.set('msg_signature', sha1Sorted('wrong', timestamp, '77', echostr));
    expectError(
      asError(
        await kit.kefu.app.inject({ url: `/channels/wechat/${pusher.inbox.id}?${query}` }).then((r) => ({ status: r.statusCode, body: r.body })),
      ),
      'wechat_signature_invalid',
    );
  });

  it('answers 404 for an unknown inbox', async () => {
    const res = await kit.kefu.app.inject({
      url: `/channels/wechat/inb_00000000000000000000000000?timestamp=${now()}&nonce=1&echostr=x&signature=abc`,
    });
    expect(res.statusCode).toBe(404);
  });
});

describe.each([
  ['plain mode', false],
  ['safe (AES) mode', true],
])('WeChat pushes in %s', (_name, safe) => {
  it('stores a text message in a conversation of the contact behind appId:OpenID and answers success', async () => {
    const pusher = await kit.createInbox({ safe });
    const openId = newOpenId();
    const msgId = newMsgId();
    const res = await pusher.push(textPush({ from: openId, content: '我的订单什么时候到？', msgId }));
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: 'success' });

    const { conversation, messages } = await onlyConversation(pusher);
    expect(messages).toMatchObject([{ type: 'incoming', content: '我的订单什么时候到？', contentAttributes: { msgType: 'text' } }]);
    const identities = await sql(kit.kefu, 'select contact_id from contact_identities where kind = $1 and value_hash = $2', [
      'wechat',
      await identityHash(kit.kefu.ctx.db, kit.ws.id, 'wechat', `${pusher.inbox.appId}:${openId}`),
    ]);
    expect(identities).toEqual([{ contact_id: conversation.contactId }]);
  });

  it('stores a message WeChat delivers several times (its retries) once, and answers every delivery alike', async () => {
    const pusher = await kit.createInbox({ safe });
    const xml = textPush({ from: newOpenId(), content: 'where is my parcel', msgId: newMsgId() });
    const concurrent = await Promise.all([pusher.push(xml), pusher.push(xml), pusher.push(xml)]);
    const later = await pusher.push(xml);
    expect([...concurrent, later].map((r) => `${r.status} ${r.body}`)).toEqual(Array(4).fill('200 success'));
    const { messages } = await onlyConversation(pusher);
    expect(messages.map((m) => m.content)).toEqual(['where is my parcel']);
  });

  it('refuses a bad signature and a stale timestamp, storing nothing', async () => {
    const pusher = await kit.createInbox({ safe });
    const xml = () => textPush({ from: newOpenId(), content: 'forged', msgId: newMsgId() });
    expectError(asError(await pusher.push(xml(), { token: 'someoneElse1' })), 'wechat_signature_invalid');
    expectError(asError(await pusher.push(xml(), { timestamp: now() - 301 })), 'wechat_timestamp_stale');
    expectError(asError(await pusher.push(xml(), { timestamp: now() + 3600 })), 'wechat_timestamp_stale');
    expect(await kit.conversations(pusher.inbox.id)).toEqual([]);
  });

  it('refuses XML with a DOCTYPE or entity declaration (no entity expansion)', async () => {
    const pusher = await kit.createInbox({ safe });
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      `<xml><ToUserName>gh</ToUserName><FromUserName>${newOpenId()}</FromUserName><CreateTime>${now()}</CreateTime><MsgType>text</MsgType><Content>&b;</Content><MsgId>${newMsgId()}</MsgId></xml>`;
    expectError(asError(await pusher.push(bomb)), 'invalid_xml');
    const external = `<!DOCTYPE xml SYSTEM "file:///etc/passwd">${textPush({ from: newOpenId(), content: 'x', msgId: newMsgId() })}`;
    expectError(asError(await pusher.push(external)), 'invalid_xml');
    const undeclared = textPush({ from: newOpenId(), content: 'x', msgId: newMsgId() }).replace('<![CDATA[x]]>', '&xxe;');
    expectError(asError(await pusher.push(undeclared)), 'invalid_xml');
    expect(await kit.conversations(pusher.inbox.id)).toEqual([]);
  });

  it('stores HTML and script in Content as the text it is', async () => {
    const pusher = await kit.createInbox({ safe });
    const openId = newOpenId();
    await pusher.push(textPush({ from: openId, content: '<script>alert(1)</script><b>hi</b>', msgId: newMsgId() }));
    const escaped = textPush({ from: openId, content: '', msgId: newMsgId() }).replace(
      '<![CDATA[]]>',
      '&lt;img src=x onerror=alert(2)&gt; &amp; &#x4F60;',
    );
    await pusher.push(escaped);
    const { messages } = await onlyConversation(pusher);
    expect(messages.map((m) => m.content)).toEqual(['<script>alert(1)</script><b>hi</b>', '<img src=x onerror=alert(2)> & 你']);
  });

  it('answers a follow (subscribe event) with the greeting as a passive reply and knows the contact', async () => {
    const pusher = await kit.createInbox({ safe, greeting: '欢迎关注！有问题直接发消息给我们。' });
    const openId = newOpenId();
    const createTime = now();
    const event = `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;
    const res = await pusher.push(event);
    expect(res.status).toBe(200);

    let reply = res.body;
    if (safe) {
      const [encrypt, signature, timestamp, nonce] = ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'].map((t) => tagOf(res.body, t)!);
      expect(signature).toBe(sha1Sorted(pusher.inbox.token, timestamp!, nonce!, encrypt!));
      const opened = openLikeWechat(encrypt!, pusher.inbox.encodingAESKey!);
      expect(opened.appId).toBe(pusher.inbox.appId);
      reply = opened.xml;
    }
    expect({
      to: tagOf(reply, 'ToUserName'),
      from: tagOf(reply, 'FromUserName'),
      type: tagOf(reply, 'MsgType'),
      content: tagOf(reply, 'Content'),
    }).toEqual({
      to: openId,
      from: 'gh_shop',
      type: 'text',
      content: '欢迎关注！有问题直接发消息给我们。',
    });
    expect((await pusher.push(event)).status).toBe(200);
    const identities = await sql(kit.kefu, 'select contact_id from contact_identities where kind = $1 and value_hash = $2', [
      'wechat',
      await identityHash(kit.kefu.ctx.db, kit.ws.id, 'wechat', `${pusher.inbox.appId}:${openId}`),
    ]);
    expect(identities).toHaveLength(1);
    expect(await kit.conversations(pusher.inbox.id)).toEqual([]);
  });

  it('stores an unknown message type as a marker text and acknowledges an unfollow', async () => {
    const pusher = await kit.createInbox({ safe });
    const openId = newOpenId();
    const unknown = `<xml><ToUserName>gh</ToUserName><FromUserName>${openId}</FromUserName><CreateTime>${now()}</CreateTime><MsgType>hologram</MsgType><MsgId>${newMsgId()}</MsgId></xml>`;
    expect((await pusher.push(unknown)).body).toBe('success');
    const unfollow = `<xml><ToUserName>gh</ToUserName><FromUserName>${openId}</FromUserName><CreateTime>${now()}</CreateTime><MsgType>event</MsgType><Event>unsubscribe</Event></xml>`;
    expect((await pusher.push(unfollow)).body).toBe('success');
    const { messages } = await onlyConversation(pusher);
    expect(messages.map((m) => m.content)).toEqual(['[unsupported: hologram]']);
  });
});

describe('WeChat pushes in safe mode only', () => {
  it('refuses a message sealed for another AppID, and a plain push to a safe-mode inbox', async () => {
    const pusher = await kit.createInbox({ safe: true });
    const xml = () => textPush({ from: newOpenId(), content: 'hello', msgId: newMsgId() });
    expectError(asError(await pusher.push(xml(), { sealAppId: 'wxsomeoneelse00001' })), 'wechat_signature_invalid');
    expectError(asError(await pusher.push(xml(), { plain: true })), 'wechat_signature_invalid');
    expect(await kit.conversations(pusher.inbox.id)).toEqual([]);
  });

  it('refuses bodies over the size limit', async () => {
    const pusher = await kit.createInbox();
    const res = await pusher.push(textPush({ from: newOpenId(), content: 'x'.repeat(70 * 1024), msgId: newMsgId() }));
    expectError(asError(res), 'body_too_large');
  });
});

describe('WeChat inbox settings', () => {
  it('refuses a token or EncodingAESKey WeChat would not accept', async () => {
    const settings = { appId: 'wx1234567890', appSecret: 'secret-x', token: 'no spaces allowed' };
    expectError(
      await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, { channel: 'wechat', name: 'x', settings }),
      'validation_failed',
    );
    const shortKey = { ...settings, token: 'abc123', encodingAESKey: 'tooShort' };
    expectError(
      await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, { channel: 'wechat', name: 'x', settings: shortKey }),
      'validation_failed',
    );
  });
});

describe('WeChat push robustness', () => {
  it('answers any correctly signed body with success, a reply or a catalogued 4xx — never a 5xx', async () => {
    const [plain, safe] = [await kit.createInbox(), await kit.createInbox({ safe: true })];
    const openId = newOpenId();
    const field = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('text', 'event', 'subscribe', 'image', '', '&amp;', ']]>', '\u0000', '12345678901234567890123'),
    );
    const body = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .tuple(field, field, field)
        .map(
          ([type, content, id]) =>
            `<xml><ToUserName>gh</ToUserName><FromUserName>${openId}</FromUserName><CreateTime>${now()}</CreateTime><MsgType>${type}</MsgType>` +
            `<Content><![CDATA[${content}]]></Content><Event>${type}</Event><MediaId>${content}</MediaId><MsgId>${id}</MsgId></xml>`,
        ),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.boolean(), async (xml, useSafe) => {
        const res = await (useSafe ? safe : plain).push(xml);
        expect(res.status, `${res.status} ${res.body}`).toBeLessThan(500);
        if (res.status >= 400) expect(Object.keys(errorCatalogue)).toContain(JSON.parse(res.body).error.code);
      }),
      { numRuns: 150 },
    );
  });
});
