import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters } from '../channels/index.ts';
import { brainFor } from '../modules/bot/index.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { wantsShortAnswers } from './bot-turn.ts';

/** Which FAQ items the bot answers from, and with which of their answers. */
describe('FAQ items the bot answers from', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    await brainFor(kefu.ctx, ws.id);
  });
  afterAll(() => kefu.close());

  /** The bot's answer to `key` in zh-CN once `settled` holds (it retrains in the background), or the last seen. */
  async function answerOnce(key: string, settled: (answer: string | undefined) => boolean, options: { short?: boolean } = {}) {
    let answer: string | undefined;
    for (let i = 0; i < 200; i++) {
      answer = (await brainFor(kefu.ctx, ws.id)).knowledge('zh-CN', options).faqAnswer(key)?.answer;
      if (settled(answer)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return answer;
  }

  const create = async (body: object) => {
    const res = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.operator, { locale: 'zh-CN', ...body });
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string; key: string; answering: boolean };
  };

  it('stops answering from an item when its validity ends, without anyone touching it', async () => {
    const item = await create({
      key: 'double-eleven',
      question: '双十一有什么优惠？',
      answer: '双十一全场满300减50。',
      validUntil: new Date(Date.now() + 3_000).toISOString(),
    });
    expect(item.answering).toBe(true);
    expect(await answerOnce(item.key, (a) => a !== undefined)).toBe('双十一全场满300减50。');
    // No edit, no event: only the planned retrain at validUntil can take it out.
    expect(await answerOnce(item.key, (a) => a === undefined)).toBeUndefined();
    expect((await call(kefu, 'GET', `/api/v1/knowledge/faqs/${item.id}`, ws.tokens.agent)).body.answering).toBe(false);
  });

  it('never answers from an item before its validity starts or after it ended', async () => {
    const future = await create({ key: 'next-year', question: '明年的新品什么时候发布？', answer: '三月。', validFrom: '2099-01-01T00:00:00Z' });
    const past = await create({ key: 'last-year', question: '去年的活动还有吗？', answer: '有。', validUntil: '2020-01-01T00:00:00Z' });
    const now = await create({ key: 'marker', question: '今天发货吗？', answer: '今天发货。' });
    expect([future.answering, past.answering, now.answering]).toEqual([false, false, true]);
    // Once the item added last is in, the two before it would be too if they counted.
    await answerOnce(now.key, (a) => a !== undefined);
    const knowledge = (await brainFor(kefu.ctx, ws.id)).knowledge('zh-CN');
    expect([knowledge.faqAnswer('next-year'), knowledge.faqAnswer('last-year')]).toEqual([undefined, undefined]);
  });

  it('gives SMS and WeChat the short answer and the web the full one', async () => {
    await create({ key: 'hours', question: '客服几点上班？', answer: '客服时间：周一至周日 9:00–21:00，节假日照常。', shortAnswer: '每天9-21点。' });
    const full = await answerOnce('hours', (a) => a !== undefined);
    expect(full).toContain('节假日照常');
    for (const [channel, short] of [
      ['sms', true],
      ['wechat', true],
      ['widget', false],
      ['email', false],
      ['api', false],
    ] as const) {
      const answer = await answerOnce('hours', () => true, { short: wantsShortAnswers(adapters[channel].capabilities) });
      expect(answer, channel).toBe(short ? '每天9-21点。' : full);
    }
  });

  it('sends Markdown-lite answers as plain text: marks dropped, links spelled out', async () => {
    await create({ key: 'invoice', question: '发票怎么开？', answer: '在**订单详情**页点[申请发票](https://shop.example/invoice)。' });
    expect(await answerOnce('invoice', (a) => a !== undefined)).toBe('在订单详情页点申请发票 (https://shop.example/invoice)。');
  });
});
