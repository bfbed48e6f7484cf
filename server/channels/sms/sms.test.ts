import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getContact } from '../../modules/contacts/index.ts';
import { findMessage, getConversation } from '../../modules/conversations/index.ts';
import { call, uniqueTag } from '../../test/factories.ts';
import { startReceiver, startSignedKit, type SignedKit } from '../shared-webhooks/test-kit.ts';

let kit: SignedKit;
let gateway: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  kit = await startSignedKit();
  gateway = await startReceiver();
});
afterAll(async () => {
  await gateway?.close();
  await kit?.close();
});

/** A fresh mainland mobile number, as a gateway would write it. */
const mobile = () => `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const inbound = (over: Record<string, unknown> = {}) => ({
  from: mobile(),
  to: '106900001234',
  text: '请问今天能发货吗？',
  providerMessageId: `sm-${uniqueTag()}`,
  ...over,
});

async function receive(inbox: { id: string; secret: string }, body: unknown) {
  return kit.signed(`/channels/sms/${inbox.id}/inbound`, inbox.secret, { body });
}

async function agentReply(conversationId: string, content: string) {
  const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, { content });
  expect(res.status).toBe(201);
  await kit.kefu.drainJobs();
  return res.body as { id: string; seq: number };
}

describe('sms channel: inbound texts', () => {
  it('stores a text once per providerMessageId, from a contact found by the normalised number', async () => {
    const inbox = await kit.createInbox('sms', { from: '106900001234' });
    const number = mobile();
    const body = inbound({ from: number, receivedAt: '2024-05-01T10:00:00+08:00' });
    const first = await receive(inbox, body);
    expect(first.status).toBe(201);
    expect(await receive(inbox, body)).toEqual({ status: 200, body: first.body });
    const second = await receive(inbox, inbound({ from: `+86 ${number.slice(0, 3)} ${number.slice(3)}`, text: '在吗' }));
    expect(second.body.conversationId).toBe(first.body.conversationId);

    const messages = await kit.messagesOf(first.body.conversationId);
    expect(messages.map((m) => m.content)).toEqual(['请问今天能发货吗？', '在吗']);
    // The sender's number reaches the console masked (docs/masking.md); the contact keeps it in clear.
    const masked = `${number.slice(0, 3)}****${number.slice(-4)}`;
    expect(messages[0]!.contentAttributes).toEqual({ sms: { from: masked, to: '106900001234', receivedAt: '2024-05-01T10:00:00+08:00' } });
    const conversation = await getConversation(kit.kefu.ctx.db, kit.ws.id, first.body.conversationId);
    const { contact, identities } = await getContact(kit.kefu.ctx.db, kit.ws.id, conversation.contactId);
    expect(contact.phone).toBe(`+86${number}`);
    expect(identities.map((i) => [i.kind, i.value])).toEqual([['phone', `+86${number}`]]);
  });

  it('refuses unsigned calls, a sender that is not a phone number and bodies off the schema', async () => {
    const inbox = await kit.createInbox('sms', { from: '10690000' });
    const unsigned = await kit.signed(`/channels/sms/${inbox.id}/inbound`, inbox.secret, { body: inbound(), signature: null });
    expect({ status: unsigned.status, code: unsigned.body.error.code }).toEqual({ status: 401, code: 'signature_missing' });
    const wrong = await kit.signed(`/channels/sms/${inbox.id}/inbound`, 'not-the-inbox-secret', { body: inbound() });
    expect(wrong.body.error.code).toBe('signature_invalid');
    for (const body of [
      inbound({ from: 'abc' }),
      inbound({ text: '' }),
      inbound({ providerMessageId: undefined }),
      inbound({ receivedAt: 'today' }),
      inbound({ media: [] }),
    ]) {
      const res = await receive(inbox, JSON.parse(JSON.stringify(body)));
      expect({ body, status: res.status, code: res.body.error.code }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    const huge = await receive(inbox, inbound({ text: '长'.repeat(12_000) }));
    expect(huge.status).toBe(413);
  });
});

describe('sms channel: replies and receipts', () => {
  it('sends a reply through the gateway, signed, and tracks its delivery receipt', async () => {
    const inbox = await kit.createInbox('sms', { from: '106900001234', outboundUrl: gateway.url });
    const number = mobile();
    const received = await receive(inbox, inbound({ from: number }));
    const providerMessageId = `out-${uniqueTag()}`;
    gateway.answerWith(() => ({ status: 200, body: { providerMessageId } }));
    const before = gateway.requests.length;

    const text = '您好，已发货，单号 SF1234567890。'.repeat(5); // longer than one SMS part: still one request
    const reply = await agentReply(received.body.conversationId, text);

    const [sent, ...more] = gateway.requests.slice(before);
    expect(more).toEqual([]);
    const timestamp = String(sent!.headers['x-kefu-timestamp']);
    expect(sent!.headers['x-kefu-signature']).toBe(`sha256=${createHmac('sha256', inbox.secret).update(`${timestamp}.${sent!.body}`).digest('hex')}`);
    expect(JSON.parse(sent!.body)).toEqual({ to: `+86${number}`, from: '106900001234', text, reference: reply.id });
    const stored = await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id);
    expect(stored).toMatchObject({ status: 'sent', sourceId: providerMessageId });

    const receipt = await kit.signed(`/channels/sms/${inbox.id}/status`, inbox.secret, { body: { providerMessageId, status: 'delivered' } });
    expect(receipt).toEqual({ status: 200, body: { messageId: reply.id, status: 'delivered' } });
  });

  it('records a failure receipt with its reason, and answers 404 for ids it does not know', async () => {
    const inbox = await kit.createInbox('sms', { from: '10690000', outboundUrl: gateway.url });
    const received = await receive(inbox, inbound());
    const providerMessageId = `out-${uniqueTag()}`;
    gateway.answerWith(() => ({ status: 202, body: { providerMessageId } }));
    const reply = await agentReply(received.body.conversationId, '好的');

    const failed = await kit.signed(`/channels/sms/${inbox.id}/status`, inbox.secret, {
      body: { providerMessageId, status: 'failed', error: 'handset unreachable' },
    });
    expect(failed.body).toEqual({ messageId: reply.id, status: 'failed' });
    const message = (await kit.messagesOf(received.body.conversationId)).find((m) => m.id === reply.id);
    expect(message).toMatchObject({ status: 'failed', error: 'handset unreachable' });

    for (const id of [`nope-${uniqueTag()}`, (await kit.messagesOf(received.body.conversationId))[0]!.id]) {
      const res = await kit.signed(`/channels/sms/${inbox.id}/status`, inbox.secret, { body: { providerMessageId: id, status: 'delivered' } });
      expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 404, code: 'not_found' });
    }
  });

  it('fails replies it cannot send, with a reason the agent can read', async () => {
    const withGateway = await kit.createInbox('sms', { from: '10690000', outboundUrl: gateway.url });
    const receiveOnly = await kit.createInbox('sms', { from: '10690000' });
    gateway.answerWith(() => ({ status: 200, body: { providerMessageId: `out-${uniqueTag()}` } }));
    const cases = [
      { inbox: withGateway, content: '长'.repeat(1001), error: /at most 1000/ },
      { inbox: receiveOnly, content: 'hi', error: /no outboundUrl/ },
    ];
    for (const { inbox, content, error } of cases) {
      const before = gateway.requests.length;
      const received = await receive(inbox, inbound());
      const reply = await agentReply(received.body.conversationId, content);
      const message = await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id);
      expect({ status: message!.status, error: message!.error }).toEqual({ status: 'failed', error: expect.stringMatching(error) });
      expect(gateway.requests.length).toBe(before);
    }

    // A gateway that takes the text but returns no id may have sent it: no retry, a clear error.
    gateway.answerWith(() => ({ status: 200, body: { ok: true } }));
    const received = await receive(withGateway, inbound());
    const reply = await agentReply(received.body.conversationId, 'hi');
    expect(await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('providerMessageId'),
    });
  });
});
