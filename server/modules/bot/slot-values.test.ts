import { describe, expect, it } from 'vitest';
import { slotSchema, type FlowSlot } from './flow-schema.ts';
import {
  asksForHuman,
  formatSlotValue,
  isCancel,
  isNoneOfThese,
  isSkip,
  matchChoice,
  parseOrdinal,
  parseYesNo,
  renderTemplate,
  pickByOverlap,
  sharedTerms,
  validateSlot,
} from './slot-values.ts';

const reason = slotSchema.parse({
  name: 'reason',
  type: 'choice',
  prompt: { 'zh-CN': '退货原因？', en: 'Why are you returning it?' },
  choices: [
    { value: 'quality', label: { 'zh-CN': '质量问题', en: 'Quality problem' }, synonyms: ['坏了', 'broken', 'defective'] },
    { value: 'wrong_size', label: { 'zh-CN': '尺码不合适', en: 'Wrong size' }, synonyms: ['太大', '太小', 'too big', 'too small'] },
    { value: 'changed_mind', label: { 'zh-CN': '不想要了', en: 'Changed my mind' }, synonyms: [] },
  ],
}) as Extract<FlowSlot, { type: 'choice' }>;
const order = slotSchema.parse({
  name: 'order_number',
  type: 'entity',
  entity: 'order_number',
  pattern: '^E\\d{10}$',
  prompt: { 'zh-CN': '订单号？', en: 'Order number?' },
});
const photo = slotSchema.parse({ name: 'photo', type: 'attachment', optional: true, prompt: { 'zh-CN': '请上传照片', en: 'Send a photo' } });
const photoRequired = slotSchema.parse({ name: 'photo', type: 'attachment', prompt: { 'zh-CN': '请上传照片', en: 'Send a photo' } });
const note = slotSchema.parse({ name: 'note', type: 'text', minLength: 4, maxLength: 20, prompt: { 'zh-CN': '描述', en: 'Describe' } });
const agree = slotSchema.parse({ name: 'agree', type: 'yes_no', prompt: { 'zh-CN': '同意吗？', en: 'Agree?' } });

const orderEntity = (text: string) => ({ type: 'order_number', text, value: text });

describe('parseOrdinal', () => {
  it.each([
    ['1', 3, 0],
    ['2', 3, 1],
    ['第二个', 3, 1],
    ['第2个', 3, 1],
    ['二', 3, 1],
    ['一', 3, 0],
    ['我选第三个', 3, 2],
    ['选2吧', 3, 1],
    ['３', 3, 2],
    ['最后一个', 3, 2],
    ['the second one', 3, 1],
    ['second', 3, 1],
    ['2nd', 3, 1],
    ['option 3', 3, 2],
    ['the first', 3, 0],
    ['one', 3, 0],
    ['#2', 3, 1],
    ['the last one', 2, 1],
  ])('%s of %i → %i', (text, count, index) => {
    expect(parseOrdinal(text, count)).toBe(index);
  });

  it.each([
    ['4', 3],
    ['第五个', 3],
    ['0', 3],
    ['我有2个问题', 3],
    ['how long does shipping take', 3],
    ['E1234567890', 3],
  ])('%s of %i → nothing', (text, count) => {
    expect(parseOrdinal(text, count)).toBeUndefined();
  });
});

