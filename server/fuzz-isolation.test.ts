import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from './lib/ids.ts';
import { hmacSignature, requestSigningBase } from './channels/shared-webhooks/index.ts';
import { bearer, buildTestKefu, type TestKefu } from './test/harness.ts';
import { expectNoMarkers, params, RUNS, segment, sendChecked, shapedObjects, text, type FuzzRequest } from './test/fuzz-kit.ts';
import { seedMarkedWorkspace, type SeededWorkspace } from './test/fuzz-seed.ts';

/**
 * No leak across workspaces: A's visitor token, portal session and slug, API
 * channel secret and admin session, used on any path with any ids (B's real
 * ones included), never return anything carrying B's marker — and never
 * change B's data.
 */
let kefu: TestKefu;
let a: SeededWorkspace;
let b: SeededWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  a = await seedMarkedWorkspace(kefu, 'Shop A');
  b = await seedMarkedWorkspace(kefu, 'Shop B');
}, 120_000);
afterAll(() => kefu.close());

/** An id for a fuzzed path: B's, A's, a fresh one, or garbage. */
const anyId = () =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...b.ids), weight: 4 },
    { arbitrary: fc.constantFrom(...a.ids), weight: 2 },
    { arbitrary: fc.constantFrom(newId('ticket'), newId('attachment'), newId('conversation')), weight: 1 },
    { arbitrary: segment, weight: 1 },
  );

async function expectNoLeak(req: FuzzRequest, options: { htmlErrors?: boolean } = {}) {
  const res = await sendChecked(kefu, req, options);
  expectNoMarkers(res.body + JSON.stringify(res.headers), [b.marker], `${req.method} ${req.url}`);
  return res;
}

/** What B's own people see of B, to compare before and after A's attempts. */
async function snapshotOfB(): Promise<string> {
  const get = async (url: string) => (await kefu.app.inject({ method: 'GET', url, headers: bearer(b.ws.tokens.admin) })).body;
  return JSON.stringify([
    await get(`/api/v1/conversations/${b.widget.conversationId}/messages?limit=200`),
    await get(`/api/v1/conversations/${b.api.conversationId}/messages?limit=200`),
    await get(`/api/v1/tickets/${b.widget.ticketId}`),
    await get(`/api/v1/contacts/${b.widget.contactId}`),
  ]).replace(/"(lastSeenAt|updatedAt|lastActivityAt)":"[^"]*"/g, '');
}

describe('the seeds', () => {
  it('show their markers to their own workspace, so absence means something', async () => {
    const tickets = await kefu.app.inject({ method: 'GET', url: `/channels/widget/${b.widget.inboxId}/tickets`, headers: bearer(b.widget.token) });
    expect(tickets.body).toContain(b.marker);
    expect((await b.portal.client.get(`/help/${b.ws.slug}/tickets/${b.portal.ticketNumber}`)).body).toContain(b.marker);
    expect((await b.portal.client.get(`/help/${b.ws.slug}/faq/${b.portal.faqKey}`)).body).toContain(b.marker);
    expect(await snapshotOfB()).toContain(b.marker);
  });
});

