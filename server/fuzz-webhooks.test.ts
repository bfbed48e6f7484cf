import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSignature, requestSigningBase } from './channels/shared-webhooks/index.ts';
import { newMsgId, newOpenId, sha1Sorted, textPush, WechatPusher } from './channels/wechat/test-kit.ts';
import { newId } from './lib/ids.ts';
import { call, sql, uniqueTag } from './test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { bodies, checkAll, contentTypes, params, rawBodies, RUNS, segment, sendChecked, text, type FuzzRequest } from './test/fuzz-kit.ts';

/**
 * Property tests over the channels' inbound webhooks (API, SMS, voice,
 * WeChat): signed or not, any body under any content type — never a 5xx,
 * every 4xx catalogued, nothing accepted without a valid signature; and the
 * same inbound message delivered again, or several times at once, is stored once.
 */
let kefu: TestKefu;
let ws: TestWorkspace;
const inboxes = {} as Record<'api' | 'sms' | 'voice', { id: string; secret: string }>;
let wechat: WechatPusher;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  const settings = { api: {}, sms: { from: '106900001234', outboundUrl: 'http://127.0.0.1:9/sms' }, voice: {} };
  for (const channel of ['api', 'sms', 'voice'] as const) {
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel, name: channel, settings: settings[channel] });
    if (res.status !== 201) throw new Error(`${channel} inbox: ${res.raw}`);
    inboxes[channel] = { id: res.body.id, secret: String(res.body.settings.webhookSecret ?? res.body.settings.inboundSecret) };
  }
  const wx = { appId: `wx${uniqueTag()}${uniqueTag()}`, appSecret: `secret-${uniqueTag()}`, token: `tok${uniqueTag()}` };
  const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, {
    channel: 'wechat',
    name: 'Official account',
    settings: { ...wx, apiBaseUrl: 'http://127.0.0.1:9' },
  });
  wechat = new WechatPusher(kefu, { id: res.body.id, ...wx });
});
afterAll(() => kefu.close());

const paths = { api: 'messages', sms: 'inbound', voice: 'calls' } as const;
const now = () => String(Math.floor(Date.now() / 1000));

/** A request to a signed channel route, signed correctly over exactly the bytes sent. */
function signed(
  channel: keyof typeof inboxes,
  body: string | Buffer,
  path = `/channels/${channel}/${inboxes[channel].id}/${paths[channel]}`,
): FuzzRequest {
  const timestamp = now();
  const signature = hmacSignature(inboxes[channel].secret, requestSigningBase(timestamp, 'POST', path, body));
  return { method: 'POST', url: path, payload: body, headers: { 'x-kefu-timestamp': timestamp, 'x-kefu-signature': signature } };
}

const phone = fc.oneof(fc.constantFrom('+8613800138000', '13800138000', '+1 (415) 555-0100', '000', '+'), text);
const iso = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-01-01T00:00:00+14:00'),
);
const shapes = {
  api: {
    userId: text,
    name: text,
    email: fc.emailAddress(),
    phone,
    clientMessageId: fc.string({ minLength: 1, maxLength: 200 }),
    content: text,
    attributes: fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor')),
      fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null)),
      {
        maxKeys: 60,
      },
    ),
  },
  sms: { from: phone, to: phone, text, providerMessageId: fc.string({ minLength: 1, maxLength: 200 }), receivedAt: iso },
  voice: {
    callId: fc.string({ minLength: 1 }),
    from: phone,
    to: phone,
    startedAt: iso,
    endedAt: iso,
    direction: fc.constantFrom('inbound', 'outbound'),
    transcript: fc.array(
      fc.record(
        { speaker: fc.constantFrom('customer', 'agent', 'ivr'), text, startMs: fc.integer({ min: -1, max: 9e7 }), endMs: fc.nat() },
        { requiredKeys: ['speaker', 'text'] },
      ),
      { maxLength: 5 },
    ),
    summary: text,
    recordingUrl: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd')),
  },
};

