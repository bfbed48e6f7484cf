import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverMessage } from '../../flows/deliver-message.ts';
import { receiveMessage } from '../../flows/receive-message.ts';
import { getContact } from '../../modules/contacts/index.ts';
import { findMessage, getConversation } from '../../modules/conversations/index.ts';
import { getInbox, getPublicInbox } from '../../modules/inboxes/index.ts';
import { call, uniqueTag } from '../../test/factories.ts';
import { hmacHex, nowSeconds, startReceiver, startSignedKit, type SignedKit } from '../shared-webhooks/test-kit.ts';
import { PermanentDeliveryError } from '../types.ts';
import { apiAdapter } from './index.ts';

let kit: SignedKit;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  kit = await startSignedKit();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await kit?.close();
});

const messageBody = (over: Record<string, unknown> = {}) => ({
  userId: `u-${uniqueTag()}`,
  clientMessageId: `c-${uniqueTag()}`,
  content: '我的订单还没发货',
  ...over,
});

async function postMessage(inbox: { id: string; secret: string }, body: unknown) {
  return kit.signed(`/channels/api/${inbox.id}/messages`, inbox.secret, { body });
}

async function agentReply(conversationId: string, content: string) {
  const res = await call(kit.kefu, 'POST', `/api/v1/conversations/${conversationId}/messages`, kit.ws.tokens.agent, { content });
  expect(res.status).toBe(201);
  return res.body as { id: string; seq: number };
}

describe('api channel: customer messages from an app', () => {
  it('stores a message once per clientMessageId and answers with its ids', async () => {
    const inbox = await kit.createInbox('api');
    const email = `li.${uniqueTag()}@example.com`;
    const body = messageBody({ name: '李雷', email, attributes: { orderNo: 'A1024', vip: true } });
    const first = await postMessage(inbox, body);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ messageId: expect.stringMatching(/^msg_/), conversationId: expect.stringMatching(/^conv_/), seq: 1 });

    const again = await postMessage(inbox, body);
    expect(again).toEqual({ status: 200, body: first.body });

    const messages = await kit.messagesOf(first.body.conversationId);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      type: 'incoming',
      content: body.content,
      contentAttributes: { attributes: { orderNo: 'A1024', vip: true } },
    });
    const conversation = await getConversation(kit.kefu.ctx.db, kit.ws.id, first.body.conversationId);
    const { contact } = await getContact(kit.kefu.ctx.db, kit.ws.id, conversation.contactId);
    expect(contact).toMatchObject({ name: '李雷', email });
  });

  it('stores one message when retries race the first attempt', async () => {
    const inbox = await kit.createInbox('api');
    const body = messageBody();
    const results = await Promise.all([1, 2, 3, 4].map(() => postMessage(inbox, body)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.messageId)).size).toBe(1);
    expect(await kit.messagesOf(results[0]!.body.conversationId)).toHaveLength(1);
  });

  it('keeps one conversation per app user and one contact when the email matches an existing contact', async () => {
    const email = `mei.${uniqueTag()}@example.com`;
    const mail = await call(kit.kefu, 'POST', '/api/v1/inboxes', kit.ws.tokens.admin, {
      channel: 'email',
      name: 'Mail',
      settings: { address: `s-${uniqueTag()}@shop.test` },
    });
    const byMail = await receiveMessage(kit.kefu.ctx, await getPublicInbox(kit.kefu.ctx.db, mail.body.id, 'email'), {
      identity: { kind: 'email', value: email },
      message: { sourceId: `<${uniqueTag()}@example.com>`, content: 'by mail' },
    });

    const inbox = await kit.createInbox('api');
    const userId = `u-${uniqueTag()}`;
    const first = await postMessage(inbox, messageBody({ userId, email: email.toUpperCase() }));
    const second = await postMessage(inbox, messageBody({ userId }));
    expect(second.body.conversationId).toBe(first.body.conversationId);
    expect(second.body.seq).toBe(2);
    const conversation = await getConversation(kit.kefu.ctx.db, kit.ws.id, first.body.conversationId);
    expect(conversation.contactId).toBe(byMail.contactId);
  });

  it('stores HTML and script as the text it is', async () => {
    const inbox = await kit.createInbox('api');
    const content = '<script>alert(1)</script><b>hi</b> & "quotes"';
    const res = await postMessage(inbox, messageBody({ content }));
    const [message] = await kit.messagesOf(res.body.conversationId);
    expect(message!.content).toBe(content);
  });

  it('refuses bodies that do not match the schema, bad JSON and oversized bodies', async () => {
    const inbox = await kit.createInbox('api');
    const invalid = [
      { content: 'no ids' },
      messageBody({ clientMessageId: undefined }),
      messageBody({ content: '   ' }),
      messageBody({ content: 'x'.repeat(4001) }),
      messageBody({ email: 'not-an-email' }),
      messageBody({ extra: 1 }),
      messageBody({ attributes: { nested: { no: 1 } } }),
    ];
    for (const body of invalid) {
      const res = await postMessage(inbox, JSON.parse(JSON.stringify(body)));
      expect({ body, status: res.status, code: res.body.error.code }).toEqual({ body, status: 400, code: 'validation_failed' });
    }
    expect((await postMessage(inbox, '{"userId": ')).body.error.code).toBe('invalid_json');
    const huge = await postMessage(inbox, messageBody({ content: 'x'.repeat(70_000) }));
    expect({ status: huge.status, code: huge.body.error.code }).toEqual({ status: 413, code: 'body_too_large' });
  });
});