describe("A's credentials never reach B's data", () => {
  it("widget: A's visitor token on any widget path", async () => {
    const route = fc.oneof(
      fc.tuple(anyId()).map(([inbox]) => `/channels/widget/${inbox}/tickets`),
      fc.tuple(anyId(), anyId()).map(([inbox, t]) => `/channels/widget/${inbox}/tickets/${t}`),
      fc.tuple(anyId(), anyId(), anyId()).map(([inbox, t, att]) => `/channels/widget/${inbox}/tickets/${t}/attachments/${att}`),
      fc.tuple(anyId(), anyId()).map(([inbox, att]) => `/channels/widget/${inbox}/attachments/${att}`),
      fc.tuple(anyId()).map(([inbox]) => `/channels/widget/${inbox}/ticket-form`),
    );
    const inboxA = fc.constant(a.widget.inboxId);
    const own = fc.oneof(
      fc.tuple(inboxA, anyId()).map(([inbox, t]) => `/channels/widget/${inbox}/tickets/${t}`),
      fc.tuple(inboxA, anyId()).map(([inbox, att]) => `/channels/widget/${inbox}/attachments/${att}`),
      fc.tuple(inboxA, anyId(), anyId()).map(([inbox, t, att]) => `/channels/widget/${inbox}/tickets/${t}/attachments/${att}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(route, own), async (url) => void (await expectNoLeak({ method: 'GET', url, headers: bearer(a.widget.token) }))),
      params(),
    );
  });

  it("widget: A's visitor writes to B's tickets and sessions, and B's data stays as it was", async () => {
    const before = await snapshotOfB();
    const reply = fc.tuple(fc.constantFrom(a.widget.inboxId, b.widget.inboxId), anyId()).map(([inbox, t]): FuzzRequest => ({
      method: 'POST',
      url: `/channels/widget/${inbox}/tickets/${t}/replies`,
      headers: bearer(a.widget.token),
      payload: JSON.stringify({ body: 'reply from A', attachmentIds: [b.widget.attachmentId] }),
    }));
    const ticket = shapedObjects({
      categoryId: fc.constantFrom(...b.ids),
      description: text,
      attachmentIds: fc.array(fc.constantFrom(b.widget.attachmentId, a.widget.attachmentId), { maxLength: 2 }),
    }).map((body): FuzzRequest => ({
      method: 'POST',
      url: `/channels/widget/${a.widget.inboxId}/tickets`,
      headers: bearer(a.widget.token),
      payload: JSON.stringify(body),
    }));
    const session = fc.constantFrom(a.widget.inboxId, b.widget.inboxId).map((inbox): FuzzRequest => ({
      method: 'POST',
      url: `/channels/widget/${inbox}/sessions`,
      payload: JSON.stringify({ visitorToken: a.widget.token }),
    }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(reply, ticket, session), async (req) => void (await expectNoLeak(req))),
      params(Math.ceil(RUNS / 2)),
    );
    await kefu.ctx.bus.drain();
    expect(await snapshotOfB()).toBe(before);
  });

  it("portal: A's slug and signed-in customer on any help center path", async () => {
    const slug = a.ws.slug;
    const key = fc.oneof(fc.constantFrom(b.portal.faqKey, `${b.portal.faqKey}-draft`, a.portal.faqKey, b.portal.ticketNumber), segment);
    const route = fc.oneof(
      key.map((k) => `/help/${slug}/faq/${k}`),
      key.map((k) => `/help/${slug}/categories/${k}`),
      key.map((k) => `/help/${slug}/articles/${k}`),
      key.map((k) => `/help/${slug}/tickets/${k}`),
      fc.tuple(fc.constantFrom(b.portal.ticketNumber, a.portal.ticketNumber), anyId()).map(([n, id]) => `/help/${slug}/tickets/${n}/files/${id}`),
      fc.constantFrom('问题', '答案', 'draft', '分类', b.portal.faqKey).map((q) => `/help/${slug}/search?q=${encodeURIComponent(q)}`),
      fc.constantFrom('问题', '答案', 'draft').map((q) => `/api/v1/public/help/${slug}/search?q=${encodeURIComponent(q)}`),
      fc.constantFrom(`/help/${slug}`, `/help/${slug}/sitemap.xml`, `/help/${slug}/tickets`, `/help/${slug}?lang=en`),
    );
    await fc.assert(
      fc.asyncProperty(route, async (url) => {
        const res = await a.portal.client.get(url);
        expect(res.status, url).toBeLessThan(500);
        expectNoMarkers(res.body, [b.marker], url);
      }),
      params(),
    );
  });

  it("API channel: A's inbox secret on any conversation", async () => {
    const sign = (method: 'GET' | 'POST', path: string, body = ''): FuzzRequest => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = hmacSignature(a.api.secret, requestSigningBase(timestamp, method, path, body));
      return { method, url: path, headers: { 'x-kefu-timestamp': timestamp, 'x-kefu-signature': signature }, ...(body ? { payload: body } : {}) };
    };
    const inbox = fc.oneof({ arbitrary: fc.constant(a.api.inboxId), weight: 3 }, { arbitrary: anyId(), weight: 1 });
    const req = fc.oneof(
      fc.tuple(inbox, anyId()).map(([i, c]) => sign('GET', `/channels/api/${i}/conversations/${c}/messages`)),
      fc.tuple(inbox, anyId()).map(([i, c]) => sign('POST', `/channels/api/${i}/conversations/${c}/read`, '{"seq":99}')),
    );
    const before = await snapshotOfB();
    await fc.assert(
      fc.asyncProperty(req, async (r) => void (await expectNoLeak(r))),
      params(),
    );
    expect(await snapshotOfB()).toBe(before);
  });

  it("REST API: A's admin on every GET route with :params, filled with B's ids", async () => {
    const routes = kefu.app.routeTable.filter((r) => r.method === 'GET' && r.url.includes('/:') && !/\/(ws|stream|events)$/.test(r.url));
    expect(routes.length).toBeGreaterThan(20);
    const req = fc.tuple(fc.constantFrom(...routes), fc.array(anyId(), { minLength: 4, maxLength: 4 })).map(([route, ids]): FuzzRequest => {
      let i = 0;
      const url = route.url.replace(/:[A-Za-z]+/g, () => String(ids[i++ % ids.length]));
      return { method: 'GET', url, headers: bearer(a.ws.tokens.admin) };
    });
    await fc.assert(
      fc.asyncProperty(req, async (r) => void (await expectNoLeak(r))),
      params(RUNS * 3),
    );
  });

  it("REST API: A's admin writes naming B's ids leave B as it was", async () => {
    const before = await snapshotOfB();
    const routes = kefu.app.routeTable.filter((r) => r.method !== 'GET' && r.url.includes('/:'));
    const body = shapedObjects({
      content: fc.constant('written by A'),
      contactId: fc.constantFrom(...b.ids),
      conversationId: fc.constantFrom(...b.ids),
      ticketId: fc.constantFrom(...b.ids),
      attachmentIds: fc.constant([b.widget.attachmentId]),
      status: fc.constantFrom('resolved', 'open', 'closed'),
    });
    const req = fc.tuple(fc.constantFrom(...routes), fc.constantFrom(...b.ids), body).map(([route, id, payload]): FuzzRequest => ({
      method: route.method as FuzzRequest['method'],
      url: route.url.replace(/:[A-Za-z]+/g, id),
      headers: bearer(a.ws.tokens.admin),
      ...(route.method === 'DELETE' ? {} : { payload: JSON.stringify(payload) }),
    }));
    await fc.assert(
      fc.asyncProperty(req, async (r) => void (await expectNoLeak(r))),
      params(RUNS * 2),
    );
    await kefu.ctx.bus.drain();
    expect(await snapshotOfB()).toBe(before);
  });
});
