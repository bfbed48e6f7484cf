import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerMessageId, startEmailKit, type EmailKit } from '../channels/email/test-kit.ts';
import { newMsgId, newOpenId, textPush, WechatPusher } from '../channels/wechat/test-kit.ts';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { listenTestKefu } from '../test/harness.ts';

/**
 * The "done when", in one run: a customer chats on the widget (giving
 * their email), writes an email from that address, and messages the WeChat
 * official account; an agent watching the live feed sees all three arrive,
 * merges the WeChat contact into the same person, and reads one timeline.
 */
describe('one customer across widget, email and WeChat', () => {
  let kit: EmailKit;
  let baseUrl: string;

  beforeAll(async () => {
    kit = await startEmailKit();
    baseUrl = await listenTestKefu(kit.kefu);
  });
  afterAll(() => kit.close());

  it('lands on one contact’s timeline, live', async () => {
    const { kefu, ws } = kit;
    const feed = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/v1/realtime?token=${ws.tokens.agent}`);
    const live: string[] = [];
    feed.on('message', (raw) => {
      const event = JSON.parse(String(raw)) as { type: string; message?: { content: string } };
      if (event.type === 'message.created' && event.message) live.push(event.message.content);
    });
    await new Promise((resolve) => feed.once('open', resolve));

    const email = `li.lei-${uniqueTag()}@customer.example`;
    const widgetInbox = await createWidgetInbox(kefu, ws.tokens.admin);
    const session = await openSession(kefu, widgetInbox, { profile: { name: '李雷', email } });
    expect(session.status).toBe(200);
    const widget = await WidgetClient.open(baseUrl, widgetInbox, session.body.visitorToken);
    await widget.hello(0);
    await widget.say('你好，我的订单还没到', `c-${uniqueTag()}`);
    await widget.close();

    const mailInbox = await kit.createInbox();
    await kit.send({
      from: `李雷 <${email}>`,
      to: mailInbox.address,
      subject: '订单 20261121-0042',
      text: '邮件里再问一次：订单到哪了？',
      messageId: customerMessageId(),
    });

    const wechat = {
      appId: `wx${uniqueTag()}${uniqueTag()}`,
      appSecret: `s-${uniqueTag()}`,
      token: `tok${uniqueTag()}`,
    };
    const created = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, {
      channel: 'wechat',
      name: '公众号',
      settings: { ...wechat, apiBaseUrl: 'http://127.0.0.1:9' },
    });
    const pusher = new WechatPusher(kefu, { id: created.body.id, ...wechat });
    const pushed = await pusher.push(textPush({ from: newOpenId(), content: '公众号：快递单号是多少？', msgId: newMsgId() }));
    expect(pushed.status).toBe(200);

    const widgetContact =
      session.body.contactId ?? (await call(kefu, 'GET', `/api/v1/contacts?q=${encodeURIComponent(email)}`, ws.tokens.agent)).body.items[0].id;
    const wechatContact = (await call(kefu, 'GET', `/api/v1/conversations?inboxId=${created.body.id}`, ws.tokens.agent)).body.items[0].contactId;
    expect(wechatContact).not.toBe(widgetContact); // an openid tells us nothing about who it is
    expect((await call(kefu, 'POST', `/api/v1/contacts/${widgetContact}/merge`, ws.tokens.agent, { contactId: wechatContact })).status).toBe(200);

    const timeline = await call(kefu, 'GET', `/api/v1/contacts/${widgetContact}/timeline`, ws.tokens.agent);
    expect(timeline.body.items.map((m: { content: string }) => m.content)).toEqual([
      '你好，我的订单还没到',
      '邮件里再问一次：订单到哪了？',
      '公众号：快递单号是多少？',
    ]);
    for (let i = 0; i < 100 && live.length < 3; i++) await new Promise((r) => setTimeout(r, 20));
    feed.close();
    expect(live).toEqual(['你好，我的订单还没到', '邮件里再问一次：订单到哪了？', '公众号：快递单号是多少？']);
  });
});
