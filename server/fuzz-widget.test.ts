import { connect } from 'node:net';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from './lib/errors.ts';
import { newId } from './lib/ids.ts';
import { createWidgetInbox, openSession, WidgetClient } from './channels/widget/test-client.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { bodies, checkAll, contentTypes, json, maybe, nasty, params, rawBodies, RUNS, segment, text, type FuzzRequest } from './test/fuzz-kit.ts';

/**
 * Property tests over the widget's public endpoints: sessions, uploads and
 * downloads, tickets and replies, and the WebSocket's frames. Whatever a
 * page (or an attacker posing as one) sends: never a 5xx, every 4xx a
 * catalogued error, and the socket answers every frame and stays usable.
 */
let kefu: TestKefu;
let ws: TestWorkspace;
let inboxId: string;
let lockedInboxId: string;
let token: string;
let attachmentId: string;
let ticketId: string;
let baseUrl: string;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  inboxId = await createWidgetInbox(kefu, ws.tokens.admin, { rateLimit: { burst: 10_000, perMinute: 1_000_000 } });
  lockedInboxId = await createWidgetInbox(kefu, ws.tokens.admin, { allowedOrigins: ['https://shop.example.com'] });
  token = (await openSession(kefu, inboxId)).body.visitorToken;
  const upload = await kefu.app.inject({
    method: 'POST',
    url: `/channels/widget/${inboxId}/attachments`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': 'a.txt', 'x-file-type': 'text/plain' },
    payload: Buffer.from('hello'),
  });
  attachmentId = upload.json().id;
  const ticket = await kefu.app.inject({
    method: 'POST',
    url: `/channels/widget/${inboxId}/tickets`,
    headers: { authorization: `Bearer ${token}` },
    payload: { description: 'my parcel is late', attachmentIds: [attachmentId] },
  });
  ticketId = ticket.json().id;
  baseUrl = await listenTestKefu(kefu);
}, 60_000);
afterAll(() => kefu.close());

const inbox = () =>
  fc.oneof(
    { arbitrary: fc.constantFrom(inboxId, lockedInboxId), weight: 6 },
    { arbitrary: fc.constant(newId('inbox')), weight: 1 },
    { arbitrary: segment, weight: 1 },
  );
const visitorToken = () =>
  fc.oneof(
    { arbitrary: fc.constant(token), weight: 6 },
    { arbitrary: fc.constantFrom(token.slice(0, -2), `${token}.x`, token.replace('kwv1', 'kwv2'), 'kwv1..', 'kwv1.a.b'), weight: 1 },
    { arbitrary: text, weight: 1 },
  );
const origin = fc.option(
  fc.oneof(fc.constantFrom('https://shop.example.com', 'https://evil.example', 'null', ''), fc.string({ unit: 'binary-ascii', maxLength: 30 })),
  {
    nil: undefined,
  },
);
const headersOf = (t: string | undefined, o: string | undefined): Record<string, string> => ({
  ...(t === undefined ? {} : { authorization: `Bearer ${t}`.replace(/[\r\n]/g, '') }),
  ...(o === undefined ? {} : { origin: o.replace(/[\r\n]/g, '') }),
});