describe('api channel: signatures', () => {
  it('refuses missing, wrong and stale signatures with catalogued 401s, and stores nothing', async () => {
    const inbox = await kit.createInbox('api');
    const body = messageBody();
    const path = `/channels/api/${inbox.id}/messages`;
    const text = JSON.stringify(body);
    const old = String(Number(nowSeconds()) - 301);
    const cases = [
      { init: { signature: null }, code: 'signature_missing' },
      { init: { timestamp: null }, code: 'signature_missing' },
      { init: { signature: hmacHex('some-other-secret-value', `${nowSeconds()}.POST.${path}.${text}`) }, code: 'signature_invalid' },
      { init: { signature: hmacHex(inbox.secret, text) }, code: 'signature_invalid' }, // body alone: the timestamp, method and path are signed too
      { init: { timestamp: old, signature: hmacHex(inbox.secret, `${old}.POST.${path}.${text}`) }, code: 'signature_stale' },
      { init: { timestamp: 'yesterday' }, code: 'signature_stale' },
    ];
    for (const { init, code } of cases) {
      const res = await kit.signed(path, inbox.secret, { body, ...init });
      expect({ init, status: res.status, code: res.body.error.code }).toEqual({ init, status: 401, code });
    }
    // Signed for another inbox's path, replayed here.
    const other = await kit.createInbox('api');
    const ts = nowSeconds();
    const replay = await kit.signed(path, other.secret, {
      body,
      timestamp: ts,
      signature: hmacHex(other.secret, `${ts}.POST./channels/api/${other.id}/messages.${text}`),
    });
    expect(replay.body.error.code).toBe('signature_invalid');
    const list = await call(kit.kefu, 'GET', `/api/v1/conversations?inboxId=${inbox.id}`, kit.ws.tokens.agent);
    expect(list.body.items).toEqual([]);
  });

  it('checks the signature before the body, and answers 404 for unknown, disabled or other-channel inboxes', async () => {
    const inbox = await kit.createInbox('api');
    const unsigned = await kit.signed(`/channels/api/${inbox.id}/messages`, inbox.secret, { body: { junk: true }, signature: null });
    expect(unsigned.body.error.code).toBe('signature_missing');

    await call(kit.kefu, 'PATCH', `/api/v1/inboxes/${inbox.id}`, kit.ws.tokens.admin, { enabled: false });
    const voice = await kit.createInbox('voice');
    for (const [id, secret] of [
      [inbox.id, inbox.secret],
      [voice.id, voice.secret],
      ['inb_00000000000000000000000000', 'x'],
      ['nonsense', 'x'],
    ] as const) {
      const res = await kit.signed(`/channels/api/${id}/messages`, secret, { body: messageBody() });
      expect({ id, status: res.status, code: res.body.error.code }).toEqual({ id, status: 404, code: 'not_found' });
    }
  });
});

