import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, maskPii, type PiiKind } from './index.ts';

describe('masking reads naturally', () => {
  it.each([
    ['mobile', '我的手机13812345678', '我的手机138****5678'],
    ['mobile', '+86 138-1234-5678', '138****5678'],
    ['mobile', '手机１３８１２３４５６７８', '手机138****5678'],
    ['landline', '010-12345678', '010-****5678'],
    ['landline', '(0755)1234567', '(0755)***4567'],
    ['landline', '021 6123 4567 转 123', '021 **** 4567 转 123'],
    ['landline', '400-820-8820', '400-***-8820'],
    ['intl_phone', '+44 20 7946 0958', '+44 ** **** 0958'],
    ['intl_phone', '+1 415 555 0100', '+1 *** *** 0100'],
    ['cn_id', '11010519491231002X', '1101**********002X'],
    ['bank_card', '6222020000000007', '6222 **** **** 0007'],
    ['bank_card', '6222-0200-0000-0007', '6222-****-****-0007'],
    ['email', 'li.lei@x.com', '***@x.com'],
    ['email', '?user=amy%40gmail.com', '?user=***@gmail.com'],
    ['ip', '192.168.1.20', '192.*.*.*'],
    ['ip', '2001:db8::8a2e:370:7334', '2001:****'],
    ['passport', '护照E12345678', '护照E******78'],
    ['plate', '京A12345', '京A***45'],
    ['plate', '粤B·D12345', '粤B·****45'],
    ['address', '寄到广东省深圳市南山区科苑路15号3栋501室，谢谢', '寄到广东省深圳市****，谢谢'],
    ['address', '地址北京市朝阳区建国路88号', '地址北京市****'],
    ['address', 'Ship to 350 Fifth Avenue, New York, NY 10118 please', 'Ship to ****, New York, NY ***** please'],
  ] as [PiiKind, string, string][])('%s: %s → %s', (_kind, text, masked) => {
    expect(maskPii(text)).toBe(masked);
  });

  it('leaves look-alikes alone', () => {
    const text = '订单号20261121123456，金额¥13812.00，快递单号SF1234567890123，验证码482913';
    expect(maskPii(text)).toBe(text);
  });

  it.each([
    ['+8613812345678', '138****5678'],
    ['+14155550123', '+141****0123'],
    ['02112345678', '021****5678'],
    ['12345', '****'],
    [null, null],
  ])('a stored phone %s shows as %s', (phone, shown) => {
    expect(maskPhoneNumber(phone)).toBe(shown);
  });
});
