import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMessage } from '../../flows/receive-message.ts';
import { getPublicInbox } from '../../modules/inboxes/index.ts';
import { readAttachment } from '../../storage/attachments.ts';
import { call, sql, uniqueTag } from '../../test/factories.ts';
import { startSmtpListener } from './listener.ts';
import { conversationsOf, customerMessageId, messagesOf, startEmailKit, type EmailKit } from './test-kit.ts';
import { createTransport } from 'nodemailer';

let kit: EmailKit;
beforeAll(async () => {
  kit = await startEmailKit();
});
afterAll(async () => {
  await kit?.close();
});

const customer = () => `Customer.${uniqueTag()}@Example.COM`;

describe('email inbound: the SMTP listener', () => {
  it('turns a new mail into a contact, a conversation and a message', async () => {
    const inbox = await kit.createInbox();
    const from = customer();
    const messageId = customerMessageId();
    const sent = await kit.send({
      from: { name: '王小明', address: from },
      to: inbox.address,
      subject: '订单 #1024 还没到',
      text: '你好，我的订单还没到。',
      messageId,
    });
    expect(sent.response).toMatch(/^250/);

    const [conversation, ...others] = await conversationsOf(kit, inbox.id);
    expect(others).toEqual([]);
    expect(conversation).toMatchObject({ subject: '订单 #1024 还没到', status: 'open' });
    const [message] = await messagesOf(kit, conversation!.id);
    expect(message).toMatchObject({ type: 'incoming', content: '你好，我的订单还没到。', status: 'received' });
    expect(message!.contentAttributes.email).toMatchObject({
      messageId: messageId.slice(1, -1),
      subject: '订单 #1024 还没到',
      // Addresses reach the console masked (docs/masking.md).
      from: { address: '***@example.com', name: '王小明' },
    });
    const contact = await call(kit.kefu, 'GET', `/api/v1/contacts/${conversation!.contactId}`, kit.ws.tokens.agent);
    expect(contact.body).toMatchObject({ name: '王小明', email: '***@example.com' });
  });

  it('accepts the inbox address in any letter case', async () => {
    const inbox = await kit.createInbox();
    await kit.send({ from: customer(), to: inbox.address.toUpperCase(), subject: 'Hi', text: 'Hello' });
    expect(await conversationsOf(kit, inbox.id)).toHaveLength(1);
  });

  it('threads a reply by In-Reply-To into its conversation, even after it was resolved', async () => {
    const inbox = await kit.createInbox();
    const from = customer();
    const first = customerMessageId();
    await kit.send({ from, to: inbox.address, subject: 'Refund', text: 'I want a refund.', messageId: first });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const resolved = await call(kit.kefu, 'PATCH', `/api/v1/conversations/${conversation!.id}`, kit.ws.tokens.agent, { status: 'resolved' });
    expect(resolved.status).toBe(200);

    await kit.send({
      from,
      to: inbox.address,
      subject: 'Re: Refund',
      text: 'Any news?\n\nOn Mon, 1 Jan 2024, Shop wrote:\n> We are on it.',
      inReplyTo: first,
      references: [first],
    });
    await kit.send({ from, to: inbox.address, subject: 'Another question', text: 'Unrelated: do you ship to Macau?' });

    const conversations = await conversationsOf(kit, inbox.id);
    expect(conversations).toHaveLength(2);
    const thread = await messagesOf(kit, conversation!.id);
    const incoming = thread.filter((m) => m.type === 'incoming');
    expect(incoming.map((m) => m.content)).toEqual(['I want a refund.', 'Any news?']);
    expect(incoming[1]!.contentAttributes.email).toMatchObject({ originalText: expect.stringContaining('> We are on it.') });
    const other = conversations.find((c) => c.id !== conversation!.id)!;
    expect(other).toMatchObject({ subject: 'Another question', contactId: conversation!.contactId });
  });

  it('joins the contact who chatted on the widget with the same email', async () => {
    const widget = await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, { channel: 'widget', name: 'Site chat' });
    const widgetInbox = await getPublicInbox(kit.kefu.ctx.db, widget.body.id, 'widget');
    const email = `mei.${uniqueTag()}@example.com`;
    const chat = await receiveMessage(kit.kefu.ctx, widgetInbox, {
      identity: { kind: 'widget', value: `visitor-${uniqueTag()}` },
      profile: { name: 'Mei', email },
      message: { sourceId: null, content: 'hi from the site' },
    });

    const inbox = await kit.createInbox();
    await kit.send({ from: email.toUpperCase(), to: inbox.address, subject: 'Following up', text: 'Following up by mail' });
    const [conversation] = await conversationsOf(kit, inbox.id);
    expect(conversation!.contactId).toBe(chat.contactId);
  });

  it('stores a mail delivered twice (same Message-ID) once, attachments included', async () => {
    const inbox = await kit.createInbox();
    const filename = `invoice-${uniqueTag()}.pdf`;
    const mail = {
      from: customer(),
      to: inbox.address,
      subject: 'Invoice',
      text: 'See attached.',
      messageId: customerMessageId(),
      attachments: [{ filename, content: Buffer.from('%PDF-1.4 invoice'), contentType: 'application/pdf' }],
    };
    await kit.send(mail);
    const again = await kit.send(mail);
    expect(again.response).toMatch(/^250/);

    const [conversation] = await conversationsOf(kit, inbox.id);
    expect(await messagesOf(kit, conversation!.id)).toHaveLength(1);
    expect(await sql(kit.kefu, 'select id from attachments where workspace_id = $1 and filename = $2', [kit.ws.id, filename])).toHaveLength(1);
  });

  it('refuses mail for an address no enabled inbox holds', async () => {
    await expect(kit.send({ from: customer(), to: `nobody-${uniqueTag()}@shop.test`, subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });

    const inbox = await kit.createInbox();
    await call(kit.kefu, 'PATCH', `/api/v1/inboxes/${inbox.id}`, kit.ws.tokens.admin, { enabled: false });
    await expect(kit.send({ from: customer(), to: inbox.address, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    expect(await conversationsOf(kit, inbox.id)).toEqual([]);
  });

  it('stores HTML-only mail as plain text, without its scripts', async () => {
    const inbox = await kit.createInbox();
    await kit.send({
      from: customer(),
      to: inbox.address,
      subject: 'Formatted',
      html: '<p>Hello <b>team</b>,</p><script>alert("xss")</script><style>p{color:red}</style><p>my code is &lt;A&amp;B&gt;</p><img src="cid:logo@shop" onerror=alert(2)>',
    });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [message] = await messagesOf(kit, conversation!.id);
    expect(message!.content).toBe('Hello team,\n\nmy code is <A&B>');
    expect(JSON.stringify(message)).not.toMatch(/script|onerror|alert/);
  });

  it('stores allowed attachments and lists the refused ones', async () => {
    const inbox = await kit.createInbox();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
    await kit.send({
      from: customer(),
      to: inbox.address,
      subject: 'Broken screen',
      text: 'Photo attached.',
      attachments: [
        { filename: '屏幕.png', content: png, contentType: 'image/png' },
        { filename: 'setup.exe', content: Buffer.from('MZ...'), contentType: 'application/x-msdownload' },
      ],
    });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [message] = await messagesOf(kit, conversation!.id);
    expect(message!.attachments).toEqual([expect.objectContaining({ filename: '屏幕.png', contentType: 'image/png', size: png.length })]);
    expect((await readAttachment(kit.kefu.ctx, kit.ws.id, message!.attachments[0]!.id)).data).toEqual(png);
    expect(message!.contentAttributes.email).toMatchObject({
      skippedAttachments: [expect.objectContaining({ filename: 'setup.exe', contentType: 'application/x-msdownload' })],
    });
  });

  it('keeps what is readable of broken MIME and refuses what is not, and keeps listening', async () => {
    const inbox = await kit.createInbox();
    const from = customer();
    const broken = [
      `From: "Bro\u0000ken" <${from}>`,
      `To: ${inbox.address}`,
      'Subject: =?UTF-16BE?B?2ABBAEI=?= broken\u0000 subject', // a lone surrogate and a NUL: PostgreSQL stores neither as is
      'Content-Type: multipart/mixed; boundary="XX"',
      '',
      '--XX',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Hello =E4=BD=A0=E5=A5=BD, broken=ZZ =00 nul',
      '--XX',
      'Content-Type: application/pdf; name="a.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!not base64 at all\u0000\u0001',
      // no closing boundary
    ].join('\r\n');
    const kept = await kit.send({ envelope: { from, to: inbox.address }, raw: broken });
    expect(kept.response).toMatch(/^250/);
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [message] = await messagesOf(kit, conversation!.id);
    expect(message!.content).toContain('Hello 你好');
    expect(conversation!.subject).toMatch(/^\ufffd.* broken subject$/);

    await expect(kit.send({ envelope: { from: '', to: inbox.address }, raw: '\u0000\u0001\u0002 no headers, no sender' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(kit.send({ envelope: { from, to: inbox.address }, raw: 'X-Nothing: here\r\n\r\n' })).rejects.toMatchObject({ responseCode: 554 });

    const after = await kit.send({ from, to: inbox.address, subject: 'still there?', text: 'yes' });
    expect(after.response).toMatch(/^250/);
  });

  it('answers 451 when storing fails, so the sending server retries, and stores the retry once', async () => {
    const inbox = await kit.createInbox();
    let failNext = true;
    const flakyDb = new Proxy(kit.kefu.ctx.db, {
      get(target, key, receiver) {
        if (key === 'transaction' && failNext) {
          failNext = false;
          return () => Promise.reject(new Error('connection terminated'));
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const flaky = await startSmtpListener({ ...kit.kefu.ctx, db: flakyDb }, { host: '127.0.0.1', port: 0 });
    const mailer = createTransport({ host: '127.0.0.1', port: flaky.port, secure: false, ignoreTLS: true });
    try {
      const mail = {
        from: customer(),
        to: inbox.address,
        subject: 'Retry me',
        text: 'Sent while the database hiccuped',
        messageId: customerMessageId(),
      };
      await expect(mailer.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
      expect(await conversationsOf(kit, inbox.id)).toEqual([]);
      expect((await mailer.sendMail(mail)).response).toMatch(/^250/);
      await mailer.sendMail(mail);
      const [conversation] = await conversationsOf(kit, inbox.id);
      expect((await messagesOf(kit, conversation!.id)).map((m) => m.content)).toEqual(['Sent while the database hiccuped']);
    } finally {
      mailer.close();
      await flaky.stop();
    }
  });

  it('flags out-of-office replies so automation does not answer them', async () => {
    const inbox = await kit.createInbox();
    await kit.send({
      from: customer(),
      to: inbox.address,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const [conversation] = await conversationsOf(kit, inbox.id);
    const [message] = await messagesOf(kit, conversation!.id);
    expect(message!.contentAttributes.email).toMatchObject({ autoSubmitted: true });
  });

  it('refuses mail over the size limit with 552', async () => {
    const inbox = await kit.createInbox();
    const big = Buffer.alloc(26 * 1024 * 1024, 'a');
    await expect(
      kit.send({
        from: customer(),
        to: inbox.address,
        subject: 'huge',
        text: 'see attachment',
        attachments: [{ filename: 'big.txt', content: big }],
      }),
    ).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(await conversationsOf(kit, inbox.id)).toEqual([]);
  });
});
