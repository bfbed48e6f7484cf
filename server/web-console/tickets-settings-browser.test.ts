import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/**
 * Ticket settings (the category tree, custom fields) and the list's "Create
 * ticket" with a custom field, then split, merge and link on a ticket page.
 */
describe.skipIf(!existsSync(CHROMIUM))('ticket settings and relations in the agent console', () => {
  let rig: ConsoleRig;
  const categories: Record<string, string> = {};

  beforeAll(async () => {
    rig = await startConsoleRig();
    const admin = rig.ws.tokens.admin;
    const add = async (key: string, name: string, nameEn: string, parentId: string | null) => {
      const res = await call(rig.kefu, 'POST', '/api/v1/ticket-categories', admin, { key, name, nameEn, parentId });
      expect(res.status).toBe(201);
      return (categories[key] = res.body.id as string);
    };
    const afterSales = await add('after_sales', '售后服务', 'After-sales', null);
    const returns = await add('returns', '退货', 'Returns', afterSales);
    await add('quality', '质量问题', 'Quality issue', returns);
    await add('billing', '账单发票', 'Billing', null);
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('lets an admin shape the category tree and custom fields on the ticket settings page', async () => {
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.admin);
    await page.getByRole('link', { name: 'Ticket settings' }).click();

    // A new top-level category with a child, and a starting priority.
    const settings = page.locator('section', { hasText: 'Categories' }).first();
    await settings.locator('form.cat-add').last().getByLabel('Name (中文)').fill('物流');
    await settings.locator('form.cat-add').last().getByLabel('Name (English)').fill('Shipping');
    await settings.locator('form.cat-add').last().getByRole('button', { name: 'Add' }).click();
    const shipping = settings.locator('li.cat', { has: page.locator('.cat-name', { hasText: 'Shipping' }) });
    await shipping.waitFor();
    await shipping.getByRole('button', { name: 'Add child' }).click();
    await shipping.locator('form.cat-add').getByLabel('Name (中文)').fill('延误');
    await shipping.locator('form.cat-add').getByLabel('Name (English)').fill('Delay');
    await shipping.locator('form.cat-add').getByRole('button', { name: 'Add' }).click();
    await shipping.locator('.cat-name', { hasText: 'Delay' }).waitFor();
    await page.getByLabel('Starting priority of 物流').selectOption('high');
    await expect
      .poll(async () => {
        const items = (await call(rig.kefu, 'GET', '/api/v1/ticket-categories', rig.ws.tokens.admin)).body.items as {
          name: string;
          parentId: string | null;
          defaultPriority: string | null;
          id: string;
        }[];
        const root = items.find((c) => c.name === '物流');
        return { priority: root?.defaultPriority, child: items.some((c) => c.name === '延误' && c.parentId === root?.id) };
      }, poll)
      .toEqual({ priority: 'high', child: true });

    // Archive the billing category: it stays, struck through, and can come back.
    const billing = settings.locator('li.cat', { has: page.locator('.cat-name', { hasText: 'Billing' }) });
    await billing.getByRole('button', { name: 'Archive' }).click();
    await billing.getByRole('button', { name: 'Restore' }).waitFor();

    // Custom fields: add a choice field, rename it, delete it.
    const fields = page.locator('section', { hasText: 'Custom fields' });
    const form = fields.locator('form.field-form').last();
    await form.getByLabel('Label (中文)').fill('购买渠道');
    await form.getByLabel('Label (English)').fill('Channel');
    await form.getByLabel('Type').selectOption('select');
    await form.getByLabel('Choices, comma-separated').fill('天猫, 京东');
    await form.getByRole('button', { name: 'Add field' }).click();
    const item = fields.locator('.field-item', { hasText: 'Channel' });
    await item.waitFor();
    let listed = (await call(rig.kefu, 'GET', '/api/v1/ticket-fields', rig.ws.tokens.admin)).body.items as { label: string; options: string[] }[];
    expect(listed.find((f) => f.label === '购买渠道')?.options).toEqual(['天猫', '京东']);
    await item.getByRole('button', { name: 'Edit' }).click();
    await fields.locator('form.field-form').first().getByLabel('Label (English)').fill('Sales channel');
    await fields.locator('form.field-form').first().getByRole('button', { name: 'Save' }).click();
    const renamed = fields.locator('.field-item', { hasText: 'Sales channel' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await renamed.getByRole('button', { name: 'Delete?' }).click();
    await expect.poll(() => fields.locator('.field-item', { hasText: 'Sales channel' }).count(), poll).toBe(0);
    listed = (await call(rig.kefu, 'GET', '/api/v1/ticket-fields', rig.ws.tokens.admin)).body.items;
    expect(listed.some((f) => f.label === '购买渠道')).toBe(false);
    await context.close();
  }, 120_000);

  it('creates a ticket from the list with a custom field, splits a reply off, merges it back and links a duplicate', async () => {
    const admin = rig.ws.tokens.admin;
    const field = await call(rig.kefu, 'POST', '/api/v1/ticket-fields', admin, {
      key: 'order_ref',
      label: '订单号',
      labelEn: 'Order ref',
      type: 'text',
    });
    expect(field.status, field.raw).toBe(201);
    const chat = await customerSays(rig, ['你好']);
    await call(rig.kefu, 'PATCH', `/api/v1/contacts/${chat.contactId}`, admin, { name: '李娜', email: 'lina@example.test' });
    await chat.client.close();

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    await page.getByRole('button', { name: 'Create ticket' }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket' });
    await dialog.getByLabel('Requester').fill('李娜');
    await dialog.getByRole('option', { name: /李娜/ }).click();
    await dialog.getByLabel('Subject').fill('两件商品只到了一件');
    await dialog.getByLabel('Description').fill('订单 DS2026 少发一件');
    await dialog.locator('select[aria-label="Category"]').selectOption({ label: 'After-sales' });
    await dialog.getByLabel('Priority').selectOption('high');
    await dialog.getByLabel('Order ref').fill('DS2026');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await page.waitForURL(/\/tickets\/tkt_/);
    const firstId = new URL(page.url()).pathname.split('/').pop()!;
    const first = (await call(rig.kefu, 'GET', `/api/v1/tickets/${firstId}`, admin)).body;
    expect(first.ticket).toMatchObject({
      subject: '两件商品只到了一件',
      contactId: chat.contactId,
      priority: 'high',
      customFields: { order_ref: 'DS2026' },
    });
    await expect.poll(() => page.locator('.tk-side').getByLabel('Order ref').inputValue(), poll).toBe('DS2026');

    // Two replies; the second one belongs to another matter: split it off.
    for (const text of ['我们正在核实发货记录。', '另外，您问的发票已经开好。']) {
      await page.getByPlaceholder(/Reply to the customer/).fill(text);
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.locator('.tk-reply').getByText(text).waitFor();
    }
    await page.getByRole('button', { name: 'Split', exact: true }).click();
    await page.locator('li', { hasText: '发票已经开好' }).getByLabel('Move to the new ticket').check();
    await page.getByLabel('Subject of the new ticket').fill('发票');
    await page.getByRole('button', { name: 'Split into a new ticket' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/tickets/tkt_') && !url.pathname.endsWith(firstId));
    const secondId = new URL(page.url()).pathname.split('/').pop()!;
    await page.locator('.tk-reply').getByText('发票已经开好').waitFor();
    await page.locator('.tk-subject').getByText('发票').waitFor();

    // Merge the split-off ticket back: it closes, and the original's history says so with a link.
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const merge = page.getByRole('dialog', { name: /Merge T-/ });
    await merge.getByLabel('Ticket number').fill(first.ticket.number);
    await merge.getByRole('button', { name: 'Find' }).click();
    await merge.getByText('两件商品只到了一件').waitFor();
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByText('This ticket was merged.').waitFor();
    const second = (await call(rig.kefu, 'GET', `/api/v1/tickets/${secondId}`, admin)).body;
    expect(second.ticket).toMatchObject({ status: 'closed', mergedIntoId: firstId });
    await page.locator('.tk-line').getByRole('link', { name: first.ticket.number }).click();
    await page.waitForURL(new RegExp(`/tickets/${firstId}`));
    await page.locator('.tk-line', { hasText: 'was merged into this ticket' }).waitFor();

    // Link a duplicate by number.
    const dup = await call(rig.kefu, 'POST', '/api/v1/tickets', rig.ws.tokens.agent, { subject: '少发一件（重复）', contactId: chat.contactId });
    await page.getByRole('button', { name: 'Link', exact: true }).click();
    const link = page.getByRole('dialog', { name: 'Link another ticket' });
    await link.getByLabel('Ticket number').fill(dup.body.number);
    await link.getByRole('button', { name: 'Find' }).click();
    await link.getByText('少发一件（重复）').waitFor();
    await link.getByLabel('Kind').selectOption('duplicate');
    await link.getByRole('button', { name: 'Link', exact: true }).click();
    await page.locator('.tk-rel', { hasText: dup.body.number }).getByText('Duplicate').waitFor();
    await page.locator('.tk-line', { hasText: 'linked (Duplicate)' }).waitFor();
    await context.close();
  }, 180_000);
});
