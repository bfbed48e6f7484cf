import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEntityExtractor, entityComponent } from './entities.ts';
import type { Entity, NluMessage } from './types.ts';

/** Friday 2026-11-20, noon in Shanghai. */
const NOW = new Date('2026-11-20T04:00:00Z');
const extractor = createEntityExtractor({ products: ['X3耳机', 'iPhone 15 Pro', 'iPhone 15', 'AirPods'] });
const found = (text: string, ex = extractor) => ex.extract(text, NOW).map((e) => [e.type, e.text, e.value]);
const ofType = (type: string, text: string, ex = extractor) => found(text, ex).filter(([t]) => t === type);

describe('order numbers (default pattern)', () => {
  it.each([
    ['我的订单DS20261120001还没到', 'DS20261120001', 'DS20261120001'],
    ['order ds20261120001 is late', 'ds20261120001', 'DS20261120001'],
    ['单号 JD-12345678', 'JD-12345678', 'JD-12345678'],
    ['订单 123456789012 查一下', '123456789012', '123456789012'],
    ['20 digits 12345678901234567890', '12345678901234567890', '12345678901234567890'],
    ['订单号：12345678', '12345678', '12345678'],
    ['我的订单12345', '12345', '12345'],
    ['order #1234567 arrived', '1234567', '1234567'],
    ['Order number: A1234567', 'A1234567', 'A1234567'],
    ['訂單號ＤＳ２０２６１１２０００１', 'ＤＳ２０２６１１２０００１', 'DS20261120001'],
    ['订单号6222021234567890128', '6222021234567890128', '6222021234567890128'],
  ])('%s', (text, mention, value) => {
    expect(ofType('order_number', text)).toEqual([['order_number', mention, value]]);
  });

  it.each([
    '13800138000',
    '8613800138000',
    '我买了iphone15',
    'x3耳机',
    '订单123',
    '12345678',
    'USD1500000',
    '123456789012345678901',
    'order 2 items',
    '银行卡6222021234567890128，退款没到账',
    'card 4111111111111111 was charged twice',
  ])('no order number in %j', (text) => {
    expect(ofType('order_number', text)).toEqual([]);
  });
});

describe('order numbers (workspace pattern)', () => {
  it('uses the pattern case-insensitively on whole alphanumeric runs', () => {
    const ex = createEntityExtractor({ orderNumberPattern: 'KF\\d{6}' });
    expect(found('单号kf123456和KF654321', ex)).toEqual([
      ['order_number', 'kf123456', 'KF123456'],
      ['order_number', 'KF654321', 'KF654321'],
    ]);
    expect(found('KF1234567 xKF123456 DS20261120001', ex)).toEqual([]);
  });

  it.each([
    ['', /1–200 characters/],
    ['(', /Invalid orderNumberPattern "\(":/],
    ['a)|(b', /Invalid orderNumberPattern/],
    ['\\d*', /matches the empty string/],
    ['(\\d+)+', /nested quantifiers/],
    ['x'.repeat(201), /1–200 characters/],
  ])('rejects %j at creation with a clear error', (pattern, message) => {
    expect(() => createEntityExtractor({ orderNumberPattern: pattern })).toThrow(message);
  });
});

describe('phones', () => {
  it.each([
    ['电话13800138000', '13800138000', '+8613800138000'],
    ['call +86 138 0013 8000', '+86 138 0013 8000', '+8613800138000'],
    ['0086-13800138000', '0086-13800138000', '+8613800138000'],
    ['86 13800138000', '86 13800138000', '+8613800138000'],
    ['手机 138-0013-8000 谢谢', '138-0013-8000', '+8613800138000'],
    ['19912345678', '19912345678', '+8619912345678'],
    ['座机010-12345678', '010-12345678', '+861012345678'],
    ['0755-1234567', '0755-1234567', '+867551234567'],
    ['(021) 12345678', '(021) 12345678', '+862112345678'],
    ['+86 10 1234 5678', '+86 10 1234 5678', '+861012345678'],
    ['客服热线400-820-8820', '400-820-8820', '+864008208820'],
    ['London +44 20 7946 0958.', '+44 20 7946 0958', '+442079460958'],
    ['+1 (415) 555-0100', '+1 (415) 555-0100', '+14155550100'],
    ['１３８００１３８０００', '１３８００１３８０００', '+8613800138000'],
  ])('%s', (text, mention, value) => {
    expect(ofType('phone', text)).toEqual([['phone', mention, value]]);
  });

  it.each(['12345678901', '1380013800', '138001380001', '10086', '13800元', '2026-11-20', '+12 34', '订单号13800138000', 'DS13800138000'])(
    'no phone in %j',
    (text) => {
      expect(ofType('phone', text)).toEqual([]);
    },
  );
});