describe('api channel: replies by webhook', () => {
  it('POSTs an agent reply to the webhook, signed so the receiver can verify it', async () => {
    receiver.answerWith(() => ({ status: 200, body: { ok: true } }));
    const inbox = await kit.createInbox('api', { webhookUrl: receiver.url });
    const userId = `u-${uniqueTag()}`;
    const posted = await postMessage(inbox, messageBody({ userId }));
    const before = receiver.requests.length;

    const reply = await agentReply(posted.body.conversationId, '已为您加急处理 <b>今天</b>');
    await kit.kefu.drainJobs();

    const [hook, ...more] = receiver.requests.slice(before);
    expect(more).toEqual([]);
    const timestamp = String(hook!.headers['x-kefu-timestamp']);
    const expected = `sha256=${createHmac('sha256', inbox.secret).update(`${timestamp}.${hook!.body}`).digest('hex')}`;
    expect(hook!.headers['x-kefu-signature']).toBe(expected);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
    expect(hook!.headers['x-kefu-delivery']).toMatch(/^dlv_/);
    expect(JSON.parse(hook!.body)).toEqual({
      event: 'message.created',
      conversationId: posted.body.conversationId,
      userId,
      message: expect.objectContaining({ id: reply.id, seq: reply.seq, type: 'outgoing', content: '已为您加急处理 <b>今天</b>' }),
    });
    const message = (await kit.messagesOf(posted.body.conversationId)).find((m) => m.id === reply.id);
    expect(message!.status).toBe('sent');
  });

  it('throws on 5xx, 408, 429 and network errors so the job retries, and gives up on other 4xx', async () => {
    const inbox = await kit.createInbox('api', { webhookUrl: receiver.url });
    const posted = await postMessage(inbox, messageBody());
    receiver.answerWith(() => ({ status: 500, body: { error: 'down' } }));
    const reply = await agentReply(posted.body.conversationId, 'retry me');
    await kit.kefu.drainJobs();
    expect((await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id))!.status).toBe('pending');

    const outbound = await outboundFor(reply.id);
    for (const status of [500, 503, 408, 429]) {
      receiver.answerWith(() => ({ status }));
      const err = await apiAdapter.send(kit.kefu.ctx, outbound).catch((e: unknown) => e);
      expect({ status, permanent: err instanceof PermanentDeliveryError, isError: err instanceof Error }).toEqual({
        status,
        permanent: false,
        isError: true,
      });
    }
    for (const status of [400, 401, 404, 410]) {
      receiver.answerWith(() => ({ status }));
      await expect(apiAdapter.send(kit.kefu.ctx, outbound)).rejects.toBeInstanceOf(PermanentDeliveryError);
    }
    const unreachable = {
      ...outbound,
      inbox: { ...outbound.inbox, settings: { ...outbound.inbox.settings, webhookUrl: 'http://127.0.0.1:1/hook' } },
    };
    const err = await apiAdapter.send(kit.kefu.ctx, unreachable).catch((e: unknown) => e);
    expect(err instanceof Error && !(err instanceof PermanentDeliveryError)).toBe(true);

    // The job's next attempt, once the receiver is back.
    receiver.answerWith(() => ({ status: 204 }));
    await deliverMessage(kit.kefu.ctx, { workspaceId: kit.ws.id, messageId: reply.id });
    expect((await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id))!.status).toBe('sent');
  });
});

async function outboundFor(messageId: string) {
  const db = kit.kefu.ctx.db;
  const message = (await findMessage(db, kit.ws.id, messageId))!;
  const conversation = await getConversation(db, kit.ws.id, message.conversationId);
  const { contact, identities } = await getContact(db, kit.ws.id, conversation.contactId);
  return { inbox: await getInbox(db, kit.ws.id, message.inboxId), conversation, contact, identities, message, lastIncoming: null };
}

