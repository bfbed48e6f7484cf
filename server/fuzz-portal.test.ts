import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFaqs, shopFaqs } from './portal/portal-test-kit.ts';
import { PortalClient } from './portal/ticket-test-kit.ts';
import { newId } from './lib/ids.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from './test/harness.ts';
import { bodies, checkAll, contentTypes, params, queryStrings, rawBodies, segment, sendChecked, text, type FuzzRequest } from './test/fuzz-kit.ts';

/**
 * Property tests over the public help center: its pages, search, votes, the
 * ticket sign-in and forms (with and without the CSRF token), uploads and
 * the survey pages. Never a 5xx; a 4xx is a catalogued JSON error or the help
 * center's own HTML page; and no form changes anything without its CSRF token.
 */
let kefu: TestKefu;
let ws: TestWorkspace;
let client: PortalClient;
let ticketNumber = 'T-0000-000000';

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, '演示商城');
  await addFaqs(kefu, ws, shopFaqs);
  client = new PortalClient(kefu);
  const base = `/help/${ws.slug}/tickets/new?lang=zh-CN`;
  await client.get(base);
  const created = await client.post(base, { confirmed: '1', subject: '包裹破损', description: '盒子压坏了', email: 'li@example.test', name: '李' });
  ticketNumber = /T-\d{4}-\d{6}/.exec(created.body)?.[0] ?? ticketNumber;
  const access = /href="(?:https?:\/\/[^/"]+)?(\/help\/[^"]+\/tickets\/access\/[^"?]+)/.exec(created.body)?.[1];
  if (access) await client.get(access);
}, 60_000);
afterAll(() => kefu.close());

const slug = () => fc.oneof({ arbitrary: fc.constant(ws.slug), weight: 6 }, { arbitrary: segment, weight: 1 });
const key = () => fc.oneof(fc.constantFrom('refund-time', 'markup', 'secret-plan', '售后服务', ticketNumber, 'T-0000-000000'), segment);
const pageQuery = queryStrings({ lang: fc.constantFrom('zh-CN', 'en', 'fr', 'EN'), feedback: fc.constantFrom('thanks', 'comment'), q: text });
const cookies = () => ({ cookie: `kefu_portal_csrf=${client.cookie('kefu_portal_csrf')}; kefu_portal=${client.cookie('kefu_portal') ?? ''}` });

