import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { brainFor } from '../modules/bot/index.ts';
import { call } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';
import { startDemoBotWidget } from './demo-bot-kit.ts';
import { installDemoGraph } from './seed-demo.ts';

/**
 * The demo bot with the demo knowledge graph, talked to through the widget,
 * after its FAQ item about X3 charging is deleted: the graph answers that
 * question, while questions a FAQ item answers keep their FAQ answer.
 */
describe('the bot answering from the knowledge graph', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let baseUrl: string;
  let inboxId: string;
  let n = 0;

  beforeAll(async () => {
    ({ kefu, ws, baseUrl, inboxId } = await startDemoBotWidget());
    await installDemoGraph(kefu.ctx, ws.id);
    const faqs = await call(kefu, 'GET', '/api/v1/knowledge/faqs?limit=500', ws.tokens.admin);
    const charging = (faqs.body.items as { id: string; key: string }[]).filter((f) => f.key === 'x3-not-charging');
    expect(charging).toHaveLength(2);
    for (const faq of charging) expect((await call(kefu, 'DELETE', `/api/v1/knowledge/faqs/${faq.id}`, ws.tokens.admin)).status).toBe(204);
    await brainFor(kefu.ctx, ws.id);
  }, 180_000);
  afterAll(() => kefu.close());

  async function ask(text: string): Promise<string> {
    const session = (await openSession(kefu, inboxId)).body;
    const client = await WidgetClient.open(baseUrl, inboxId, session.visitorToken);
    await client.hello();
    const isBot = (f: { type: string; message?: unknown }) => f.type === 'message' && (f.message as { sender: string }).sender === 'bot';
    await client.say(text, `msg-${String(++n).padStart(6, '0')}`);
    const lines = [((await client.next(isBot)).message as { content: string }).content];
    for (;;) {
      const more = await client.next(isBot, 300).catch(() => null);
      if (!more) break;
      lines.push((more.message as { content: string }).content);
    }
    await client.close();
    return lines.join('\n');
  }

  it('answers a fault question no FAQ item covers by walking product → fault → solution, in Chinese and in English', async () => {
    const zh = await ask('X3 耳机充不进电怎么办');
    expect(zh).toMatch(/^X3 耳机 · 充不进电 → 解决办法：/);
    expect(zh).toContain('USB-C');
    const en = await ask("my X3 earbuds won't charge");
    expect(en).toMatch(/^X3 earbuds · won't charge → Solution: /);
    expect(en).toContain('cotton swab');
  });

  it('still answers from a FAQ item when one matches surely', async () => {
    const zh = await ask('S20手表充不上电怎么办');
    expect(zh).not.toContain('→');
    expect(zh).toContain('充电座');
    const en = await ask('my X3 earbuds keep disconnecting');
    expect(en).not.toContain('→');
    expect(en).toMatch(/Bluetooth/);
  });

  it('offers the graph’s answer to the agent too', async () => {
    const listed = await call(kefu, 'GET', `/api/v1/conversations?inboxId=${inboxId}`, ws.tokens.agent);
    const conversationId = listed.body.items[0].id as string;
    const text = encodeURIComponent('X3 耳机充不进电怎么办');
    const res = await call(kefu, 'GET', `/api/v1/conversations/${conversationId}/suggestions?text=${text}`, ws.tokens.agent);
    expect(res.body.knowledge).toContainEqual(
      expect.objectContaining({ kind: 'graph', question: 'X3 耳机 · 充不进电', answer: expect.stringMatching(/→ 解决办法：/) }),
    );
  });
});
