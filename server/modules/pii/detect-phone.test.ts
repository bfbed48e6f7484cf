import { describe, expect, it } from 'vitest';
import { detectPii, type PiiKind } from './index.ts';

const found = (text: string) => detectPii(text).map((s) => [s.kind, s.value] as [PiiKind, string]);

describe('phone numbers', () => {
  it.each([
    ['我的手机号是13812345678', 'mobile', '13812345678'],
    ['电话 138 1234 5678 下午在', 'mobile', '138 1234 5678'],
    ['call 138-1234-5678', 'mobile', '138-1234-5678'],
    ['+86 13812345678', 'mobile', '+86 13812345678'],
    ['+8613812345678', 'mobile', '+8613812345678'],
    ['0086 139 8765 4321', 'mobile', '0086 139 8765 4321'],
    ['手机１３８１２３４５６７８谢谢', 'mobile', '１３８１２３４５６７８'],
    ['座机010-12345678找李经理', 'landline', '010-12345678'],
    ['(0755)1234567', 'landline', '(0755)1234567'],
    ['（0755）82345678', 'landline', '（0755）82345678'],
    ['总机 021 6123 4567 转 123', 'landline', '021 6123 4567 转 123'],
    ['02161234567', 'landline', '02161234567'],
    ['客服 400-820-8820', 'landline', '400-820-8820'],
    ['热线800-810-1234', 'landline', '800-810-1234'],
    ['call +1 415 555 0100 today', 'intl_phone', '+1 415 555 0100'],
    ['London office +44 20 7946 0958', 'intl_phone', '+44 20 7946 0958'],
    ['0044 20 7946 0958', 'intl_phone', '0044 20 7946 0958'],
    ['Tokyo +81 3-1234-5678', 'intl_phone', '+81 3-1234-5678'],
    ['reach me at (415) 555-0100', 'intl_phone', '(415) 555-0100'],
    ['or 415-555-0100 after 6', 'intl_phone', '415-555-0100'],
  ] as const)('%s → %s %s', (text, kind, value) => {
    expect(found(text)).toEqual([[kind, value]]);
  });

  it.each([
    ['订单号20261121123456，还没发货'],
    ['订单号 13812345678 查不到'],
    ['快递单号13579246801三天没更新'],
    ['tracking number 15912345678'],
    ['SF1234567890123 已签收'],
    ['运单 773123456789012'],
    ['支付了¥13812.00'],
    ['金额 13812345678 元'],
    ['时间戳 1763771234567'],
    ['下单时间 2026-11-21 14:30:05'],
    ['20261121143005 的日志'],
    ['验证码482913'],
    ['Your code is 551234'],
    ['版本 2.10.3'],
    ['条形码6901234567892'],
    ['Order #20261121123 total $1,299.99'],
    ['卡号3528 0897 4029 0026不对'],
  ])('%s has no phone', (text) => {
    expect(found(text).filter(([k]) => ['mobile', 'landline', 'intl_phone'].includes(k))).toEqual([]);
  });

  it.each([['订单号 20261121123456，手机13812345678'], ['订单已支付，¥99，有问题打13812345678'], ['金额 100 元，13812345678']])(
    'finds the phone near, but not named by, an order or amount word: %s',
    (text) => {
      expect(found(text)).toEqual([['mobile', '13812345678']]);
    },
  );
});
