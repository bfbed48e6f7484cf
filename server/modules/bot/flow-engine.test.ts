import { describe, expect, it } from 'vitest';
import { continueFlow, currentQuestion, renderDone, startFlow, type FlowInput, type FlowState, type FlowTurn } from './flow-engine.ts';
import { flowSchema, type FlowLocale } from './flow-schema.ts';

const returnFlow = flowSchema.parse({
  name: 'return_request',
  title: { 'zh-CN': '退货申请', en: 'Return request' },
  intents: ['return_request'],
  slots: [
    {
      name: 'order_number',
      type: 'entity',
      entity: 'order_number',
      pattern: '^E\\d{10}$',
      prompt: { 'zh-CN': '请提供您的订单号（E 开头）', en: 'What is your order number (starts with E)?' },
      invalid: { 'zh-CN': '订单号格式不对。', en: "That doesn't look like an order number." },
    },
    {
      name: 'reason',
      type: 'choice',
      prompt: {
        'zh-CN': '请选择退货原因：1. 质量问题 2. 尺码不合适 3. 不想要了',
        en: 'Why are you returning it? 1. Quality problem 2. Wrong size 3. Changed my mind',
      },
      choices: [
        { value: 'quality', label: { 'zh-CN': '质量问题', en: 'Quality problem' }, synonyms: ['坏了', 'broken'] },
        { value: 'wrong_size', label: { 'zh-CN': '尺码不合适', en: 'Wrong size' }, synonyms: ['too small'] },
        { value: 'changed_mind', label: { 'zh-CN': '不想要了', en: 'Changed my mind' } },
      ],
    },
    { name: 'photo', type: 'attachment', optional: true, prompt: { 'zh-CN': '请上传商品照片', en: 'Please send a photo of the item' } },
  ],
  confirm: {
    'zh-CN': '请确认：订单 {order_number}，原因：{reason}，照片：{photo}。确认提交吗？',
    en: 'Please confirm: order {order_number}, reason: {reason}, photo: {photo}. Submit?',
  },
  actions: [{ type: 'create_request', kind: 'return' }],
  done: { 'zh-CN': '已提交退货申请，单号 {request_number}。', en: 'Your return request {request_number} is submitted.' },
  cancelled: { 'zh-CN': '好的，已取消退货申请。', en: 'OK, the return request is cancelled.' },
});

const order = (text: string) => ({ type: 'order_number', text, value: text });
const say = (locale: FlowLocale, text: string, extra: Partial<FlowInput> = {}): FlowInput => ({
  text,
  entities: [],
  attachments: 0,
  locale,
  ...extra,
});

/** Plays answers through the flow, returning every turn. */
function play(start: FlowTurn, answers: FlowInput[]): FlowTurn[] {
  const turns = [start];
  for (const answer of answers) {
    const state = turns.at(-1)?.state;
    if (!state) throw new Error('flow ended early');
    turns.push(continueFlow(returnFlow, state, answer));
  }
  return turns;
}

