import { describe, expect, it } from 'vitest';
import { fillResponse } from './response-template.ts';

const order = { type: 'order_number', text: 'DS2026112000123', value: 'DS2026112000123', at: 0 };
const template = '{#order_number}订单 {order_number} 已收到。{/order_number}{^order_number}请发送订单号。{/order_number}查看“我的订单”。';

describe('fillResponse', () => {
  it.each([
    ['keeps the known-section and fills the value when the entity was given', [order], '订单 DS2026112000123 已收到。查看“我的订单”。'],
    ['keeps the unknown-section when it was not', [], '请发送订单号。查看“我的订单”。'],
    ['ignores entities of other types', [{ ...order, type: 'phone' }], '请发送订单号。查看“我的订单”。'],
  ])('%s', (_, entities, expected) => {
    expect(fillResponse(template, entities)).toBe(expected);
  });

  it('uses the latest entity of a type and blanks unknown plain values', () => {
    const older = { ...order, text: 'DS2026010100001' };
    expect(fillResponse('Order {order_number}, phone {phone}.', [order, older])).toBe('Order DS2026112000123, phone .');
  });
});
