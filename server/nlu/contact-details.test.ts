import { describe, expect, it } from 'vitest';
import { contactDetailsComponent } from './contact-details.ts';
import { createEntityExtractor, entityComponent } from './entities.ts';
import { createTextAnalyzer } from './text.ts';

const analyzer = createTextAnalyzer();
const entities = entityComponent(createEntityExtractor({}));
const details = contactDetailsComponent(analyzer);
/** What the classifiers read of `text` after the entity and contact-detail steps. */
const read = (text: string) => details.process(entities.process(analyzer.analyze(text))).normalized;

describe('contact details in a question', () => {
  it('are read past, with the words that introduce them, in both languages', () => {
    expect(read('我的手机号是13812345678，帮我查下退款')).toBe('帮我查下退款');
    expect(read('身份证：11010519491231002X 银行卡6222021234567894 退款到哪了')).toBe('退款到哪了');
    expect(read('My phone number is +86 138 1234 5678, where is my refund?')).toBe('where is my refund?');
    expect(read('my email is li.lei@example.com; I want to return my order')).toBe('i want to return my order');
  });

  it('leave what the customer asks about alone: order numbers, numbers that are no card, a message that is only a detail', () => {
    expect(read('订单DS2026112000123到哪了')).toBe('订单ds2026112000123到哪了');
    expect(read('卡号6222021234567890扣款失败')).toBe('卡号6222021234567890扣款失败'); // fails the card check
    expect(read('13812345678')).toBe('13812345678');
  });

  it('keep the text and the entities as written, for flows and the hand-off summary', () => {
    const message = details.process(entities.process(analyzer.analyze('我的手机13812345678，帮我查下退款')));
    expect(message.text).toBe('我的手机13812345678，帮我查下退款');
    expect(message.entities.map((e) => e.type)).toEqual(['phone']);
  });
});
