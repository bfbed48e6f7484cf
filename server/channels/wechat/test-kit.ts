import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { call, uniqueTag } from '../../test/factories.ts';

/**
 * Test support for the WeChat channel, written from WeChat's documentation
 * independently of the adapter: what WeChat's servers send (signed and
 * optionally encrypted pushes) and a stand-in for the WeChat API.
 */

/** SHA-1 over the sorted, concatenated parts (签名: 字典序排序后拼接). */
export const sha1Sorted = (...parts: string[]) => createHash('sha1').update(parts.slice().sort().join('')).digest('hex');

/** A fresh 43-character EncodingAESKey, as the official account's console generates one. */
export const newEncodingAESKey = () => randomBytes(32).toString('base64').slice(0, 43);

/** Encrypt like WeChat: AES-256-CBC, IV = key[0..16], random(16) ‖ len(4, BE) ‖ msg ‖ appId, PKCS#7 to 32 bytes. */
export function sealLikeWechat(xml: string, appId: string, encodingAESKey: string): string {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const msg = Buffer.from(xml, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appId)]);
  const n = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(n, n)])), cipher.final()]).toString('base64');
}

/** Decrypt what Kefu encrypted (a passive reply, an echostr) the way WeChat would. */
export function openLikeWechat(encrypted: string, encodingAESKey: string): { xml: string; appId: string } {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  const plain = padded.subarray(0, padded.length - padded[padded.length - 1]!);
  const len = plain.readUInt32BE(16);
  return { xml: plain.subarray(20, 20 + len).toString('utf8'), appId: plain.subarray(20 + len).toString('utf8') };
}

/** The value of a tag in a flat WeChat XML document (CDATA or text). */
export function tagOf(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${tag}>`).exec(xml);
  return m ? (m[1] ?? m[2]) : undefined;
}

export const now = () => Math.floor(Date.now() / 1000);

/** A customer's text message as WeChat pushes it. */
export function textPush(fields: { from: string; content: string; msgId: string; to?: string; createTime?: number }): string {
  return (
    `<xml><ToUserName><![CDATA[${fields.to ?? 'gh_shop'}]]></ToUserName><FromUserName><![CDATA[${fields.from}]]></FromUserName>` +
    `<CreateTime>${fields.createTime ?? now()}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${fields.content}]]></Content><MsgId>${fields.msgId}</MsgId></xml>`
  );
}

export const newOpenId = () => `oAbC_${uniqueTag()}-${uniqueTag()}`;
export const newMsgId = () => String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 6_000_000_000_000_000_000n);

export interface WechatInboxSeen {
  id: string;
  appId: string;
  appSecret: string;
  token: string;
  encodingAESKey?: string;
}

/** The stand-in for WeChat's servers calling one inbox's endpoint. */
export class WechatPusher {
  constructor(
    readonly kefu: TestKefu,
    readonly inbox: WechatInboxSeen,
  ) {}

  /** POST a message document, signed (and encrypted in safe mode) as WeChat does; options break it for negative tests. */
  async push(xml: string, options: { timestamp?: number; token?: string; sealAppId?: string; plain?: boolean } = {}) {
    const timestamp = String(options.timestamp ?? now());
    const nonce = String(Math.floor(Math.random() * 1e9));
    const token = options.token ?? this.inbox.token;
    const query = new URLSearchParams({ signature: sha1Sorted(token, timestamp, nonce), timestamp, nonce, openid: tagOf(xml, 'FromUserName') ?? '' });
    let body = xml;
    if (this.inbox.encodingAESKey && !options.plain) {
      const encrypted = sealLikeWechat(xml, options.sealAppId ?? this.inbox.appId, this.inbox.encodingAESKey);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', sha1Sorted(token, timestamp, nonce, encrypted));
      body = `<xml><ToUserName><![CDATA[gh_shop]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
    }
    const res = await this.kefu.app.inject({
      method: 'POST',
      url: `/channels/wechat/${this.inbox.id}?${query}`,
      headers: { 'content-type': 'text/xml' },
      payload: body,
    });
    return { status: res.statusCode, body: res.body, contentType: String(res.headers['content-type'] ?? '') };
  }
}

/** Where inboxes of tests without a fake WeChat API send API calls: a closed local port, never the real WeChat. */
const NO_API = 'http://127.0.0.1:9';

/** A workspace and a way to add WeChat inboxes to it through the API. */
export async function startWechatKit() {
  const kefu = await buildTestKefu();
  const ws: TestWorkspace = await createTestWorkspace(kefu);
  return {
    kefu,
    ws,
    async createInbox(settings: { safe?: boolean; greeting?: string; apiBaseUrl?: string } = {}): Promise<WechatPusher> {
      const inbox = {
        appId: `wx${uniqueTag()}${uniqueTag()}`,
        appSecret: `secret-${uniqueTag()}`,
        token: `tok${uniqueTag()}`,
        ...(settings.safe ? { encodingAESKey: newEncodingAESKey() } : {}),
      };
      const payload = {
        channel: 'wechat',
        name: 'Official account',
        settings: { ...inbox, greeting: settings.greeting, apiBaseUrl: settings.apiBaseUrl ?? NO_API },
      };
      const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, payload);
      if (res.status !== 201) throw new Error(`inbox failed: ${res.raw}`);
      return new WechatPusher(kefu, { id: res.body.id as string, ...inbox });
    },
    async conversations(inboxId: string): Promise<{ id: string; contactId: string }[]> {
      const res = await call(kefu, 'GET', `/api/v1/conversations?inboxId=${inboxId}&limit=100`, ws.tokens.agent);
      if (res.status !== 200) throw new Error(`list failed: ${res.raw}`);
      return res.body.items;
    },
    async messages(conversationId: string): Promise<MessageSeen[]> {
      const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/messages?limit=200`, ws.tokens.agent);
      if (res.status !== 200) throw new Error(`messages failed: ${res.raw}`);
      return res.body.items;
    },
    close: () => kefu.close(),
  };
}

export type WechatKit = Awaited<ReturnType<typeof startWechatKit>>;

export interface MessageSeen {
  id: string;
  type: string;
  content: string;
  status: string;
  error: string | null;
  contentAttributes: Record<string, unknown>;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

export { startFakeWechatApi, type FakeWechatApi } from './fake-api.ts';
