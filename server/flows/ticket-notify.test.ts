import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTicketSetup, linkIn, PortalClient, startMailPeer, type MailPeer } from '../portal/ticket-test-kit.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { outboxDir } from './mail-outbox.ts';
import { notifyRequester } from './ticket-notify.ts';

let kefu: TestKefu;
let ws: TestWorkspace;
let mail: MailPeer;
const poll = { timeout: 10_000, interval: 50 };

beforeAll(async () => {
  mail = await startMailPeer();
  kefu = await buildTestKefu({ KEFU_SMTP_RELAY_URL: mail.url });
  ws = await createTestWorkspace(kefu, 'Demo Shop');
  await buildTicketSetup(kefu, ws);
});

afterAll(async () => {
  await kefu?.close();
  await mail?.close();
});

/** A port nobody listens on: the relay is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('mail to a ticket’s requester', () => {
  it('writes in the customer’s language, from the workspace’s email inbox, with a link that opens the ticket', async () => {
    await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, {
      channel: 'email',
      name: 'Support',
      settings: { address: `help-${uniqueTag()}@shop.test`, fromName: 'Demo Shop Support' },
    });
    const email = `kim-${uniqueTag()}@example.test`;
    const visitor = new PortalClient(kefu);
    await visitor.get(`/help/${ws.slug}/tickets/new?lang=en`);
    const res = await visitor.post(`/help/${ws.slug}/tickets/new?lang=en`, {
      email,
      subject: 'Mug arrived cracked',
      'field.order_no': 'SO-1',
      confirmed: '1',
    });
    expect(res.status).toBe(201);
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    await expect.poll(() => mail.to(email).length, poll).toBe(1);
    const sent = mail.to(email)[0]!;
    expect(sent.subject).toMatch(/^\[Demo Shop\] We received your ticket T-\d{4}-\d{6}: Mug arrived cracked$/);
    expect(sent.from?.value[0]).toMatchObject({ name: 'Demo Shop Support' });
    expect(sent.headers.get('auto-submitted')).toBe('auto-generated');
    const opened = await new PortalClient(kefu).open(linkIn(sent));
    expect(opened.body).toContain('Mug arrived cracked');
    expect(opened.body).toContain('Received');
  });

  it('throws on a relay that does not answer, so the job retries, and keeps the mail in the outbox when there is no relay', async () => {
    const ticket = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, {
      subject: '重试测试',
      contactId: (await call(kefu, 'GET', '/api/v1/contacts?limit=1', ws.tokens.agent)).body.items[0].id,
      customFields: { order_no: 'SO-2' },
    });
    expect(ticket.status).toBe(201);
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    const data = { kind: 'created', workspaceId: ws.id, ticketId: ticket.body.id };
    const relay = kefu.ctx.env.KEFU_SMTP_RELAY_URL;
    try {
      kefu.ctx.env.KEFU_SMTP_RELAY_URL = `smtp://127.0.0.1:${await deadPort()}`;
      await expect(notifyRequester(kefu.ctx, data)).rejects.toThrow();
      kefu.ctx.env.KEFU_SMTP_RELAY_URL = undefined;
      const before: string[] = await readdir(outboxDir(kefu.ctx)).catch(() => []);
      await expect(notifyRequester(kefu.ctx, data)).resolves.toBeUndefined();
      const kept = (await readdir(outboxDir(kefu.ctx))).filter((f) => !before.includes(f));
      expect(kept).toHaveLength(1);
      const mail = await simpleParser(await readFile(path.join(outboxDir(kefu.ctx), kept[0]!)));
      expect(mail.subject).toMatch(/T-\d{4}-\d{6}/);
      expect(mail.text).toContain('/help/');
    } finally {
      kefu.ctx.env.KEFU_SMTP_RELAY_URL = relay;
    }
  });
});
