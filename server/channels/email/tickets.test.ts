import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sql, uniqueTag } from '../../test/factories.ts';
import { conversationsOf, customerMessageId, messagesOf, startEmailKit, type EmailKit } from './test-kit.ts';

let kit: EmailKit;
beforeAll(async () => {
  kit = await startEmailKit();
});
afterAll(async () => {
  await kit?.close();
});

const customer = () => `buyer.${uniqueTag()}@example.com`;

async function ticketsOf(conversationId: string) {
  const res = await call(kit.kefu, 'GET', `/api/v1/conversations/${conversationId}/tickets`, kit.ws.tokens.agent);
  expect(res.status, res.raw).toBe(200);
  return res.body.items as { id: string; number: string; subject: string; description: string; source: string; contactId: string; status: string }[];
}

async function history(ticketId: string) {
  const res = await call(kit.kefu, 'GET', `/api/v1/tickets/${ticketId}`, kit.ws.tokens.agent);
  expect(res.status, res.raw).toBe(200);
  return res.body as { ticket: { status: string }; activities: { kind: string; body: string; actorType: string }[] };
}

describe('email inbox in ticket mode (real SMTP)', () => {
  it('files the first mail of a thread as a ticket and threads the replies onto it as the customer’s replies', async () => {
    const inbox = await kit.createInbox({ createTickets: true });
    const from = customer();
    const first = customerMessageId();
    await kit.send({
      from: { name: '李雷', address: from },
      to: inbox.address,
      subject: '发票开错了',
      text: '你好，订单 DS2026112000123 的发票抬头开错了，请重开。',
      messageId: first,
      attachments: [{ filename: 'invoice.pdf', content: Buffer.from('%PDF-1.4 test'), contentType: 'application/pdf' }],
    });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [ticket, ...more] = await ticketsOf(conversation!.id);
    expect(more).toEqual([]);
    expect(ticket).toMatchObject({
      subject: '发票开错了',
      description: '你好，订单 DS2026112000123 的发票抬头开错了，请重开。',
      source: 'email',
      contactId: conversation!.contactId,
      status: 'new',
    });
    const [row] = await sql<{ attachments: { filename: string }[] }>(kit.kefu, 'select attachments from tickets where id = $1', [ticket!.id]);
    expect(row!.attachments.map((a) => a.filename)).toEqual(['invoice.pdf']);
    const timeline = await messagesOf(kit, conversation!.id);
    expect(
      timeline.some((m) => m.type === 'activity' && (m.contentAttributes as { ticket?: { number: string } }).ticket?.number === ticket!.number),
    ).toBe(true);

    const resolved = await call(kit.kefu, 'PATCH', `/api/v1/tickets/${ticket!.id}`, kit.ws.tokens.agent, { status: 'resolved' });
    expect(resolved.status, resolved.raw).toBe(200);
    const reply = {
      from,
      to: inbox.address,
      subject: 'Re: 发票开错了',
      text: '还没收到新发票\n\n> 我们已处理',
      inReplyTo: first,
      references: [first],
      messageId: customerMessageId(),
    };
    await kit.send(reply);
    await kit.send(reply); // the same mail again (a client's retry): stored once, one reply

    expect(await ticketsOf(conversation!.id)).toHaveLength(1);
    const after = await history(ticket!.id);
    expect(after.ticket.status).toBe('reopened');
    const replies = after.activities.filter((a) => a.kind === 'customer_reply');
    expect(replies.map((a) => a.body)).toEqual(['还没收到新发票']);
    expect(replies[0]!.actorType).toBe('contact');
  });

  it('files a new ticket when the thread’s ticket was closed, and none when the inbox is not in ticket mode', async () => {
    const inbox = await kit.createInbox({ createTickets: true });
    const from = customer();
    const first = customerMessageId();
    await kit.send({ from, to: inbox.address, subject: 'Broken lid', text: 'The lid arrived cracked.', messageId: first });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [ticket] = await ticketsOf(conversation!.id);
    await call(kit.kefu, 'PATCH', `/api/v1/tickets/${ticket!.id}`, kit.ws.tokens.agent, { status: 'closed' });
    await kit.send({ from, to: inbox.address, subject: 'Re: Broken lid', text: 'Now the handle broke too.', inReplyTo: first, references: [first] });
    const both = await ticketsOf(conversation!.id);
    expect(both).toHaveLength(2);
    expect(both.find((t) => t.id !== ticket!.id)).toMatchObject({
      subject: 'Re: Broken lid',
      description: 'Now the handle broke too.',
      status: 'new',
    });

    const plain = await kit.createInbox();
    await kit.send({ from: customer(), to: plain.address, subject: 'Hello', text: 'Just a question.' });
    const [chat] = await conversationsOf(kit, plain.id);
    expect(await ticketsOf(chat!.id)).toEqual([]);
  });
});
