import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traditionalToSimplified } from './han-variants.ts';
import { createPhraseMatcher, createTextAnalyzer, detectLang, foldText, normalizeText, stemEn } from './text.ts';

describe('normalizeText', () => {
  it.each([
    ['full-width letters, digits and punctuation', 'ＡＢＣ　１２３，ｘｙｚ！', 'abc 123,xyz!'],
    ['traditional characters', '請問我的訂單號碼還沒到嗎？', '请问我的订单号码还没到吗?'],
    ['traditional in a longer sentence', '這個貨為什麼還沒發？我們東西很急', '这个货为什么还没发?我们东西很急'],
    ['CJK sentence punctuation', '你好。谢谢、再见“好的”【急】', '你好.谢谢,再见"好的"[急]'],
    ['lower case and collapsed spaces', '  Hello   WORLD \n\t again ', 'hello world again'],
    ['digits stay digits', '退款199.50元，订单DS20261120001', '退款199.50元,订单ds20261120001'],
    ['Chinese numerals stay as written', '等一下，一直没到，三千五百元', '等一下,一直没到,三千五百元'],
    ['full-width yen sign', '￥１９９', '¥199'],
    ['ideographic and no-break spaces', '你好\u3000世界\u00a0!', '你好 世界 !'],
    ['compatibility forms (NFKC)', 'ｶﾀｶﾅ ㍿ ①', 'カタカナ 株式会社 1'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('maps every traditional character in the table to its simplified form', () => {
    for (const [traditional, simplified] of traditionalToSimplified) expect(normalizeText(traditional)).toBe(simplified);
  });

  it('leaves simplified text alone (no table value is itself converted)', () => {
    const simplified = [...traditionalToSimplified.values()].join('');
    expect(normalizeText(simplified)).toBe(simplified);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => normalizeText(normalizeText(s)) === normalizeText(s)));
  });
});

describe('foldText', () => {
  it('keeps every offset, so entities found in it point into the original', () => {
    const alphabet = fc.constantFrom(...'ＡＢ１２，。訂單號碼abcXYZİ 　\u00a0€£￥“”【】𠀀😀'.split(''));
    fc.assert(fc.property(fc.array(alphabet), (chars) => foldText(chars.join('')).length === chars.join('').length));
  });

  it('folds like normalizeText where no NFKC or space collapsing is involved', () => {
    expect(foldText('訂單ＤＳ２０２６，謝謝！')).toBe('订单ds2026,谢谢!');
  });
});

describe('detectLang', () => {
  it.each([
    ['你好', 'zh'],
    ['好', 'zh'],
    ['hi', 'en'],
    ['ok', 'en'],
    ['Where is my order?', 'en'],
    ['我的订单怎么还没到', 'zh'],
    ['我的iPhone坏了', 'zh'],
    ['iphone 15 pro max 多少钱', 'zh'],
    ['X3耳机', 'zh'],
    ['Where is my 订单', 'en'],
    ['Can I pay with 支付宝?', 'en'],
    ['Please ship to 上海市浦东新区张江路', 'en'],
    ['Hi, 我想退货', 'zh'],
    ['我要cancel my order', 'zh'],
    ['DS20261120001 到哪了', 'zh'],
    ['Order DS20261120001', 'en'],
    ['請問訂單', 'zh'],
  ] as const)('%s → %s', (text, lang) => {
    expect(detectLang(text)).toBe(lang);
  });

  it.each(['13800138000', '', '  ', '???', '😀👍', '199.00'])('text without letters (%j) gets the fallback', (text) => {
    expect(detectLang(text)).toBe('zh');
    expect(detectLang(text, 'en')).toBe('en');
  });
});

describe('stemEn', () => {
  it.each([
    [['order', 'orders', 'ordered', 'ordering'], 'order'],
    [['cancel', 'cancels', 'cancelled', 'cancelling', 'canceled'], 'cancel'],
    [['ship', 'ships', 'shipped', 'shipping'], 'ship'],
    [['charge', 'charges', 'charged', 'charging'], 'charg'],
    [['refund', 'refunds', 'refunded', 'refunding'], 'refund'],
    [['delivery', 'deliveries'], 'delivery'],
    [['apply', 'applied', 'applies'], 'apply'],
    [['box', 'boxes'], 'box'],
    [['address', 'addresses'], 'address'],
    [['status', 'statuses'], 'status'],
    [['transfer', 'transferred', 'transferring'], 'transfer'],
    [['install', 'installed', 'installing'], 'instal'],
    [['activate', 'activated', 'activating'], 'activat'],
    [['card', 'cards', "card's"], 'card'],
  ])('%j meet at %s', (words, stem) => {
    for (const word of words) expect(stemEn(word), word).toBe(stem);
  });

  it.each(['is', 'was', 'this', 'bus', 'need', 'bring', 'thing', 'king', "don't", "can't", 'x3', '退款', 'business', 'speed'])(
    'leaves %s alone',
    (word) => {
      expect(stemEn(word)).toBe(word);
    },
  );
});

describe('createPhraseMatcher', () => {
  const matcher = createPhraseMatcher(['iPhone 15', 'iPhone 15 Pro', 'Pro', 'X3耳机', '退货'].map((p) => [p, p] as const));
  const found = (text: string) => matcher.find(foldText(text)).map((m) => [text.slice(m.start, m.end), m.value]);

  it.each([
    ['longest match wins', '我的iPhone 15 Pro坏了', [['iPhone 15 Pro', 'iPhone 15 Pro']]],
    ['case-insensitive', 'IPHONE 15 pro', [['IPHONE 15 pro', 'iPhone 15 Pro']]],
    ['a space matches a run of whitespace', 'iphone   15', [['iphone   15', 'iPhone 15']]],
    ['Latin words only at word boundaries', 'this product is pro', [['pro', 'Pro']]],
    ['no match inside a longer number', 'iphone 150', []],
    ['mixed script phrase next to Chinese', '买了x3耳机', [['x3耳机', 'X3耳机']]],
    ['traditional text', '我要退貨', [['退貨', '退货']]],
    [
      'several matches, left to right',
      '退货 pro 退货',
      [
        ['退货', '退货'],
        ['pro', 'Pro'],
        ['退货', '退货'],
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('createTextAnalyzer', () => {
  const plain = createTextAnalyzer();
  const shop = createTextAnalyzer([{ word: 'X3耳机' }, { word: '退货退款' }, { word: 'iPhone 15 Pro' }]);

  it.each([
    ['English words, punctuation dropped', "Hello, world! I can't log in.", ['hello', 'world', 'i', "can't", 'log', 'in']],
    ['decimals and thousands stay whole', 'USD 15.50 or 1,299 yuan?', ['usd', '15.50', 'or', '1,299', 'yuan']],
    ['curly apostrophes join contractions', 'I’m here, don’t worry', ["i'm", 'here', "don't", 'worry']],
    ['Chinese goes through jieba', '我想查一下物流信息', ['我', '想', '查', '一下', '物流', '信息']],
    ['mixed Chinese and English', '我的iPhone坏了怎么办', ['我', '的', 'iphone', '坏', '了', '怎么办']],
    ['order numbers stay one token', '订单DS20261120001还没到。', ['订单', 'ds20261120001', '还', '没', '到']],
    ['traditional input is tokenised as simplified', '請問怎麼退貨', ['请问', '怎么', '退货']],
  ])('%s', (_name, text, tokens) => {
    expect(plain.analyze(text).tokens).toEqual(tokens);
  });

  it('keeps the workspace dictionary words whole, however they are written', () => {
    expect(shop.analyze('X3耳機壞了，我想退貨退款').tokens).toEqual(['x3耳机', '坏', '了', '我', '想', '退货退款']);
    expect(shop.analyze('my iphone  15 PRO is broken').tokens).toEqual(['my', 'iphone 15 pro', 'is', 'broken']);
  });

  it('does not leak one workspace’s words into another’s segmentation', () => {
    expect(plain.analyze('x3耳机坏了，我想退货退款').tokens).not.toContain('x3耳机');
    expect(plain.analyze('我想退货退款').tokens).not.toContain('退货退款');
  });

  it('returns the original text, normalized text, language and no entities', () => {
    expect(shop.analyze('  請問ＤＳ１２３？ ')).toEqual({
      text: '  請問ＤＳ１２３？ ',
      lang: 'zh',
      normalized: '请问ds123?',
      tokens: ['请问', 'ds123'],
      entities: [],
    });
    expect(shop.analyze('hello', 'zh').lang).toBe('zh');
  });

  it('tokenises empty and punctuation-only text to nothing', () => {
    expect(plain.analyze('').tokens).toEqual([]);
    expect(plain.analyze(' ?!。，… ').tokens).toEqual([]);
  });
});