describe('no request makes the widget fail', () => {
  it('POST /sessions', async () => {
    const body = bodies({
      visitorToken: visitorToken(),
      profile: fc.record(
        { name: text, email: fc.oneof(fc.emailAddress(), text), phone: fc.oneof(fc.constant('+86 138 0013 8000'), text) },
        { requiredKeys: [] },
      ),
      locale: fc.constantFrom('zh-CN', 'en', 'fr'),
    });
    await checkAll(
      kefu,
      fc.tuple(inbox(), body, origin).map(([id, payload, o]): FuzzRequest => ({
        method: 'POST',
        url: `/channels/widget/${id}/sessions`,
        payload,
        headers: headersOf(undefined, o),
      })),
    );
  });

  it('POST /attachments with any headers and body', async () => {
    const req = fc
      .tuple(
        inbox(),
        visitorToken(),
        origin,
        fc.option(text),
        fc.option(text),
        fc.oneof(
          rawBodies,
          fc.uint8Array({ maxLength: 2000 }).map((u) => Buffer.from(u)),
        ),
        fc.oneof(fc.constant('application/octet-stream'), contentTypes),
      )
      .map(([id, t, o, filename, fileType, payload, contentType]): FuzzRequest => ({
        method: 'POST',
        url: `/channels/widget/${id}/attachments`,
        payload,
        headers: {
          ...headersOf(t, o),
          'content-type': contentType,
          ...(filename === null ? {} : { 'x-filename': encodeURIComponent(filename.replace(/[\ud800-\udfff]/g, '')).slice(0, 700) }),
          ...(fileType === null ? {} : { 'x-file-type': fileType.replace(/[^\x20-\x7e]/g, '') }),
        },
      }));
    await checkAll(kefu, req);
  });

  it('GET downloads and ticket pages with any ids', async () => {
    const id = fc.oneof(fc.constantFrom(attachmentId, ticketId, newId('attachment'), newId('ticket')), segment);
    const url = fc.oneof(
      fc.tuple(inbox(), id).map(([i, a]) => `/channels/widget/${i}/attachments/${a}`),
      fc.tuple(inbox(), id).map(([i, t]) => `/channels/widget/${i}/tickets/${t}`),
      fc.tuple(inbox(), id, id).map(([i, t, a]) => `/channels/widget/${i}/tickets/${t}/attachments/${a}`),
      inbox().map((i) => `/channels/widget/${i}/tickets`),
      inbox().map((i) => `/channels/widget/${i}/ticket-form`),
      fc.tuple(inbox(), fc.constantFrom('zh-CN', 'en', 'x')).map(([i, lang]) => `/demo/widget?inbox=${i}&lang=${lang}`),
    );
    await checkAll(
      kefu,
      fc.tuple(url, visitorToken(), origin).map(([u, t, o]): FuzzRequest => ({ method: 'GET', url: u, headers: headersOf(t, o) })),
    );
  });

  it('POST /tickets and replies', async () => {
    const ids = fc.array(fc.oneof(fc.constant(attachmentId), fc.constant(newId('attachment')), text), { maxLength: 12 });
    const ticket = bodies({
      categoryId: fc.oneof(fc.constant(null), fc.constant(newId('ticketCategory'))),
      subject: text,
      description: text,
      attachmentIds: ids,
      customFields: fc.dictionary(
        fc.oneof(fc.constantFrom('order_no', '__proto__', 'constructor'), fc.string()),
        maybe(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null))),
        { maxKeys: 3 },
      ),
      clientRequestId: fc.oneof(fc.constant('fuzz-request-1'), fc.string({ minLength: 8, maxLength: 120 })),
    }).map((payload): FuzzRequest => ({ method: 'POST', url: `/channels/widget/${inboxId}/tickets`, payload, headers: headersOf(token, undefined) }));
    const reply = fc.tuple(fc.oneof(fc.constant(ticketId), segment), bodies({ body: text, attachmentIds: ids })).map(([t, payload]): FuzzRequest => ({
      method: 'POST',
      url: `/channels/widget/${inboxId}/tickets/${t}/replies`,
      payload,
      headers: headersOf(token, undefined),
    }));
    const raw = fc.tuple(rawBodies, contentTypes).map(([payload, contentType]): FuzzRequest => ({
      method: 'POST',
      url: `/channels/widget/${inboxId}/tickets`,
      payload,
      contentType,
      headers: headersOf(token, undefined),
    }));
    await checkAll(kefu, fc.oneof(ticket, reply, raw));
  });
});

/** The HTTP status of a refused WebSocket upgrade (the connection is dropped right after, as a browser does). */
function upgradeStatus(path: string, headers: Record<string, string> = {}): Promise<number> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error(`${path} was upgraded`)));
    socket.once('error', () => undefined);
    socket.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
  });
}

