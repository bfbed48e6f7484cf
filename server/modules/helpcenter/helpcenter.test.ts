import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFaqs, shopFaqs } from '../../portal/portal-test-kit.ts';
import { call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let other: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu);
  other = await createTestWorkspace(kefu);
  await addFaqs(kefu, ws, shopFaqs);
});

afterAll(() => kefu?.close());

/** Vote as a browser's form does; returns the status, the redirect and the visitor cookie. */
async function vote(slug: string, key: string, form: Record<string, string>, cookie?: string) {
  const res = await kefu.app.inject({
    method: 'POST',
    url: `/help/${slug}/faq/${key}/feedback`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    payload: new URLSearchParams(form).toString(),
  });
  const setCookie = res.headers['set-cookie'];
  return { status: res.statusCode, location: res.headers.location, cookie: typeof setCookie === 'string' ? setCookie.split(';')[0] : cookie };
}

const counts = async (token: string, key?: string) =>
  (await call(kefu, 'GET', `/api/v1/helpcenter/feedback${key ? `?key=${key}` : ''}`, token)).body.items as unknown[];

describe('was this helpful?', () => {
  it('counts one vote per visitor and item, lets the visitor change it, and shows editors the counts', async () => {
    const first = await vote(ws.slug, 'refund-time', { helpful: 'yes', lang: 'zh-CN' });
    expect(first.status).toBe(303);
    expect(first.location).toBe(`/help/${ws.slug}/faq/refund-time?lang=zh-CN&feedback=thanks#feedback`);
    expect(first.cookie).toMatch(/^kefu_hc=[A-Za-z0-9_-]{22}$/);
    await vote(ws.slug, 'refund-time', { helpful: 'yes' }, first.cookie);
    await vote(ws.slug, 'refund-time', { helpful: 'yes' }); // another visitor
    expect(await counts(ws.tokens.agent, 'refund-time')).toEqual([{ targetType: 'faq', key: 'refund-time', helpful: 2, notHelpful: 0, comments: 0 }]);

    const changed = await vote(ws.slug, 'refund-time', { helpful: 'no', lang: 'zh-CN' }, first.cookie);
    expect(changed.location).toContain('feedback=comment'); // a "no" asks what was missing
    await vote(ws.slug, 'refund-time', { helpful: 'no', comment: '没说周末算不算工作日' }, first.cookie);
    expect(await counts(ws.tokens.operator, 'refund-time')).toEqual([
      { targetType: 'faq', key: 'refund-time', helpful: 1, notHelpful: 1, comments: 1 },
    ]);
    const comments = await call(kefu, 'GET', '/api/v1/helpcenter/feedback/comments', ws.tokens.admin);
    expect(comments.body.items).toEqual([
      { targetType: 'faq', key: 'refund-time', locale: 'zh-CN', comment: '没说周末算不算工作日', at: expect.any(String) },
    ]);
  });

  it('thanks on the page after a vote, and asks for a comment after a "no"', async () => {
    const thanks = await kefu.app.inject({ url: `/help/${ws.slug}/faq/invoice?lang=zh-CN&feedback=thanks` });
    expect(thanks.body).toContain('感谢你的反馈！');
    expect(thanks.headers['cache-control']).toBe('no-store');
    const comment = await kefu.app.inject({ url: `/help/${ws.slug}/faq/invoice?lang=en&feedback=comment` });
    expect(comment.body).toContain('<textarea id="hc-comment" name="comment"');
  });

  it('accepts JSON too, and refuses votes on drafts, unknown items and other workspaces’ items', async () => {
    const json = await kefu.app.inject({ method: 'POST', url: `/help/${ws.slug}/faq/invoice/feedback`, payload: { helpful: false } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toEqual({ recorded: true });
    for (const [slug, key] of [
      [ws.slug, 'secret-plan'],
      [ws.slug, 'nope'],
      [other.slug, 'refund-time'],
      ['no-such-shop', 'refund-time'],
    ] as const) {
      expect((await vote(slug, key, { helpful: 'yes' })).status).toBe(404);
    }
    const bad = await kefu.app.inject({ method: 'POST', url: `/help/${ws.slug}/faq/invoice/feedback`, payload: { helpful: 'maybe' } });
    expect(bad.statusCode).toBe(400);
  });

  it('keeps each workspace’s counts to itself and needs knowledge.read', async () => {
    expect(await counts(other.tokens.admin)).toEqual([]);
    expectError(await call(kefu, 'GET', '/api/v1/helpcenter/feedback'), 'unauthenticated');
  });

  it('lists the items found helpful most often first on the home page', async () => {
    for (let i = 0; i < 3; i++) await vote(ws.slug, 'shipping-fee', { helpful: 'yes' });
    const home = await kefu.app.inject({ url: `/help/${ws.slug}?lang=zh-CN` });
    const popular = home.body.slice(home.body.indexOf('id="hc-pop"'));
    expect(popular.indexOf('运费怎么算？')).toBeLessThan(popular.indexOf('退款多久到账？'));
  });
});
