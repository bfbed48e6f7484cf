import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeTicketClassifier, ticketExamplesFromRows, trainTicketClassifier, type TicketClassifier } from './ticket-classifier.ts';
import { dispatchFor, leafPaths } from './ticket-categories.ts';
import { loadDemoTickets, loadTicketCategories } from './ticket-demo-data.ts';
import { stripPleasantries } from './ticket-text.ts';

let classifier: TicketClassifier;

beforeAll(() => {
  classifier = trainTicketClassifier(loadDemoTickets());
}, 120_000);

describe('ticket classifier on the demo tickets', () => {
  // Written for this test, not taken from the demo data.
  it.each([
    ['退款都一个星期了还没到我银行卡上', 'zh-CN', 'payments/refund/refund_not_received'],
    ['快递公司说我的包裹丢了，让我找你们', 'zh-CN', 'delivery/delivery_issue/lost_parcel'],
    ['有人盗了我的账号，用我的余额下了好几单', 'zh-CN', 'account/security/account_hacked'],
    ['发票抬头开错了，需要重新开一张', 'zh-CN', 'payments/invoice/invoice_error'],
    ['耳机蓝牙配对不上手机', 'zh-CN', 'product/usage/setup_pairing'],
    ['I was charged twice for the same order', 'en', 'payments/payment/double_charge'],
    ['Tracking says delivered but there is no parcel at my door', 'en', 'delivery/delivery_issue/signed_not_received'],
    ['Please add a dark mode to your app', 'en', 'feedback/suggestion/suggest_feature'],
    ['The shoes are too small, can I exchange them for a bigger size?', 'en', 'after_sales/exchange/exchange_size'],
    ['How long is the warranty on the watch?', 'en', 'after_sales/repair/warranty_query'],
  ])('files %j under %s → %s', (text, locale, expected) => {
    const { category } = classifier.classify(text, { locale });
    expect(category.path.join('/')).toBe(expected);
    expect(category.confidence).toBeGreaterThan(0.5);
    expect(category.alternatives.every((a) => a.path.join('/') !== expected)).toBe(true);
  });

  it.each([
    ['退款一直不到账，再不处理我就打12315投诉你们', 'urgent', '关键词: 12315'],
    ['我的手机充电时冒烟了，差点着火', 'urgent', '关键词: 冒烟'],
    ['My refund is missing. If it is not sorted today I will file a chargeback.', 'urgent', 'keyword: chargeback'],
    ['This is the third time I am writing about my late parcel, fed up!', 'high', 'keyword: third time'],
    ['Suggestion: it would be nice to filter products by colour', 'low', null],
    ['希望你们出个粉色款的手表', 'low', null],
  ])('rates %j as %s with its reason', (text, priority, reason) => {
    const result = classifier.classify(text).priority;
    expect(result.value).toBe(priority);
    expect(result.reasons.length).toBeGreaterThan(0);
    if (reason) expect(result.reasons.some((r) => r.startsWith(reason))).toBe(true);
  });

  it('stops at the level it is sure of instead of guessing a leaf', () => {
    const vague = classifier.classify('我有个问题', { locale: 'zh-CN' }).category;
    expect(vague.path.length).toBeLessThan(3);
    expect(vague.alternatives.length).toBeGreaterThan(0);
  });

  it('predicts the same after serialize → structured clone → deserialize', () => {
    const copy = deserializeTicketClassifier(structuredClone(classifier.serialize()));
    for (const text of ['退货运费谁出', 'my account was hacked', 'The box arrived crushed']) {
      expect(copy.classify(text)).toEqual(classifier.classify(text));
    }
  });
});

describe('demo ticket data', () => {
  const tree = loadTicketCategories();
  const tickets = loadDemoTickets();

  it('files every ticket under a leaf of the category tree, in both languages', () => {
    const leaves = new Set(leafPaths(tree).map((p) => p.join('/')));
    expect(tickets.length).toBeGreaterThanOrEqual(800);
    expect(tickets.every((t) => leaves.has(t.category.join('/')))).toBe(true);
    const zh = tickets.filter((t) => t.locale === 'zh-CN').length;
    expect(zh / tickets.length).toBeGreaterThan(0.4);
    expect(zh / tickets.length).toBeLessThan(0.6);
    expect(new Set(tickets.map((t) => t.category.join('/'))).size).toBe(leaves.size);
  });

  it('dispatches a category to the deepest team and priority set along its path', () => {
    expect(dispatchFor(tree, ['feedback', 'complaint', 'safety_hazard'])).toMatchObject({ team: 'quality', defaultPriority: 'urgent' });
    expect(dispatchFor(tree, ['feedback', 'suggestion'])).toMatchObject({ team: 'complaints', defaultPriority: 'low' });
    expect(dispatchFor(tree, ['delivery', 'nope']).names).toEqual([{ 'zh-CN': '物流配送', en: 'Delivery' }]);
  });
});

describe('ticketExamplesFromRows', () => {
  it('joins subject and description and skips tickets without a category or text', () => {
    const examples = ticketExamplesFromRows([
      { subject: '退款没到账', description: '一周了', categoryPath: ['payments', 'refund'], priority: 'high' },
      { subject: null, description: 'Where is my parcel?', categoryPath: ['delivery'], priority: 'normal', locale: 'en' },
      { subject: 'No category', description: 'x', categoryPath: [], priority: 'low' },
      { subject: ' ', description: null, categoryPath: ['delivery'], priority: 'low' },
    ]);
    expect(examples).toEqual([
      { text: '退款没到账\n一周了', category: ['payments', 'refund'], priority: 'high' },
      { text: 'Where is my parcel?', category: ['delivery'], priority: 'normal', locale: 'en' },
    ]);
  });
});

describe('stripPleasantries', () => {
  it.each([
    ['Hello support, my parcel is lost. Looking forward to your reply.', 'my parcel is lost.'],
    ['Hi team - box came wet Regards, Sam', 'box came wet'],
    ['您好，快递丢了，谢谢！', '快递丢了，'],
    ['谢谢', '谢谢'],
  ])('%j → %j', (text, expected) => {
    expect(stripPleasantries(text)).toBe(expected);
  });
});
