import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { call, sql } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';
import { startDemoBotWidget } from './demo-bot-kit.ts';

/** The demo bot, talked to as a customer would: through the widget's WebSocket. */
describe('the bot on the widget', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let n = 0;

  beforeAll(async () => {
    ({ kefu, ws, baseUrl, inboxId } = await startDemoBotWidget());
    await brainFor(kefu.ctx, ws.id);
  }, 60_000);
  afterAll(() => kefu.close());

  /** Polls until `read` returns something (the bot's handoff and priority follow its replies). */
  async function eventually<T>(read: () => Promise<T | undefined>): Promise<T | undefined> {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 50));
    }
    return undefined;
  }

  /** A new visitor with an open socket; `ask` sends and returns the bot's replies to it, joined by newlines. */
  async function visitor() {
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';
    const ask = async (text: string) => {
      await client.say(text, `msg-${String(++n).padStart(6, '0')}`);
      const lines = [((await client.next(isBot)).message as { content: string }).content];
      // One turn's replies are written together: take every bot line that arrives right after the first.
      for (;;) {
        const more = await client.next(isBot, 300).catch(() => null);
        if (!more) return lines.join('\n');
        lines.push((more.message as { content: string }).content);
      }
    };
    return { client, ask };
  }

  it('answers frequent questions in Chinese and in English from the knowledge base', async () => {
    const zh = await visitor();
    expect(await zh.ask('退货的运费是谁出啊')).toMatch(/运费|12/);
    const en = await visitor();
    expect(await en.ask('who pays the shipping when I send something back?')).toMatch(/shipping|12/i);
    await Promise.all([zh.client.close(), en.client.close()]);
  });

  it('takes a return request through its flow and records it with a number', async () => {
    const { client, ask } = await visitor();
    expect(await ask('我要退货')).toMatch(/订单号/);
    expect(await ask('订单号是 88888')).toMatch(/订单号/); // not an order number of this shop: asked again
    expect(await ask('DS2026112000123')).toMatch(/原因/); // a bare order number keeps the conversation's language
    await ask('1');
    const confirm = await ask('跳过');
    expect(confirm).toContain('DS2026112000123');
    const done = await ask('确认');
    const number = /R-\d{4}-\d{6}/.exec(done)?.[0];
    expect(number, done).toBeDefined();
    const [request] = await sql<{ kind: string; slots: Record<string, unknown> }>(
      kefu,
      'select kind, slots from bot_requests where workspace_id = $1 and number = $2',
      [ws.id, number],
    );
    expect(request).toMatchObject({ kind: 'return_request', slots: { order_number: 'DS2026112000123' } });
    await client.close();
  });

  it('soothes an angry customer and raises the priority; a complaint threat goes to a person at once with a summary', async () => {
    const angry = await visitor();
    const reply = await angry.ask('你们太过分了！！！等了一个星期还没发货，气死我了');
    expect(reply).toMatch(/抱歉|理解|着急|不便/);
    const priority = await eventually(async () => {
      const [row] = await sql<{ priority: string }>(
        kefu,
        `select c.priority from conversations c join messages m on m.conversation_id = c.id
         where m.workspace_id = $1 and m.content like '%气死我了%'`,
        [ws.id],
      );
      return row?.priority === 'normal' ? undefined : row?.priority;
    });
    expect(priority).toBe('high');
    const threat = await visitor();
    await threat.ask('再不处理我就去12315投诉你们');
    const handedOff = await eventually(async () => {
      const [row] = await sql<{ status: string; priority: string; note: string }>(
        kefu,
        `select c.status, c.priority, n.content as note from conversations c
         join messages m on m.conversation_id = c.id and m.content like '%12315%'
         join messages n on n.conversation_id = c.id and n.type = 'note'
         where c.workspace_id = $1`,
        [ws.id],
      );
      return row;
    });
    expect(handedOff).toMatchObject({ status: 'open', priority: 'urgent' });
    expect(handedOff!.note).toMatch(/12315/);
    // The timeline, in order: the customer, the bot's replies, its note for the agent, then the line recording the change.
    const timeline = await sql<{ type: string; attrs: { changes?: unknown } }>(
      kefu,
      `select m.type, m.content_attributes as attrs from messages m
       where m.conversation_id = (select conversation_id from messages where workspace_id = $1 and content like '%12315%' and type = 'incoming')
       order by m.seq`,
      [ws.id],
    );
    // (After it, the complaint's automatic ticket may add its own line for the customer and one for the agents.)
    const types = timeline.map((m) => m.type).join(' ');
    expect(types).toMatch(/^incoming (outgoing )+note activity( outgoing activity)?$/);
    const change = timeline.find((m) => m.type === 'activity')!;
    expect(change.attrs.changes).toEqual({ status: { from: 'bot', to: 'open' }, priority: { from: 'normal', to: 'urgent' } });
    await Promise.all([angry.client.close(), threat.client.close()]);
  });

  it('hands off on request and then stays silent while a person answers', async () => {
    const { client, ask } = await visitor();
    expect(await ask('转人工')).toMatch(/人工|转接/);
    const conv = await eventually(async () => {
      const [row] = await sql<{ id: string; status: string }>(
        kefu,
        `select c.id, c.status from conversations c join messages m on m.conversation_id = c.id where m.workspace_id = $1 and m.content = '转人工'`,
        [ws.id],
      );
      return row?.status === 'open' ? row : undefined;
    });
    expect(conv?.status).toBe('open');
    await client.say('还在吗', `msg-${String(++n).padStart(6, '0')}`);
    const agentReply = await call(kefu, 'POST', `/api/v1/conversations/${conv!.id}/messages`, ws.tokens.agent, { content: '您好，我是小王' });
    expect(agentReply.status).toBe(201);
    await client.next((f) => f.type === 'message' && (f.message as { content: string }).content === '您好，我是小王');
    const botLines = await sql(kefu, `select content from messages where conversation_id = $1 and sender_type = 'bot' and type = 'outgoing'`, [
      conv!.id,
    ]);
    expect(botLines).toHaveLength(1);
    await client.close();
  });
});
