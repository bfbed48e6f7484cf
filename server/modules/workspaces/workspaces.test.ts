import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../events/catalogue.ts';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

let kefu: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  kefu = await buildTestKefu();
  ws = await createTestWorkspace(kefu, 'Lotus Tea House');
});
afterAll(() => kefu.close());

const patch = (body: unknown, token = ws.tokens.admin) => call(kefu, 'PATCH', '/api/v1/workspace', token, body);

describe('workspace settings', () => {
  it('shows each caller their own workspace', async () => {
    const other = await createTestWorkspace(kefu, 'Other Shop');
    for (const [shop, token] of [
      [ws, ws.tokens.agent],
      [other, other.tokens.operator],
    ] as const) {
      const res = await call(kefu, 'GET', '/api/v1/workspace', token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: shop.id, slug: shop.slug });
    }
    expect((await call(kefu, 'GET', '/api/v1/workspace', ws.tokens.agent)).body.name).toBe('Lotus Tea House');
  });

  it('changes name, locales and time zone, and audits the old and new values', async () => {
    const before = (await call(kefu, 'GET', '/api/v1/workspace', ws.tokens.admin)).body;
    const change = { name: '莲花茶馆 Lotus', locales: ['en', 'zh-CN'], defaultLocale: 'en', timezone: 'Europe/Berlin' };
    const res = await patch(change);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(change);
    expect((await call(kefu, 'GET', '/api/v1/workspace', ws.tokens.agent)).body).toMatchObject(change);

    const [row] = await auditEvents(kefu, ws.tokens.admin, { action: 'workspace.updated', targetId: ws.id });
    expect(row).toMatchObject({
      actorId: ws.users.admin.id,
      before: { name: before.name, locales: before.locales, defaultLocale: before.defaultLocale, timezone: before.timezone },
      after: change,
    });
  });

  it('tells subscribers what changed', async () => {
    const seen: EventEnvelope<'workspace.updated'>[] = [];
    const off = kefu.ctx.bus.on('workspace.updated', (event) => {
      if (event.payload.workspaceId === ws.id) seen.push(event);
    });
    try {
      expect((await patch({ timezone: 'Asia/Shanghai', name: 'Lotus Tea House' })).status).toBe(200);
      await kefu.ctx.bus.drain();
    } finally {
      off();
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]!.payload.changes.sort()).toEqual(['name', 'timezone']);
  });

  it('refuses settings that do not fit, and changes nothing', async () => {
    const current = (await call(kefu, 'GET', '/api/v1/workspace', ws.tokens.admin)).body;
    const cases: [string, unknown, string][] = [
      ['default locale outside the locales', { locales: ['zh-CN'], defaultLocale: 'en' }, 'defaultLocale'],
      ['removing the current default locale', { locales: [current.defaultLocale === 'en' ? 'zh-CN' : 'en'] }, 'defaultLocale'],
      ['unknown time zone', { timezone: 'Mars/Olympus_Mons' }, 'timezone'],
      ['unknown locale', { locales: ['fr'] }, 'locales'],
      ['empty name', { name: '   ' }, 'name'],
      ['unknown field', { name: 'Fine', slug: 'stolen-slug' }, 'slug'],
      ['not an object', ['name'], 'body'],
    ];
    for (const [label, body, field] of cases) {
      const res = await patch(body);
      expect({ label, status: res.status, code: res.body.error?.code }).toEqual({ label, status: 400, code: 'validation_failed' });
      expect(JSON.stringify(res.body.error.details), label).toContain(field);
    }
    expect((await call(kefu, 'GET', '/api/v1/workspace', ws.tokens.admin)).body).toEqual(current);
  });

  it('lets only admins change settings', async () => {
    for (const role of ['agent', 'operator'] as const) expectError(await patch({ name: 'Mine now' }, ws.tokens[role]), 'forbidden');
  });
});
