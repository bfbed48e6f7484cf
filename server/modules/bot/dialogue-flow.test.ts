import { describe, expect, it } from 'vitest';
import { followUpKey, initialDialogueState, restoreDialogueState, resumeAfterHuman, type DialogueState } from './dialogue.ts';
import { renderDone } from './flow-engine.ts';
import { flowSchema } from './flow-schema.ts';
import { botLine } from './replies.ts';
import { chat, handoffOf, knowledge, L, oos, returnFlow } from './dialogue-test-kit.ts';

describe('the return flow through the dialogue', () => {
  it.each([
    ['zh-CN', '我要退货，订单号E1234567890', '12345', '2', '跳过', '是的', '已提交退货申请，单号 R1024。'],
    ['en', 'I want to return order E1234567890', 'it is 12345', 'the second one', 'no photo', 'yes', 'Your return request R1024 is submitted.'],
  ] as const)('%s', (locale, first, bad, pick, skip, yes, done) => {
    const bot = chat(locale);
    expect(bot.say(first).replies).toEqual([returnFlow.slots[1]?.prompt[locale]]);
    // A bad order number in the middle of the flow does not replace the good one; the reason is still asked.
    expect(bot.say(bad).replies[0]).toContain(returnFlow.slots[1]?.prompt[locale]);
    bot.say(pick);
    expect(bot.say(skip).replies[0]).toContain(locale === 'zh-CN' ? '原因：尺码不合适，照片：未提供' : 'reason: Wrong size, photo: not provided');
    const end = bot.say(yes);
    expect(end.replies).toEqual([]);
    const request = end.actions.find((a) => a.type === 'create_request');
    expect(request).toEqual({
      type: 'create_request',
      kind: 'return',
      flow: 'return_request',
      slots: { order_number: 'E1234567890', reason: 'wrong_size', photo: null },
    });
    expect(renderDone(returnFlow, request?.type === 'create_request' ? request.slots : {}, { request_number: 'R1024' }, locale)).toBe(done);
    expect(bot.state.flow).toBeUndefined();
    expect(bot.state.tried.flows).toEqual([
      { name: 'return_request', outcome: 'started' },
      { name: 'return_request', outcome: 'done' },
    ]);
  });

  it('re-asks a bad order number, then fills it', () => {
    const bot = chat('zh-CN');
    expect(bot.say('我要退货').replies).toEqual(['请提供您的订单号（E 开头）']);
    expect(bot.say('12345').replies).toEqual(['订单号格式不对。请提供您的订单号（E 开头）']);
    expect(bot.say('E1234567890').replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
  });

  it('an order number given ten turns earlier fills the slot', () => {
    const bot = chat('zh-CN');
    bot.say('你好，我订单E7777777777的问题', oos);
    for (let i = 0; i < 9; i++) bot.say('运费怎么算？');
    expect(bot.say('我要退货').replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
    expect(bot.state.flow?.slots.order_number).toBe('E7777777777');
  });

  it.each([
    ['zh-CN', '算了', '好的，已取消退货申请。'],
    ['en', 'never mind', 'OK, the return request is cancelled.'],
  ] as const)('%s "%s" cancels mid-flow and the bot answers normally after', (locale, cancel, reply) => {
    const bot = chat(locale);
    bot.say(locale === 'zh-CN' ? '我要退货' : 'I want to return this');
    const r = bot.say(cancel);
    expect(r.replies).toEqual([reply]);
    expect(bot.state.flow).toBeUndefined();
    expect(bot.state.tried.flows.at(-1)).toEqual({ name: 'return_request', outcome: 'cancelled' });
    expect(bot.say(locale === 'zh-CN' ? '运费怎么算？' : 'How much is shipping?').replies).toHaveLength(1);
  });

  it.each([
    ['zh-CN', '运费怎么算？', '订单满 99 元包邮。', '我们继续刚才的办理：', '1'],
    ['en', 'How much is shipping?', 'Shipping is free over ¥99.', "Let's carry on where we were:", 'broken'],
  ] as const)('%s: a FAQ mid-flow is answered, then the slot is asked again', (locale, question, answer, resume, reason) => {
    const bot = chat(locale);
    bot.say(locale === 'zh-CN' ? '我要退货 E1234567890' : 'I want to return order E1234567890');
    const side = bot.say(question);
    expect(side.replies).toEqual([answer, `${resume}\n${returnFlow.slots[1]?.prompt[locale]}`]);
    expect(bot.state.flow?.step).toEqual({ kind: 'slot', slot: 'reason', attempts: 0 });
    bot.say(reason);
    expect(bot.state.flow?.slots.reason).toBe('quality');
  });

  it('a handoff request mid-flow carries the flow progress in the summary', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货 E1234567890');
    const r = bot.say('转人工', oos);
    const summary = handoffOf(r)?.summary;
    expect(summary?.flow).toMatchObject({ name: 'return_request', filled: { order_number: 'E1234567890' }, missing: ['reason', 'photo'] });
    expect(summary?.text['zh-CN']).toContain('流程：退货申请');
    expect(bot.state.flow).toBeUndefined();
  });

  it('three bad answers offer a human; "好" then hands off with reason flow', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货');
    bot.say('不知道', oos);
    bot.say('忘了', oos);
    const stuck = bot.say('找不到', oos);
    expect(stuck.replies.at(-1)).toBe(botLine('stuck', 'zh-CN'));
    expect(handoffOf(bot.say('好', oos))?.reason).toBe('flow');
  });

  it('a flow whose action is handoff hands over with the filled slots when done', () => {
    const feedback = flowSchema.parse({
      ...returnFlow,
      slots: [returnFlow.slots[0]],
      confirm: undefined,
      actions: [{ type: 'handoff' }],
      done: L('已记录订单 {order_number}，马上为您转人工。', 'Noted order {order_number}; getting you a person.'),
    });
    const bot = chat('zh-CN', { knowledge: { ...knowledge('zh-CN'), flowFor: () => feedback } });
    bot.say('我要退货');
    const r = bot.say('E1234567890');
    expect(r.replies).toEqual(['已记录订单 E1234567890，马上为您转人工。', '正在为您转接人工客服，请稍候…']);
    expect(handoffOf(r)).toMatchObject({ reason: 'flow', summary: { flow: { step: 'done', filled: { order_number: 'E1234567890' } } } });
  });

  it('a state saved mid-flow resumes on another channel', () => {
    const web = chat('zh-CN');
    web.say('我要退货 E1234567890');
    const stored = JSON.parse(JSON.stringify(web.state)) as unknown;
    const wechat = chat('zh-CN', { state: restoreDialogueState(stored) });
    expect(wechat.say('质量问题').replies).toEqual(['请上传商品照片（没有的话可以回复"跳过"）']);
    expect(wechat.say('', { attachments: 2 }).replies[0]).toContain('照片：2 个文件');
  });
});

