import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, buildApiKey, call, expectError, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { resolveContact, type ContactProfile } from '../contacts/index.ts';
import { storeIncomingMessage } from '../conversations/index.ts';
import { ensureDemoCanned, loadDemoCanned } from './index.ts';

const URL = '/api/v1/canned-responses';

describe('canned responses', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inboxId: string;

  /** A conversation in `ws` whose customer wrote `text` (stored as a channel would). */
  async function conversationWith(text: string, profile: ContactProfile = {}): Promise<string> {
    const stored = await kefu.ctx.db.transaction(async (tx) => {
      const contact = await resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, profile);
      return storeIncomingMessage(tx, {
        workspaceId: ws.id,
        inboxId,
        contactId: contact.id,
        initialStatus: 'open',
        message: { sourceId: null, content: text },
      });
    });
    return stored.conversation.id;
  }

  const workspaceRefund = {
    scope: 'workspace',
    title: '退款到账时间 / Refund timing',
    shortcut: '/Refund',
    tags: ['售后'],
    content: { 'zh-CN': '{{contact.name}}您好，退款 1–3 个工作日到账。', en: 'Hi {{contact.name}}, refunds arrive within 1–3 business days.' },
  };

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const inbox = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: '官网 App' });
    expect(inbox.status, inbox.raw).toBe(201);
    inboxId = inbox.body.id;
  });
  afterAll(() => kefu.close());

  it('lets content editors keep workspace responses, audited, and every agent find them', async () => {
    const created = await call(kefu, 'POST', URL, ws.tokens.operator, workspaceRefund);
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ scope: 'workspace', ownerId: null, shortcut: '/refund', tags: ['售后'] });
    const id = created.body.id as string;

    for (const q of ['退款', 'REFUND', '/ref', 'business days']) {
      const found = await call(kefu, 'GET', `${URL}?q=${encodeURIComponent(q)}`, ws.tokens.agent);
      expect(
        found.body.items.map((r: { id: string }) => r.id),
        q,
      ).toContain(id);
    }
    expect((await call(kefu, 'GET', `${URL}?q=${encodeURIComponent('发票')}`, ws.tokens.agent)).body.items).toEqual([]);

    const patched = await call(kefu, 'PATCH', `${URL}/${id}`, ws.tokens.admin, { title: '退款时效', tags: ['售后', '退款'] });
    expect(patched.body).toMatchObject({ title: '退款时效', shortcut: '/refund', tags: ['售后', '退款'] });
    expect((await call(kefu, 'DELETE', `${URL}/${id}`, ws.tokens.operator)).status).toBe(204);
    expect((await call(kefu, 'GET', URL, ws.tokens.agent)).body.items.map((r: { id: string }) => r.id)).not.toContain(id);

    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: id });
    expect(audit.map((a) => a.action).sort()).toEqual(['canned_response.created', 'canned_response.deleted', 'canned_response.updated']);
    expect(audit.find((a) => a.action === 'canned_response.updated')).toMatchObject({
      before: { title: workspaceRefund.title },
      after: { title: '退款时效' },
    });
  });

  it('keeps personal responses to their owner, and workspace ones to editors', async () => {
    expectError(await call(kefu, 'POST', URL, ws.tokens.agent, { ...workspaceRefund, shortcut: '/agent-try' }), 'forbidden');
    const mine = await call(kefu, 'POST', URL, ws.tokens.agent, {
      scope: 'personal',
      title: '我的问候',
      shortcut: 'hello',
      content: { 'zh-CN': '您好呀' },
    });
    expect(mine.status, mine.raw).toBe(201);
    expect(mine.body).toMatchObject({ scope: 'personal', ownerId: ws.users.agent.id, shortcut: '/hello' });
    const id = mine.body.id as string;
    // Operators have no messages.send: no personal responses for them.
    expectError(
      await call(kefu, 'POST', URL, ws.tokens.operator, { scope: 'personal', title: 't', shortcut: '/op', content: { en: 'x' } }),
      'forbidden',
    );

    const personalList = await call(kefu, 'GET', `${URL}?scope=personal`, ws.tokens.agent);
    expect(personalList.body.items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await call(kefu, 'GET', URL, ws.tokens.admin)).body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    // Someone else's personal response does not exist for them, admins included.
    expectError(await call(kefu, 'PATCH', `${URL}/${id}`, ws.tokens.admin, { title: 'taken over' }), 'not_found');
    expectError(await call(kefu, 'DELETE', `${URL}/${id}`, ws.tokens.admin), 'not_found');
    expect((await call(kefu, 'PATCH', `${URL}/${id}`, ws.tokens.agent, { content: { en: 'Hello there' } })).body.content).toEqual({
      en: 'Hello there',
    });
    expect(await auditEvents(kefu, ws.tokens.admin, { targetId: id })).toEqual([]);

    const key = await buildApiKey(kefu, ws.tokens.admin, ws.roles.admin.id);
    expectError(await call(kefu, 'POST', URL, key.token, { scope: 'personal', title: 'k', shortcut: '/k', content: { en: 'k' } }), 'forbidden');
    expect((await call(kefu, 'GET', `${URL}?scope=personal`, key.token)).body.items).toEqual([]);
  });

  it('makes a shortcut unique within its scope only', async () => {
    const shortcut = `/dup-${uniqueTag()}`;
    const body = { title: 'Dup', shortcut, content: { en: 'one' } };
    expect((await call(kefu, 'POST', URL, ws.tokens.admin, { ...body, scope: 'workspace' })).status).toBe(201);
    expectError(
      await call(kefu, 'POST', URL, ws.tokens.operator, { ...body, scope: 'workspace', shortcut: shortcut.toUpperCase() }),
      'shortcut_taken',
    );
    expect((await call(kefu, 'POST', URL, ws.tokens.agent, { ...body, scope: 'personal' })).status).toBe(201);
    expectError(await call(kefu, 'POST', URL, ws.tokens.agent, { ...body, scope: 'personal' }), 'shortcut_taken');
    expect((await call(kefu, 'POST', URL, ws.tokens.admin, { ...body, scope: 'personal' })).status).toBe(201);
    const renamed = await call(kefu, 'POST', URL, ws.tokens.agent, { ...body, scope: 'personal', shortcut: `${shortcut}-2` });
    expectError(await call(kefu, 'PATCH', `${URL}/${renamed.body.id}`, ws.tokens.agent, { shortcut }), 'shortcut_taken');
    // The composer's `/dup…` lookup: exact shortcut first, the agent's own before the workspace's.
    const found = await call(kefu, 'GET', `${URL}?q=${encodeURIComponent(shortcut)}`, ws.tokens.agent);
    expect(found.body.items.map((r: { scope: string; shortcut: string }) => `${r.scope} ${r.shortcut}`)).toEqual([
      `personal ${shortcut}`,
      `workspace ${shortcut}`,
      `personal ${shortcut}-2`,
    ]);
  });

  it('refuses invalid input', async () => {
    expectError(
      await call(kefu, 'POST', URL, ws.tokens.admin, { scope: 'workspace', title: 'x', shortcut: '/no spaces', content: { en: 'x' } }),
      'validation_failed',
    );
    expectError(await call(kefu, 'POST', URL, ws.tokens.admin, { scope: 'workspace', title: 'x', shortcut: '/x', content: {} }), 'validation_failed');
    expectError(
      await call(kefu, 'POST', URL, ws.tokens.admin, { scope: 'workspace', title: 'x', shortcut: '/x', content: { fr: 'x' } }),
      'validation_failed',
    );
  });

  it('pages through every response by shortcut', async () => {
    const tag = uniqueTag();
    for (const n of [3, 1, 2])
      await call(kefu, 'POST', URL, other.tokens.admin, { scope: 'workspace', title: `p${n}`, shortcut: `/p${n}-${tag}`, content: { en: 'x' } });
    const first = await call(kefu, 'GET', `${URL}?limit=2`, other.tokens.agent);
    const second = await call(kefu, 'GET', `${URL}?limit=2&cursor=${first.body.nextCursor}`, other.tokens.agent);
    expect([...first.body.items, ...second.body.items].map((r: { title: string }) => r.title)).toEqual(['p1', 'p2', 'p3']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('renders variables for the conversation, phone masked, unknown ones left visible', async () => {
    const template = {
      scope: 'workspace',
      title: 'Verify',
      shortcut: `/verify-${uniqueTag()}`,
      content: {
        'zh-CN':
          '{{contact.name}}您好，我是{{agent.name}}。手机 {{ contact.phone }}，邮箱 {{contact.email}}，会话 {{conversation.id}}（{{inbox.name}}），订单 {{order.id}}',
        en: 'Hi {{contact.name}}, {{agent.name}} here.',
      },
    };
    const id = (await call(kefu, 'POST', URL, ws.tokens.admin, template)).body.id as string;
    const zhConversation = await conversationWith('我的退款还没到账', { name: '张三', email: 'zhang@example.test', phone: '13812345678' });
    const zh = await call(kefu, 'POST', `${URL}/${id}/render`, ws.tokens.agent, { conversationId: zhConversation });
    expect(zh.status, zh.raw).toBe(200);
    expect(zh.body).toEqual({
      locale: 'zh-CN',
      content: `张三您好，我是Agent。手机 138****5678，邮箱 zhang@example.test，会话 ${zhConversation}（官网 App），订单 {{order.id}}`,
    });

    const enConversation = await conversationWith('Where is my refund?', { name: 'Ann' });
    expect((await call(kefu, 'POST', `${URL}/${id}/render`, ws.tokens.agent, { conversationId: enConversation })).body).toEqual({
      locale: 'en',
      content: 'Hi Ann, Agent here.',
    });
    const asked = await call(kefu, 'POST', `${URL}/${id}/render`, ws.tokens.agent, { conversationId: enConversation, locale: 'zh-CN' });
    expect(asked.body.content).toMatch(/^Ann您好，我是Agent。手机 ，邮箱 ，/);

    const onlyChinese = await call(kefu, 'POST', URL, ws.tokens.admin, {
      scope: 'workspace',
      title: 'zh',
      shortcut: `/zh-${uniqueTag()}`,
      content: { 'zh-CN': '稍等' },
    });
    expect((await call(kefu, 'POST', `${URL}/${onlyChinese.body.id}/render`, ws.tokens.agent, { conversationId: enConversation })).body).toEqual({
      locale: 'zh-CN',
      content: '稍等',
    });
  });

  it('answers 404 across workspaces', async () => {
    const id = (
      await call(kefu, 'POST', URL, ws.tokens.admin, { scope: 'workspace', title: 'mine', shortcut: `/x-${uniqueTag()}`, content: { en: 'x' } })
    ).body.id;
    const conversationId = await conversationWith('hello');
    expectError(await call(kefu, 'PATCH', `${URL}/${id}`, other.tokens.admin, { title: 'stolen' }), 'not_found');
    expectError(await call(kefu, 'DELETE', `${URL}/${id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'POST', `${URL}/${id}/render`, other.tokens.agent, { conversationId }), 'not_found');
    expect((await call(kefu, 'GET', `${URL}?q=mine`, other.tokens.admin)).body.items).toEqual([]);
    const theirs = (
      await call(kefu, 'POST', URL, other.tokens.admin, { scope: 'workspace', title: 't', shortcut: `/t-${uniqueTag()}`, content: { en: 't' } })
    ).body.id;
    expectError(await call(kefu, 'POST', `${URL}/${theirs}/render`, other.tokens.agent, { conversationId }), 'not_found');
  });

  it('seeds the demo’s bilingual responses once', async () => {
    const demo = await createTestWorkspace(kefu, 'Demo-like Shop');
    await ensureDemoCanned(kefu.ctx, demo.slug);
    await ensureDemoCanned(kefu.ctx, demo.slug);
    const list = await call(kefu, 'GET', `${URL}?scope=workspace`, demo.tokens.agent);
    expect(list.body.items).toHaveLength(loadDemoCanned().length);
    for (const item of list.body.items) expect(Object.keys(item.content).sort()).toEqual(['en', 'zh-CN']);
    expect(list.body.items.map((r: { shortcut: string }) => r.shortcut)).toContain('/refund');
  });
});