describe('no request makes the help center fail', () => {
  it('GET any page', async () => {
    const path = fc.oneof(
      slug().map((s) => `/help/${s}`),
      slug().map((s) => `/help/${s}/search`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/faq/${k}`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/articles/${k}`),
      fc.tuple(slug(), fc.array(key(), { minLength: 1, maxLength: 4 })).map(([s, ks]) => `/help/${s}/categories/${ks.join('/')}`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/tickets/${k}`),
      fc.tuple(slug(), key(), segment).map(([s, k, id]) => `/help/${s}/tickets/${k}/files/${id}`),
      fc.tuple(slug(), segment).map(([s, t]) => `/help/${s}/tickets/sign-in/${t}`),
      fc.tuple(slug(), segment).map(([s, t]) => `/help/${s}/tickets/access/${t}`),
      slug().map((s) => `/help/${s}/tickets/new`),
      slug().map((s) => `/help/${s}/sitemap.xml`),
      slug().map((s) => `/help/${s}/robots.txt`),
      slug().map((s) => `/api/v1/public/help/${s}/search`),
      segment.map((f) => `/help/_assets/${f}`),
      segment.map((t) => `/survey/${t}`),
      segment.map((t) => `/api/v1/public/surveys/${t}`),
    );
    const req = fc
      .tuple(path, pageQuery, fc.boolean())
      .map(([p, q, signedIn]): FuzzRequest => ({ method: 'GET', url: `${p}?${q}`, headers: signedIn ? cookies() : {} }));
    await checkAll(kefu, req, undefined, { htmlErrors: true });
  });

  it('POST any form, with or without its CSRF token', async () => {
    const form = fc.tuple(
      fc.record(
        {
          email: fc.oneof(fc.emailAddress(), text),
          subject: text,
          description: text,
          name: text,
          body: text,
          categoryId: fc.oneof(fc.constant(newId('ticketCategory')), text),
          attachmentIds: fc.oneof(fc.constant(newId('attachment')), text),
          confirmed: fc.constantFrom('1', '0'),
          helpful: fc.constantFrom('yes', 'no', 'maybe'),
          comment: text,
          rating: fc.constantFrom('1', '5', '0', '6', 'x'),
        },
        { requiredKeys: [] },
      ),
      fc.oneof(fc.constant('good'), fc.constant('none'), text),
    );
    const path = fc.oneof(
      slug().map((s) => `/help/${s}/tickets/sign-in`),
      fc.tuple(slug(), segment).map(([s, t]) => `/help/${s}/tickets/sign-in/${t}`),
      slug().map((s) => `/help/${s}/tickets/sign-out`),
      slug().map((s) => `/help/${s}/tickets/new`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/tickets/${k}/replies`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/tickets/${k}/reopen`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/faq/${k}/feedback`),
      fc.tuple(slug(), key()).map(([s, k]) => `/help/${s}/articles/${k}/feedback`),
      segment.map((t) => `/survey/${t}`),
    );
    await fc.assert(
      fc.asyncProperty(path, form, async (url, [fields, csrf]) => {
        const token = csrf === 'good' ? client.cookie('kefu_portal_csrf')! : csrf;
        const payload = new URLSearchParams({ ...(fields as Record<string, string>), ...(csrf === 'none' ? {} : { _csrf: token }) }).toString();
        const res = await sendChecked(
          kefu,
          { method: 'POST', url, payload, headers: { ...cookies(), 'content-type': 'application/x-www-form-urlencoded' } },
          { htmlErrors: true },
        );
        // Only the votes (no session to protect) go through without the form's token.
        if (csrf !== 'good' && url.includes('/tickets/')) expect(res.statusCode, `${url} ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      }),
      params(),
    );
  });

  it('raw bodies under any content type, uploads and the survey API', async () => {
    const url = fc.oneof(
      fc.constantFrom(`/help/${ws.slug}/tickets/new`, `/help/${ws.slug}/tickets/sign-in`, `/help/${ws.slug}/faq/refund-time/feedback`),
      segment.map((t) => `/survey/${t}`),
      segment.map((t) => `/api/v1/public/surveys/${t}`),
    );
    const raw = fc
      .tuple(url, rawBodies, contentTypes)
      .map(([u, payload, contentType]): FuzzRequest => ({ method: 'POST', url: u, payload, contentType, headers: cookies() }));
    const upload = fc
      .tuple(fc.option(text), fc.option(text), fc.constantFrom('good', 'bad'), fc.uint8Array({ maxLength: 1000 }))
      .map(([filename, fileType, csrf, bytes]): FuzzRequest => ({
        method: 'POST',
        url: `/help/${ws.slug}/tickets/uploads`,
        payload: Buffer.from(bytes),
        headers: {
          ...cookies(),
          'content-type': 'application/octet-stream',
          'x-csrf-token': csrf === 'good' ? client.cookie('kefu_portal_csrf')! : 'x',
          ...(filename === null ? {} : { 'x-filename': encodeURIComponent(filename.replace(/[\ud800-\udfff]/g, '')).slice(0, 700) }),
          ...(fileType === null ? {} : { 'x-file-type': fileType.replace(/[^\x20-\x7e]/g, '') }),
        },
      }));
    const survey = fc
      .tuple(
        segment,
        bodies({ rating: fc.integer({ min: -1, max: 6 }), comment: text, answers: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer())) }),
      )
      .map(([t, payload]): FuzzRequest => ({ method: 'POST', url: `/api/v1/public/surveys/${t}`, payload }));
    await checkAll(kefu, fc.oneof(raw, upload, survey), undefined, { htmlErrors: true });
  });

  it('serves no asset named after what every object has (toString, constructor…): it used to answer 500', async () => {
    for (const dir of ['_assets', '_ticket-assets']) {
      for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const res = await sendChecked(kefu, { method: 'GET', url: `/help/${dir}/${name}` });
        expect(res.json().error.code, `${dir}/${name}`).toBe('route_not_found');
      }
    }
  });
});