describe('emails and resident IDs', () => {
  it.each([
    ['邮箱abc.def@qq.com谢谢', 'abc.def@qq.com', 'abc.def@qq.com'],
    ['Mail Foo.Bar+tag@Example.CO.uk, thanks', 'Foo.Bar+tag@Example.CO.uk', 'foo.bar+tag@example.co.uk'],
    ['13800138000@163.com', '13800138000@163.com', '13800138000@163.com'],
  ])('email in %s', (text, mention, value) => {
    expect(found(text)).toEqual([['email', mention, value]]);
  });

  it.each(['a@b', '@qq.com', 'abc@qq', 'me at qq dot com'])('no email in %j', (text) => {
    expect(ofType('email', text)).toEqual([]);
  });

  it.each([
    ['身份证11010519491231002X', '11010519491231002X'],
    ['身份证号 11010519491231002x', '11010519491231002X'],
    ['44030419900307123X', '44030419900307123X'],
    ['born on a leap day 310115200002294567', '310115200002294567'],
  ])('resident ID in %s', (text, value) => {
    expect(found(text)).toEqual([['id_number', expect.any(String), value]]);
  });

  it.each([
    ['wrong check character', '110105194912310021'],
    ['wrong check digit', '440304199003071234'],
    ['month 13', '110105199013320024'],
    ['born in the future', '510107203012310015'],
    ['born before 1900', '110105189912310023'],
    ['19 digits', '1101051949123100212'],
  ])('not an ID: %s', (_why, text) => {
    expect(ofType('id_number', text)).toEqual([]);
  });
});

describe('amounts', () => {
  it.each([
    ['¥199', 199, 'CNY'],
    ['￥１９９', 199, 'CNY'],
    ['199元', 199, 'CNY'],
    ['199.5块', 199.5, 'CNY'],
    ['199块钱', 199, 'CNY'],
    ['两百块', 200, 'CNY'],
    ['三千五百元', 3500, 'CNY'],
    ['一块钱', 1, 'CNY'],
    ['3块5', 3.5, 'CNY'],
    ['12元5角', 12.5, 'CNY'],
    ['200多块', 200, 'CNY'],
    ['1.5万元', 15000, 'CNY'],
    ['1,299 yuan', 1299, 'CNY'],
    ['RMB 300', 300, 'CNY'],
    ['300 rmb', 300, 'CNY'],
    ['人民币 is not needed: 50人民币', 50, 'CNY'],
    ['$20', 20, 'USD'],
    ['20 dollars', 20, 'USD'],
    ['USD 15.50', 15.5, 'USD'],
    ['15.50 usd', 15.5, 'USD'],
    ['20美元', 20, 'USD'],
    ['€30', 30, 'EUR'],
    ['£5', 5, 'GBP'],
    ['HK$100', 100, 'HKD'],
    ['500日元', 500, 'JPY'],
  ])('%s', (text, amount, currency) => {
    expect(ofType('amount', text)).toEqual([['amount', expect.any(String), { amount, currency }]]);
  });

  it.each(['等一下', '一直没到', '一块去吧', '两块蛋糕', '3块屏幕', '买了100个', '5 pounds of rice', 'version 2.0', '一百', '十块儿'])(
    'no amount in %j',
    (text) => {
      expect(ofType('amount', text)).toEqual([]);
    },
  );

  it('reports the whole mention, so a later digit is not read as 角', () => {
    expect(found('退款20元3个')).toEqual([['amount', '20元', { amount: 20, currency: 'CNY' }]]);
  });
});