describe('no webhook request makes a channel fail', () => {
  it('signed bodies of the right shape, or nearly', async () => {
    const channel = fc.constantFrom('api', 'sms', 'voice') as fc.Arbitrary<keyof typeof inboxes>;
    const req = channel.chain((c) => bodies(shapes[c]).map((body) => signed(c, body)));
    await checkAll(kefu, req);
  });

  it('signed raw bodies under any content type, and SMS receipts', async () => {
    const channel = fc.constantFrom('api', 'sms', 'voice') as fc.Arbitrary<keyof typeof inboxes>;
    const raw = fc.tuple(channel, rawBodies, contentTypes).map(([c, body, contentType]) => {
      const req = signed(c, body);
      return { ...req, headers: { ...req.headers, 'content-type': contentType } };
    });
    const receipt = bodies({ providerMessageId: text, status: fc.constantFrom('delivered', 'failed', 'read'), error: text }).map((body) =>
      signed('sms', body, `/channels/sms/${inboxes.sms.id}/status`),
    );
    await checkAll(kefu, fc.oneof(raw, receipt));
  });

  it('nothing is accepted without a valid signature', async () => {
    const body = JSON.stringify({ userId: 'u1', clientMessageId: `c-${uniqueTag()}`, content: 'hi' });
    const good = signed('api', body);
    const header = fc.option(
      fc.oneof(text, fc.string({ unit: 'binary-ascii' })).map((s) => s.replace(/[\r\n]/g, '')),
      { nil: undefined },
    );
    const req = fc
      .tuple(header, header, fc.constantFrom(inboxes.api.id, inboxes.sms.id, newId('inbox'), '%zz', 'x'), fc.boolean())
      .map(([signature, timestamp, inboxId, keepGood]): FuzzRequest => ({
        method: 'POST',
        url: `/channels/api/${inboxId}/messages`,
        payload: body,
        headers: {
          ...(keepGood
            ? { 'x-kefu-signature': good.headers!['x-kefu-signature']! }
            : signature === undefined
              ? {}
              : { 'x-kefu-signature': signature }),
          ...(timestamp === undefined ? {} : { 'x-kefu-timestamp': timestamp }),
        },
      }));
    await fc.assert(
      fc.asyncProperty(req, async (r) => {
        const res = await sendChecked(kefu, r);
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
      }),
      params(),
    );
  });

  it('WeChat: URL verification and pushes with any query and body', async () => {
    const query = fc
      .record(
        {
          signature: text,
          timestamp: fc.oneof(fc.constant(now()), text),
          nonce: text,
          echostr: text,
          msg_signature: text,
          encrypt_type: text,
          openid: text,
        },
        { requiredKeys: [] },
      )
      .map((q) => new URLSearchParams(q).toString());
    const id = fc.oneof(fc.constant(wechat.inbox.id), fc.constant(newId('inbox')), segment);
    const xml = fc.oneof(
      rawBodies,
      fc.tuple(text, text).map(([content, from]) => textPush({ from, content, msgId: newMsgId() })),
      fc.constantFrom(
        '<xml><MsgType>event</MsgType></xml>',
        '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml>&x;</xml>',
        `<xml>${'<a>'.repeat(5000)}</xml>`,
      ),
    );
    const get = fc.tuple(id, query).map(([i, q]): FuzzRequest => ({ method: 'GET', url: `/channels/wechat/${i}?${q}` }));
    const post = fc
      .tuple(id, query, xml, fc.oneof(fc.constantFrom('text/xml', 'application/xml'), contentTypes))
      .map(([i, q, payload, contentType]): FuzzRequest => ({ method: 'POST', url: `/channels/wechat/${i}?${q}`, payload, contentType }));
    // Correctly signed, so the XML itself gets parsed.
    const signedPost = fc.tuple(xml, fc.oneof(fc.constant('text/xml'), contentTypes)).map(([payload, contentType]): FuzzRequest => {
      const timestamp = now();
      const nonce = uniqueTag();
      const q = new URLSearchParams({ signature: sha1Sorted(wechat.inbox.token, timestamp, nonce), timestamp, nonce, openid: newOpenId() });
      return { method: 'POST', url: `/channels/wechat/${wechat.inbox.id}?${q}`, payload, contentType };
    });
    await checkAll(kefu, fc.oneof(get, post, signedPost, signedPost));
  });
});

/** How many stored messages of the workspace carry `content` (direct SQL: every conversation, however many). */
async function storedWith(content: string): Promise<number> {
  const rows = await sql<{ n: number }>(kefu, 'select count(*)::int as n from messages where workspace_id = $1 and strpos(content, $2) > 0', [
    ws.id,
    content,
  ]);
  return rows[0]!.n;
}

describe('idempotency', () => {
  it('the same inbound message, sent again or several times at once, is stored once', async () => {
    const delivery = fc.record({
      channel: fc.constantFrom('api', 'sms', 'voice', 'wechat'),
      times: fc.integer({ min: 2, max: 4 }),
      concurrent: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(delivery, async ({ channel, times, concurrent }) => {
        const content = `idem-${uniqueTag()}`;
        const key = `k-${uniqueTag()}`;
        const send = messageSender(channel, content, key);
        const results = concurrent ? await Promise.all(Array.from({ length: times }, send)) : await sequential(times, send);
        for (const status of results) expect(status, `${channel} ${content}`).toBeLessThan(300);
        await kefu.ctx.bus.drain();
        expect(await storedWith(content), `${channel} ×${times} ${concurrent ? 'at once' : 'in turn'}`).toBe(1);
      }),
      params(Math.ceil(RUNS / 5)),
    );
  }, 120_000);
});

async function sequential(times: number, send: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) out.push(await send());
  return out;
}

/** One channel's delivery of one message under idempotency key `key`; resolves with the HTTP status. */
function messageSender(channel: 'api' | 'sms' | 'voice' | 'wechat', content: string, key: string): () => Promise<number> {
  const from = `+86138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  if (channel === 'wechat') {
    const msgId = newMsgId();
    const openId = newOpenId();
    return async () => (await wechat.push(textPush({ from: openId, content, msgId }))).status;
  }
  const body = {
    api: { userId: `u-${key}`, clientMessageId: key, content },
    sms: { from, text: content, providerMessageId: key },
    voice: { callId: key, from, startedAt: new Date().toISOString(), direction: 'inbound', transcript: [{ speaker: 'customer', text: content }] },
  }[channel];
  return async () => (await sendChecked(kefu, signed(channel, JSON.stringify(body)))).statusCode;
}
