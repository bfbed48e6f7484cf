import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMessage } from '../../flows/deliver-message.ts';
import { getConversation, storeConversationMessage } from '../../modules/conversations/index.ts';
import { saveAttachment } from '../../storage/attachments.ts';
import { call, uniqueTag } from '../../test/factories.ts';
import { replySubject } from './send.ts';
import { conversationsOf, customerMessageId, messagesOf, startEmailKit, type EmailKit } from './test-kit.ts';

/** A stand-in for the business's mail relay: takes mail after AUTH, keeps what it got; refuses some recipients. */
async function startRelay() {
  const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'kefu' && auth.password === 'relay-secret') return callback(null, { user: 'kefu' });
      callback(new Error('bad credentials'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('gone')) return callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
      if (address.address.startsWith('busy')) return callback(Object.assign(new Error('try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let relay: Awaited<ReturnType<typeof startRelay>>;
let kit: EmailKit;
beforeAll(async () => {
  relay = await startRelay();
  kit = await startEmailKit({ KEFU_SMTP_RELAY_URL: `smtp://kefu:relay-secret@127.0.0.1:${relay.port}` });
});
afterAll(async () => {
  await kit?.close();
  await relay?.close();
});

/** A customer mails the inbox; returns the conversation it opened. */
async function customerWrites(customer: string, subject = 'Order #88 is late') {
  const inbox = await kit.createInbox();
  const messageId = customerMessageId();
  const earlier = customerMessageId();
  await kit.send({ from: { name: 'Ann', address: customer }, to: inbox.address, subject, text: 'Where is it?', messageId, references: [earlier] });
  const [conversation] = await conversationsOf(kit, inbox.id);
  return { inbox, conversation: conversation!, messageId, earlier };
}

/** An agent replies through the API; the delivery job runs and the message's final state is returned. */
async function agentReplies(conversationId: string, content: string) {
  const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, { content });
  expect(res.status).toBe(201);
  await kit.kefu.drainJobs();
  return (await messagesOf(kit, conversationId)).find((m) => m.id === res.body.id)!;
}

describe('email outbound: replies through the relay', () => {
  it('sends the reply to the customer, threaded under their mail, and threads their answer back', async () => {
    const customer = `ann.${uniqueTag()}@example.com`;
    const { inbox, conversation, messageId, earlier } = await customerWrites(customer);

    const reply = await agentReplies(conversation.id, 'It ships today.\nTracking: <SF123> & co');
    expect(reply.status).toBe('sent');
    const got = relay.received.find((r) => r.envelopeTo.includes(customer))!;
    expect(got).toBeDefined();
    expect(got.mail.from?.value[0]).toEqual({ address: inbox.address, name: 'Shop Support' });
    expect(got.mail.to).toMatchObject({ value: [{ address: customer }] });
    expect(got.mail.subject).toBe('Re: Order #88 is late');
    expect(got.mail.inReplyTo).toBe(messageId);
    expect(got.mail.references).toEqual([earlier, messageId]);
    expect(got.mail.text?.trim()).toBe('It ships today.\nTracking: <SF123> & co');
    expect(got.mail.html).toContain('Tracking: &#60;SF123&#62; &#38; co');
    expect(got.mail.messageId).toMatch(new RegExp(`^<msg_[0-9a-z]+@shop\\.test>$`));

    const resolved = await call(kit.kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, kit.ws.tokens.agent, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    await kit.send({ from: customer, to: inbox.address, subject: 'Re: Order #88 is late', text: 'Got it, thanks!', inReplyTo: got.mail.messageId });
    expect((await conversationsOf(kit, inbox.id)).map((c) => c.id)).toEqual([conversation.id]);
    const incoming = (await messagesOf(kit, conversation.id)).filter((m) => m.type === 'incoming');
    expect(incoming.map((m) => m.content)).toEqual(['Where is it?', 'Got it, thanks!']);
  });

  it.each([
    ['refuses the recipient for good (5xx)', 'failed', 'gone'],
    ['is busy (4xx)', 'pending (the job retries)', 'busy'],
  ])('when the relay %s, the reply is %s', async (_case, outcome, prefix) => {
    const status = outcome.split(' ')[0];
    const { conversation } = await customerWrites(`${prefix}.${uniqueTag()}@example.com`);
    const reply = await agentReplies(conversation.id, 'Hello');
    expect(reply.status).toBe(status);
    if (status === 'failed') expect(reply.error).toMatch(/relay refused/);
  });

  it("sends the bot's reply with its attachments, marked as an automatic reply", async () => {
    const customer = `files.${uniqueTag()}@example.com`;
    const { conversation } = await customerWrites(customer, 'Manual please');
    const pdf = Buffer.from('%PDF-1.4 manual');
    const file = await saveAttachment(kit.kefu.ctx, kit.ws.id, { filename: '说明书.pdf', contentType: 'application/pdf', data: pdf });
    const row = await getConversation(kit.kefu.ctx.db, kit.ws.id, conversation.id);
    const { message } = await kit.kefu.ctx.db.transaction((tx) =>
      storeConversationMessage(tx, row, { type: 'outgoing', senderType: 'bot', senderId: null, content: 'Here is the manual.', attachments: [file] }),
    );
    await deliverMessage(kit.kefu.ctx, { workspaceId: kit.ws.id, messageId: message.id });

    const got = relay.received.find((r) => r.envelopeTo.includes(customer))!;
    expect(got.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(got.mail.attachments.map((a) => [a.filename, a.contentType, a.content])).toEqual([['说明书.pdf', 'application/pdf', pdf]]);
  });

  it('fails the reply with a clear reason when no relay is configured', async () => {
    const ctx = kit.kefu.ctx;
    const { conversation } = await customerWrites(`norelay.${uniqueTag()}@example.com`);
    const relayUrl = ctx.env.KEFU_SMTP_RELAY_URL;
    ctx.env.KEFU_SMTP_RELAY_URL = undefined;
    try {
      const reply = await agentReplies(conversation.id, 'Hello');
      expect(reply).toMatchObject({ status: 'failed', error: expect.stringContaining('KEFU_SMTP_RELAY_URL') });
    } finally {
      ctx.env.KEFU_SMTP_RELAY_URL = relayUrl;
    }
  });
});

describe('replySubject', () => {
  it.each([
    ['Order late', 'Re: Order late'],
    ['Re: Order late', 'Re: Order late'],
    ['RE:Order late', 'RE:Order late'],
    ['回复：订单', '回复：订单'],
    [null, 'Re: Your message to Shop'],
  ])('%j → %j', (subject, expected) => {
    expect(replySubject(subject, 'Shop')).toBe(expected);
  });
});