describe('products', () => {
  it.each([
    ['我买的X3耳机坏了', [['product', 'X3耳机', 'X3耳机']]],
    ['X3耳機壞了', [['product', 'X3耳機', 'X3耳机']]],
    ['my IPHONE 15 PRO is broken', [['product', 'IPHONE 15 PRO', 'iPhone 15 Pro']]],
    [
      'iphone 15还是airpods',
      [
        ['product', 'iphone 15', 'iPhone 15'],
        ['product', 'airpods', 'AirPods'],
      ],
    ],
    ['iphone 150', []],
    ['I like my airpodsmax', []],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('overlaps and precedence', () => {
  it('an 11-digit mobile is a phone by default, and an order number when the workspace pattern says so', () => {
    expect(found('13800138000')).toEqual([['phone', '13800138000', '+8613800138000']]);
    const ex = createEntityExtractor({ orderNumberPattern: '1\\d{10}' });
    expect(found('13800138000', ex)).toEqual([['order_number', '13800138000', '13800138000']]);
    expect(found('+86 13800138000', ex)).toEqual([['order_number', '13800138000', '13800138000']]);
  });

  it('a valid ID wins over the order-number pattern; an invalid one is only an order number', () => {
    expect(found('11010519491231002X').map(([t]) => t)).toEqual(['id_number']);
    expect(found('110105194912310021').map(([t]) => t)).toEqual(['order_number']);
  });

  it('a date is not a phone, an email is not a phone, an amount is not a date', () => {
    expect(found('2026-11-20').map(([t]) => t)).toEqual(['date']);
    expect(found('13800138000@163.com').map(([t]) => t)).toEqual(['email']);
    expect(found('下个月5号退款500元')).toEqual([
      ['date', '下个月5号', '2026-12-05'],
      ['amount', '500元', { amount: 500, currency: 'CNY' }],
    ]);
  });

  it('finds every kind in one mixed message, in text order, with offsets into the original', () => {
    const text = '  訂單ＤＳ２０２６１１２０００１的X3耳機明天能到嗎？電話13800138000，郵箱a@b.cn，退我¥199';
    const entities = extractor.extract(text, NOW);
    expect(entities.map((e) => e.type)).toEqual(['order_number', 'product', 'date', 'phone', 'email', 'amount']);
    for (const e of entities) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('never returns two entities over the same characters', () => {
    const pieces = [
      '13800138000',
      '2026-11-20',
      '¥199',
      '199元',
      'DS20261120001',
      '11010519491231002X',
      'a@b.cn',
      'x3耳机',
      '明天',
      ' ',
      '号',
      '元',
      '1',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        const entities = extractor.extract(text, NOW);
        return entities.every((e, i) => text.slice(e.start, e.end) === e.text && (i === 0 || entities[i - 1]!.end <= e.start));
      }),
    );
  });
});

describe('createEntityExtractor config', () => {
  it('rejects an unknown timezone at creation', () => {
    expect(() => createEntityExtractor({ timezone: 'Nowhere/Land' })).toThrow(/Unknown timezone/);
  });

  it('resolves relative dates in the configured timezone', () => {
    const lateUtc = new Date('2026-11-20T17:00:00Z');
    expect(createEntityExtractor().extract('明天', lateUtc)[0]?.value).toBe('2026-11-22');
    expect(createEntityExtractor({ timezone: 'America/New_York' }).extract('明天', lateUtc)[0]?.value).toBe('2026-11-21');
  });
});

describe('entityComponent', () => {
  const message = (text: string, entities: Entity[] = []): NluMessage => ({ text, lang: 'zh', normalized: text, tokens: [], entities });

  it('fills message.entities, resolving dates with its clock', () => {
    const step = entityComponent(extractor, () => NOW);
    expect(step.name).toBe('entities');
    expect(step.process(message('明天打13800138000')).entities).toEqual([
      { type: 'date', text: '明天', value: '2026-11-21', start: 0, end: 2 },
      { type: 'phone', text: '13800138000', value: '+8613800138000', start: 3, end: 14 },
    ]);
  });

  it('keeps entities an earlier step found and does not add overlapping ones', () => {
    const step = entityComponent(extractor, () => NOW);
    const earlier: Entity = { type: 'tracking_number', text: '13800138000', value: 'SF13800138000', start: 3, end: 14 };
    const once = step.process(message('明天打13800138000', [earlier]));
    expect(once.entities.map((e) => e.type)).toEqual(['date', 'tracking_number']);
    expect(step.process(once).entities).toEqual(once.entities);
  });
});