describe('parseYesNo', () => {
  it.each([
    ['是', 'yes'],
    ['是的', 'yes'],
    ['好的', 'yes'],
    ['好', 'yes'],
    ['可以', 'yes'],
    ['对，没错', 'yes'],
    ['嗯嗯', 'yes'],
    ['确认', 'yes'],
    ['yes', 'yes'],
    ['Yes please', 'yes'],
    ['Sure!', 'yes'],
    ['ok', 'yes'],
    ['go ahead', 'yes'],
    ['不', 'no'],
    ['不是', 'no'],
    ['不对，地址错了', 'no'],
    ['否', 'no'],
    ['不用了', 'no'],
    ['no', 'no'],
    ['Nope.', 'no'],
    ['no thanks', 'no'],
    ['what?', undefined],
    ['我想问一下运费', undefined],
    ['E1234567890', undefined],
  ] as const)('%s → %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });
});

describe('short answers', () => {
  it.each([
    ['取消', true],
    ['算了', true],
    ['算了不退了', true],
    ['不要了', true],
    ['还是不办了吧', true],
    ['cancel', true],
    ['Stop.', true],
    ['never mind', true],
    ['forget it', true],
    ['取消订单', false],
    ['我要取消订单怎么操作', false],
    ['how do I cancel my order', false],
  ])('isCancel(%s) = %s', (text, expected) => {
    expect(isCancel(text)).toBe(expected);
  });

  it.each([
    ['跳过', true],
    ['没有', true],
    ['没有照片', true],
    ['skip', true],
    ['no photo', true],
    ["I don't have one", true],
    ['有的', false],
    ['here it is', false],
  ])('isSkip(%s) = %s', (text, expected) => {
    expect(isSkip(text)).toBe(expected);
  });

  it.each([
    ['都不是', true],
    ['以上都不是', true],
    ['none of these', true],
    ['Neither', true],
    ['第一个', false],
    ['refund', false],
  ])('isNoneOfThese(%s) = %s', (text, expected) => {
    expect(isNoneOfThese(text)).toBe(expected);
  });

  it.each([
    ['转人工', true],
    ['人工', true],
    ['我要人工客服', true],
    ['找真人聊', true],
    ['能不能让客服人员来处理', true],
    ['human please', true],
    ['Can I talk to a human?', true],
    ['agent', true],
    ['I want to speak to an agent', true],
    ['real person please', true],
    ['let me talk to a person', true],
    ['can I speak with someone', true],
    ['I bought it for a person I know', false],
    ['人工智能音箱怎么连蓝牙', false],
    ['退货运费谁出', false],
    ['what is the humidity range of the humidifier', false],
    ['is my travel agency booking covered', false],
  ])('asksForHuman(%s) = %s', (text, expected) => {
    expect(asksForHuman(text)).toBe(expected);
  });

  it('counts shared terms across Chinese and English wording', () => {
    expect(sharedTerms('退货的那个', '如何退货？')).toBeGreaterThan(sharedTerms('退货的那个', '退款多久到账？'));
    expect(sharedTerms('the refund one', 'How long does a refund take?')).toBe(1);
    expect(sharedTerms('refunds', 'How long does a refund take?')).toBe(1);
    expect(sharedTerms('the refund one', 'How do I return an item?')).toBe(0);
  });
});

describe('pickByOverlap', () => {
  const options = ['How much is shipping? Is there free shipping?', 'Who pays for return shipping?'];
  it.each([
    ['the return one', 1],
    ['退货的那个', undefined],
    ['who pays for the return shipping', 1],
    ['I want to return something', undefined],
    ['shipping', undefined],
    ['completely unrelated words here', undefined],
  ] as const)('pickByOverlap(%s) = %s', (text, index) => {
    expect(pickByOverlap(text, options)).toBe(index);
  });

  it('takes a short Chinese reply naming one option', () => {
    expect(pickByOverlap('退货的那个', ['运费怎么算？', '退货运费谁出？'])).toBe(1);
  });
});

describe('matchChoice', () => {
  it.each([
    ['1', 'quality'],
    ['第二个', 'wrong_size'],
    ['the third one', 'changed_mind'],
    ['质量问题', 'quality'],
    ['质量', 'quality'],
    ['东西坏了', 'quality'],
    ['Wrong size', 'wrong_size'],
    ['it is too small', 'wrong_size'],
    ['changed my mind', 'changed_mind'],
    ['不想要了', 'changed_mind'],
    ['broken', 'quality'],
  ])('%s → %s', (text, value) => {
    expect(matchChoice(reason.choices, text)).toBe(value);
  });

  it.each(['5', '随便', 'something else entirely'])('%s → nothing', (text) => {
    expect(matchChoice(reason.choices, text)).toBeUndefined();
  });
});

describe('validateSlot', () => {
  const answer = (text: string, extra: { entities?: ReturnType<typeof orderEntity>[]; attachments?: number } = {}) => ({
    text,
    entities: extra.entities ?? [],
    attachments: extra.attachments ?? 0,
  });

  it.each([
    [
      'entity matching the pattern',
      order,
      answer('订单 E1234567890', { entities: [orderEntity('E1234567890')] }),
      { ok: true, value: 'E1234567890' },
    ],
    ['entity failing the pattern', order, answer('12345', { entities: [orderEntity('12345')] }), { ok: false }],
    ['pattern found in raw text', order, answer('E1234567890'), { ok: true, value: 'E1234567890' }],
    ['no entity, no pattern match', order, answer('我不记得了'), { ok: false }],
    ['choice by number', reason, answer('2'), { ok: true, value: 'wrong_size' }],
    ['choice by English synonym', reason, answer('defective'), { ok: true, value: 'quality' }],
    ['text within length', note, answer('屏幕有划痕'), { ok: true, value: '屏幕有划痕' }],
    ['text too short', note, answer('坏'), { ok: false }],
    ['text too long', note, answer('x'.repeat(21)), { ok: false }],
    ['yes', agree, answer('好的'), { ok: true, value: true }],
    ['no', agree, answer('no'), { ok: true, value: false }],
    ['neither yes nor no', agree, answer('maybe'), { ok: false }],
    ['photo sent', photo, answer('', { attachments: 2 }), { ok: true, value: 2 }],
    ['optional photo skipped (zh)', photo, answer('跳过'), { ok: true, value: null }],
    ['optional photo skipped (en)', photo, answer('no photo'), { ok: true, value: null }],
    ['required photo cannot be skipped', photoRequired, answer('skip'), { ok: false }],
    ['optional photo, unrelated text', photo, answer('hello'), { ok: false }],
  ] as const)('%s', (_, slot, input, expected) => {
    expect(validateSlot(slot, input)).toEqual(expected);
  });
});

describe('formatSlotValue and renderTemplate', () => {
  it.each([
    ['choice', reason, 'wrong_size', 'zh-CN', '尺码不合适'],
    ['choice', reason, 'wrong_size', 'en', 'Wrong size'],
    ['yes_no', agree, true, 'zh-CN', '是'],
    ['yes_no', agree, false, 'en', 'No'],
    ['attachment', photo, 2, 'zh-CN', '2 个文件'],
    ['skipped', photo, null, 'zh-CN', '未提供'],
    ['skipped', photo, null, 'en', 'not provided'],
    ['entity', order, 'E1234567890', 'en', 'E1234567890'],
    ['amount', undefined, { amount: 199, currency: 'CNY' }, 'en', '199 CNY'],
  ] as const)('%s %j in %s → %s', (_, slot, value, locale, expected) => {
    expect(formatSlotValue(slot, value, locale)).toBe(expected);
  });

  it('fills known placeholders and keeps the others for later', () => {
    expect(renderTemplate('订单 {order_number}，单号 {request_number}', { order_number: 'E1' })).toBe('订单 E1，单号 {request_number}');
  });
});