describe('follow-ups and references', () => {
  it.each([
    ['zh-CN', '退货要多久？', '那退款呢？', '退款 1-3 个工作日原路退回。'],
    ['en', 'How long does a return take?', 'what about refunds?', 'Refunds arrive within 1-3 business days.'],
    ['en', 'How long is the warranty on the S10?', 'and for the S20?', 'The S20 has a two-year warranty.'],
    ['zh-CN', 'S20保修多久？', '它防水吗？', 'S20 支持 IP68 防水。'],
    ['en', 'How long is the warranty on the S20?', 'is it waterproof', 'The S20 is IP68 waterproof.'],
  ] as const)('%s "%s" then "%s"', (locale, first, followUp, answer) => {
    const bot = chat(locale);
    bot.say(first);
    const r = bot.say(followUp);
    expect(r.replies).toEqual([answer]);
    expect(bot.state.turns.at(-1)?.rewritten).toBeTruthy();
  });

  it('without an NLU to re-run, an elliptical follow-up is not guessed', () => {
    const bot = chat('zh-CN', { understand: false });
    bot.say('退货要多久？');
    expect(bot.say('那退款呢？').replies).not.toEqual(['退款 1-3 个工作日原路退回。']);
  });

  it.each([
    ['那退款呢？', 'zh', '退款'],
    ['运费呢', 'zh', '运费'],
    ['那如果是S20的话', 'zh', 's20'],
    ['退款要多久？', 'zh', undefined],
    ['what about refunds?', 'en', 'refunds'],
    ['And for the S20?', 'en', 's20'],
    ['how about express shipping', 'en', 'express shipping'],
    ['how do I return an item', 'en', undefined],
  ] as const)('followUpKey(%s, %s) = %s', (text, lang, key) => {
    expect(followUpKey(text, lang)).toBe(key);
  });
});