/** An upgrade request over plain TCP: the response head, and whether the server then closes the connection. */
async function rawUpgrade(path: string): Promise<{ head: string; closed: Promise<boolean> }> {
  const { port } = new URL(baseUrl);
  const socket = connect(Number(port), '127.0.0.1');
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`,
  );
  const closed = new Promise<boolean>((resolve) => socket.once('end', () => (socket.destroy(), resolve(true))));
  const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
  return { head, closed };
}

describe('the widget socket', () => {
  const frame = fc.oneof(
    fc.record(
      { type: fc.constant('hello'), lastSeq: maybe(fc.nat()), conversationId: maybe(fc.constant(newId('conversation'))) },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constant('message'),
        clientMessageId: maybe(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/)),
        content: fc.oneof(text, nasty),
        attachmentIds: maybe(fc.array(fc.oneof(fc.constant(attachmentId), fc.constant(newId('attachment'))), { maxLength: 6 })),
      },
      { requiredKeys: ['type'] },
    ),
    fc.record(
      {
        type: fc.constantFrom('typing', 'read', 'delivered', 'ping', 'nope'),
        typing: maybe(fc.boolean()),
        seq: maybe(fc.integer({ min: -1, max: 1e6 })),
      },
      { requiredKeys: ['type'] },
    ),
    json,
  );
  const wire = fc.oneof(
    frame.map((f) => JSON.stringify(f)),
    rawBodies,
    fc.constantFrom(
      '{"type":"message","clientMessageId":"abcdefgh","content":"\\u0000"}',
      '{"type":"message","clientMessageId":"abcdefgh","content":"\\ud800"}',
    ),
  );

  it('answers every frame with a known frame type and a catalogued error code, and keeps the socket open', async () => {
    const client = await WidgetClient.open(baseUrl, inboxId, token);
    try {
      await fc.assert(
        fc.asyncProperty(wire, async (data) => {
          const seen = client.frames.length;
          client.send(data);
          client.send({ type: 'ping' });
          await client.next((f) => f.type === 'pong');
          for (const f of client.frames.slice(seen)) {
            expect(['ready', 'message', 'ack', 'typing', 'status', 'error', 'pong', 'queue'], JSON.stringify(f)).toContain(f.type);
            if (f.type === 'error') {
              expect(Object.keys(errorCatalogue), JSON.stringify(f)).toContain(f.code);
              expect(errorCatalogue[f.code].status, `${data.slice(0, 200)} → ${JSON.stringify(f)}`).toBeLessThan(500);
            }
          }
        }),
        params(RUNS),
      );
      // Still a working socket: a message is stored and acknowledged.
      expect((await client.say('still here', `after-fuzz-${Date.now()}`)).type).toBe('ack');
    } finally {
      await client.close();
    }
  });

  it('refuses a bad token with close 4401 and a bad inbox or Origin before the upgrade', async () => {
    const bad = await WidgetClient.open(baseUrl, inboxId, `${token}x`);
    expect(await bad.closed).toEqual({ code: 4401, reason: 'visitor_token_invalid' });
    expect(await upgradeStatus(`/channels/widget/${newId('inbox')}/ws?token=${token}`)).toBe(404);
    expect(await upgradeStatus(`/channels/widget/${lockedInboxId}/ws?token=${token}`, { origin: 'https://evil.example' })).toBe(403);
    for (const path of ['inb_%00', encodeURIComponent('\u0000')]) expect([400, 404]).toContain(await upgradeStatus(`/channels/widget/${path}/ws`));
    expect(await upgradeStatus(`/channels/widget/${inboxId}/ws?token=${'x'.repeat(400)}`)).toBe(400);
  });

  it('drops the connection after refusing an upgrade to a malformed URL (it used to stay open for good and hold up shutdown)', async () => {
    for (const path of ['/channels/widget/%zz/ws', '/channels/widget/%E0%A4%A/ws', '/api/v1/users/%zz', '/help/%zz/faq/x']) {
      const { head, closed } = await rawUpgrade(path);
      expect(head, path).toMatch(/^HTTP\/1\.1 400/);
      // The server ends the connection by itself; the client never closes its side.
      expect(await closed, path).toBe(true);
    }
  });
});