describe('a return request, start to finish', () => {
  it.each([
    {
      locale: 'zh-CN' as const,
      first: '我要退货，订单号E1234567890',
      bad: '12345',
      reasonAnswer: '2',
      skip: '跳过',
      yes: '是的',
      expectConfirm: '请确认：订单 E1234567890，原因：尺码不合适，照片：未提供。确认提交吗？',
      expectDone: '已提交退货申请，单号 R1024。',
    },
    {
      locale: 'en' as const,
      first: 'I want to return order E1234567890',
      bad: 'order 12345',
      reasonAnswer: 'the second one',
      skip: 'no photo',
      yes: 'yes please',
      expectConfirm: 'Please confirm: order E1234567890, reason: Wrong size, photo: not provided. Submit?',
      expectDone: 'Your return request R1024 is submitted.',
    },
  ])('$locale', ({ locale, first, bad, reasonAnswer, skip, yes, expectConfirm, expectDone }) => {
    const start = startFlow(returnFlow, 'return_request', say(locale, first, { entities: [order('E1234567890')] }), [], 0);
    expect(start.replies).toEqual([returnFlow.slots[1]?.prompt[locale]]);

    const [, confused, picked, skipped, confirmed] = play(start, [
      say(locale, bad, { entities: [order('12345')] }),
      say(locale, reasonAnswer),
      say(locale, skip),
      say(locale, yes),
    ]);
    expect(confused?.outcome).toBe('invalid');
    expect(picked?.state?.slots.reason).toBe('wrong_size');
    expect(picked?.replies[0]).toContain(returnFlow.slots[2]?.prompt[locale]);
    expect(skipped?.outcome).toBe('confirming');
    expect(skipped?.replies).toEqual([expectConfirm]);
    expect(confirmed?.outcome).toBe('done');
    expect(confirmed?.state).toBeUndefined();
    // The done text waits for the request number, which the wiring layer gets back from create_request.
    expect(confirmed?.replies).toEqual([]);
    expect(confirmed?.actions).toEqual([
      { type: 'create_request', kind: 'return', flow: 'return_request', slots: { order_number: 'E1234567890', reason: 'wrong_size', photo: null } },
    ]);
    const action = confirmed?.actions[0];
    const slots = action?.type === 'create_request' ? action.slots : {};
    expect(renderDone(returnFlow, slots, { request_number: 'R1024' }, locale)).toBe(expectDone);
  });

  it('re-asks a bad order number with the invalid text, then accepts a good one', () => {
    const start = startFlow(returnFlow, 'return_request', say('zh-CN', '我要退货'), [], 0);
    expect(start.replies).toEqual(['请提供您的订单号（E 开头）']);
    const [, bad, good] = play(start, [say('zh-CN', '12345', { entities: [order('12345')] }), say('zh-CN', 'E2222222222')]);
    expect(bad?.replies).toEqual(['订单号格式不对。请提供您的订单号（E 开头）']);
    expect(good?.state?.slots.order_number).toBe('E2222222222');
  });

  it('offers a human after maxAttempts bad answers but keeps waiting for the slot', () => {
    const start = startFlow(returnFlow, 'return_request', say('en', 'return please'), [], 0);
    const turns = play(start, [say('en', 'dunno'), say('en', 'what?'), say('en', 'hmm')]);
    expect(turns.map((t) => t.outcome)).toEqual(['asking', 'invalid', 'invalid', 'stuck']);
    expect(turns[3]?.replies.join('\n')).toMatch(/human agent/);
    expect(turns[3]?.state?.step).toMatchObject({ kind: 'slot', slot: 'order_number' });
    expect(play(turns[3] as FlowTurn, [say('en', 'E1234567890')])[1]?.state?.slots.order_number).toBe('E1234567890');
  });

  it('fills slots from remembered entities and from a photo sent with the first message', () => {
    const start = startFlow(returnFlow, 'return_request', say('zh-CN', '退货', { attachments: 1 }), [order('E9999999999')], 0);
    expect(start.state?.slots).toEqual({ order_number: 'E9999999999', photo: 1 });
    expect(start.replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
  });

  it('ignores a remembered value that fails the slot pattern', () => {
    const start = startFlow(returnFlow, 'return_request', say('zh-CN', '退货'), [order('12345')], 0);
    expect(start.state?.slots).toEqual({});
  });
});

describe('leaving and changing', () => {
  const atConfirm = (): FlowState => ({
    name: 'return_request',
    intent: 'return_request',
    slots: { order_number: 'E1234567890', reason: 'quality', photo: 2 },
    step: { kind: 'confirm', attempts: 0 },
    startedAt: 0,
  });

  it.each([
    ['zh-CN', '算了', '好的，已取消退货申请。'],
    ['zh-CN', '不要了', '好的，已取消退货申请。'],
    ['en', 'never mind', 'OK, the return request is cancelled.'],
    ['en', 'cancel', 'OK, the return request is cancelled.'],
  ] as const)('%s "%s" cancels at any step', (locale, text, reply) => {
    const start = startFlow(returnFlow, 'return_request', say(locale, 'x'), [], 0);
    for (const state of [start.state as FlowState, atConfirm()]) {
      const turn = continueFlow(returnFlow, state, say(locale, text));
      expect(turn).toEqual({ outcome: 'cancelled', replies: [reply], actions: [] });
    }
  });

  it('"no" at the confirmation lists the slots; picking one re-asks it and confirms again', () => {
    const no = continueFlow(returnFlow, atConfirm(), say('zh-CN', '不对'));
    expect(no.replies[0]).toBe(
      '请问要修改哪一项？回复序号，或回复"取消"放弃办理：\n1. 请提供您的订单号：E1234567890\n2. 请选择退货原因：质量问题\n3. 请上传商品照片：2 个文件',
    );
    const which = continueFlow(returnFlow, no.state as FlowState, say('zh-CN', '2'));
    expect(which.replies).toEqual([returnFlow.slots[1]?.prompt['zh-CN']]);
    const changed = continueFlow(returnFlow, which.state as FlowState, say('zh-CN', '不想要了'));
    expect(changed.outcome).toBe('confirming');
    expect(changed.replies[0]).toContain('原因：不想要了');
    expect(changed.replies[0]).toContain('照片：2 个文件');
  });

  it('a slot can be named instead of numbered when changing', () => {
    const no = continueFlow(returnFlow, atConfirm(), say('en', 'no'));
    expect(no.replies[0]).toContain('2. Why are you returning it: Quality problem');
    const which = continueFlow(returnFlow, no.state as FlowState, say('en', 'the photo'));
    expect(which.replies).toEqual(['Please send a photo of the item (Reply "skip" if you have none.)']);
  });

  it('a new order number at the confirmation replaces the old one', () => {
    const turn = continueFlow(returnFlow, atConfirm(), say('en', 'no, it is E5555555555', { entities: [order('E5555555555')] }));
    expect(turn.outcome).toBe('confirming');
    expect(turn.replies[0]).toContain('order E5555555555');
  });

  it('an unclear answer at the confirmation repeats it with a hint', () => {
    const turn = continueFlow(returnFlow, atConfirm(), say('en', 'hmm'));
    expect(turn.outcome).toBe('invalid');
    expect(turn.replies[0]).toMatch(/^Please reply "yes".*Submit\?$/s);
  });

  it('currentQuestion repeats what the flow is waiting for', () => {
    const start = startFlow(returnFlow, 'return_request', say('en', 'x'), [], 0);
    expect(currentQuestion(returnFlow, start.state as FlowState, 'en')).toBe('What is your order number (starts with E)?');
    expect(currentQuestion(returnFlow, atConfirm(), 'en')).toContain('photo: 2 file(s)');
  });
});

describe('flows without confirmation or request', () => {
  const feedback = flowSchema.parse({
    name: 'feedback',
    title: { 'zh-CN': '意见反馈', en: 'Feedback' },
    intents: ['feedback'],
    slots: [{ name: 'text', type: 'text', prompt: { 'zh-CN': '请说说您的建议', en: 'What would you like to tell us?' } }],
    actions: [{ type: 'webhook', url: 'https://example.com/hook' }, { type: 'handoff' }],
    done: { 'zh-CN': '谢谢您的反馈：{text}', en: 'Thanks for the feedback: {text}' },
    cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
  });

  it('acts at once, says done with the slots, and passes webhook and handoff on', () => {
    const start = startFlow(feedback, 'feedback', say('en', 'I have feedback'), [], 0);
    const turn = continueFlow(feedback, start.state as FlowState, say('en', 'More colours please'));
    expect(turn.outcome).toBe('done');
    expect(turn.replies).toEqual(['Thanks for the feedback: More colours please']);
    expect(turn.actions).toEqual([
      { type: 'webhook', url: 'https://example.com/hook', payload: { flow: 'feedback', locale: 'en', slots: { text: 'More colours please' } } },
      { type: 'handoff', flow: 'feedback', slots: { text: 'More colours please' } },
    ]);
  });
});
