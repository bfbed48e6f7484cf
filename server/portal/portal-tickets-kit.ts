import { expect } from 'vitest';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { addFaqs } from './portal-test-kit.ts';
import { buildTicketSetup, linkIn, PortalClient, startMailPeer, type MailPeer } from './ticket-test-kit.ts';

/** The help center's ticket tests' Kefu: a mail peer as relay, the demo-like workspace, another one, one FAQ. */
export interface PortalTicketRig {
  kefu: TestKefu;
  ws: TestWorkspace;
  other: TestWorkspace;
  mail: MailPeer;
  setup: Awaited<ReturnType<typeof buildTicketSetup>>;
  close(): Promise<void>;
}

export const poll = { timeout: 10_000, interval: 50 };

export async function startPortalTicketRig(): Promise<PortalTicketRig> {
  const mail = await startMailPeer();
  const kefu = await buildTestKefu({ KEFU_SMTP_RELAY_URL: mail.url });
  const ws = await createTestWorkspace(kefu, '演示商城');
  const other = await createTestWorkspace(kefu, 'Other Shop');
  const setup = await buildTicketSetup(kefu, ws);
  await addFaqs(kefu, ws, [
    { key: 'refund-time', locale: 'zh-CN', question: '退款多久到账？', similar: ['退款什么时候到'], answer: '1–3 个工作日。' },
  ]);
  return {
    kefu,
    ws,
    other,
    mail,
    setup,
    close: async () => {
      await kefu.close();
      await mail.close();
    },
  };
}

export const settle = async ({ kefu }: PortalTicketRig) => {
  await kefu.ctx.bus.drain();
  await kefu.drainJobs();
};

/** A visitor fills in the ticket form (after loading it, as a browser would) and confirms past any suggested answers. */
export async function submitTicket(rig: PortalTicketRig, client: PortalClient, form: Record<string, string>, slug = rig.ws.slug) {
  await client.get(`/help/${slug}/tickets/new?lang=zh-CN`);
  const res = await client.post(`/help/${slug}/tickets/new?lang=zh-CN`, { confirmed: '1', ...form });
  await settle(rig);
  const number = /T-\d{4}-\d{6}/.exec(res.body)?.[0] ?? '';
  const access =
    /href="(?:https?:\/\/[^/"]+)?(\/help\/[^"]+\/tickets\/access\/[^"?]+\?lang=[^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
  return { ...res, number, access };
}

/** Sign in through the emailed link; returns the client. */
export async function signInByMail(rig: PortalTicketRig, email: string) {
  const { kefu, mail } = rig;
  const base = `/help/${rig.ws.slug}/tickets`;
  const client = new PortalClient(kefu);
  await client.get(base);
  const before = mail.to(email).length;
  const res = await client.post(`${base}/sign-in?lang=zh-CN`, { email });
  expect(res.status).toBe(200);
  await settle(rig);
  await expect.poll(() => mail.to(email).length, poll).toBe(before + 1);
  const link = linkIn(mail.to(email).at(-1));
  await client.get(link);
  const landed = await client.post(link, {});
  expect(landed.status).toBe(303);
  expect((await client.get(landed.location!)).status).toBe(200);
  return { client, link };
}

/** The ticket as staff see it, found by its number. */
export async function staffTicketOf({ kefu, ws }: PortalTicketRig, number: string) {
  const list = await call(kefu, 'GET', `/api/v1/tickets?q=${number}`, ws.tokens.agent);
  return list.body.items[0] as {
    id: string;
    status: string;
    source: string;
    categoryId: string;
    teamId: string;
    customFields: Record<string, unknown>;
    contactId: string;
  };
}