/** Resolves once a long-poll for the conversation is waiting (subscribed to its realtime topic). */
function untilPolling(on: SignedKit, conversationId: string): Promise<void> {
  const hub = on.kefu.ctx.realtime;
  const subscribe = hub.subscribe;
  return new Promise<void>((resolve) => {
    hub.subscribe = (topic, handler) => {
      const unsubscribe = subscribe(topic, handler);
      if (topic === `conversation:${conversationId}`) {
        hub.subscribe = subscribe;
        resolve();
      }
      return unsubscribe;
    };
  });
}

describe('api channel: replies by long-poll', () => {
  it('answers a waiting poll as soon as an agent replies, and only with replies', { timeout: 15_000 }, async () => {
    const inbox = await kit.createInbox('api');
    const posted = await postMessage(inbox, messageBody());
    const conversationId: string = posted.body.conversationId;
    const path = `/channels/api/${inbox.id}/conversations/${conversationId}/messages?afterSeq=${posted.body.seq}&wait=30`;

    const waiting = untilPolling(kit, conversationId);
    const poll = kit.signed(path, inbox.secret);
    await waiting;
    await postMessage(inbox, messageBody({ content: 'another user, another conversation' }));
    const reply = await agentReply(conversationId, '在的，请稍等');

    const res = await poll;
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([expect.objectContaining({ id: reply.id, type: 'outgoing', content: '在的，请稍等' })]);
    expect(res.body.nextAfterSeq).toBe(reply.seq);
    await kit.kefu.drainJobs();
    expect((await findMessage(kit.kefu.ctx.db, kit.ws.id, reply.id))!.status).toBe('sent');
  });

  it('returns an empty list when nothing arrives within `wait`, skipping past the customer’s own messages', async () => {
    const inbox = await kit.createInbox('api');
    const userId = `u-${uniqueTag()}`;
    const posted = await postMessage(inbox, messageBody({ userId }));
    await postMessage(inbox, messageBody({ userId, content: 'hello?' }));
    const res = await kit.signed(`/channels/api/${inbox.id}/conversations/${posted.body.conversationId}/messages?afterSeq=0&wait=1`, inbox.secret);
    expect(res).toEqual({ status: 200, body: { items: [], nextAfterSeq: 2 } });
  });

  it('marks replies read up to a seq, and keeps other inboxes’ conversations out of reach', async () => {
    const inbox = await kit.createInbox('api');
    const posted = await postMessage(inbox, messageBody());
    const conversationId: string = posted.body.conversationId;
    const first = await agentReply(conversationId, 'one');
    const second = await agentReply(conversationId, 'two');
    await kit.kefu.drainJobs();

    const read = await kit.signed(`/channels/api/${inbox.id}/conversations/${conversationId}/read`, inbox.secret, { body: { seq: first.seq } });
    expect(read).toEqual({ status: 200, body: { updated: 1 } });
    const statuses = (await kit.messagesOf(conversationId)).map((m) => [m.id, m.status]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        [first.id, 'read'],
        [second.id, 'sent'],
      ]),
    );

    const other = await kit.createInbox('api');
    const peek = await kit.signed(`/channels/api/${other.id}/conversations/${conversationId}/messages`, other.secret);
    expect({ status: peek.status, code: peek.body.error.code }).toEqual({ status: 404, code: 'not_found' });
    const badQuery = await kit.signed(`/channels/api/${inbox.id}/conversations/${conversationId}/messages?wait=31`, inbox.secret);
    expect(badQuery.body.error.code).toBe('validation_failed');
  });

  it('answers waiting polls with what it has when Kefu shuts down, instead of holding the shutdown', async () => {
    const own = await startSignedKit();
    const inbox = await own.createInbox('api');
    const posted = await own.signed(`/channels/api/${inbox.id}/messages`, inbox.secret, { body: messageBody() });
    const waiting = untilPolling(own, posted.body.conversationId);
    const poll = own.signed(`/channels/api/${inbox.id}/conversations/${posted.body.conversationId}/messages?wait=30`, inbox.secret);
    await waiting;
    await own.close();
    expect(await poll).toEqual({ status: 200, body: { items: [], nextAfterSeq: 1 } });
  });
});