describe('state', () => {
  it('keeps the last 30 exchanges of a 40-message conversation, and round-trips through JSON', () => {
    const bot = chat('zh-CN');
    for (let i = 0; i < 40; i++) bot.say(i % 2 ? '运费怎么算？' : `第${i}条：S20保修多久？`);
    const { turns } = bot.state;
    expect(turns).toHaveLength(30);
    expect(turns.some((t) => t.text.startsWith('第8条'))).toBe(false);
    expect(turns[0]?.text).toMatch(/^第10条/);
    expect(turns.at(-1)).toMatchObject({ text: '运费怎么算？', faqId: 'shipping-fee' });
    expect(bot.state.turnCount).toBe(40);
    const copy = JSON.parse(JSON.stringify(bot.state)) as DialogueState;
    expect(copy).toEqual(bot.state);
    expect(chat('zh-CN', { state: copy }).say('谢谢').replies).toEqual(chat('zh-CN', { state: bot.state }).say('谢谢').replies);
  });

  it('stays bounded however long the conversation runs', () => {
    const bot = chat('zh-CN');
    const script = ['我要退货 E1234567890', '2', '跳过', '是', '运费怎么算？', 'S20保修多久？', '它防水吗？', 'asdf'];
    const sizes: number[] = [];
    for (let i = 0; i < 400; i++) {
      bot.say(i % 50 === 7 ? 'x'.repeat(1800) : (script[i % script.length] ?? ''), { ...(i % 8 === 7 ? oos : {}) });
      if (i === 199 || i === 399) sizes.push(JSON.stringify(bot.state).length);
    }
    const { state } = bot;
    expect(state.tried.flows.filter((f) => f.outcome === 'done').length).toBeGreaterThan(0);
    expect(state.turns.length).toBeLessThanOrEqual(30);
    expect(state.tried.flows.length).toBeLessThanOrEqual(6);
    expect(state.tried.answers.length).toBeLessThanOrEqual(5);
    expect(state.entities.length).toBeLessThanOrEqual(20);
    expect(Math.max(...state.turns.map((t) => t.text.length))).toBeLessThanOrEqual(300);
    expect(sizes[1]).toBeLessThan(8_000);
    expect(sizes[1]).toBeLessThan((sizes[0] ?? 0) * 1.5);
  });

  it('decideTurn does not change the state it was given', () => {
    const bot = chat('zh-CN');
    bot.say('我要退货');
    const before = JSON.stringify(bot.state);
    const kept = bot.state;
    bot.say('E1234567890');
    expect(JSON.stringify(kept)).toBe(before);
  });

  it.each([null, 'x', { version: 2 }, { version: 1, turns: 'no' }])('restoreDialogueState(%j) starts afresh', (raw) => {
    expect(restoreDialogueState(raw)).toEqual(initialDialogueState());
  });

  it('after a human hands back, the bot greets and forgets stale questions', () => {
    const bot = chat('en');
    bot.say('asdf', oos);
    bot.say('qwer', oos);
    const back = resumeAfterHuman(bot.state, 'en');
    expect(back.reply).toBe(botLine('back_from_human', 'en'));
    expect(back.state.pending).toBeUndefined();
    expect(back.state.lowConfidenceStreak).toBe(0);
  });
});
