import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

/** Categories, translations and finding items: how editors organise the knowledge base. */
describe('FAQ categories, translations and search', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  const faqs = '/api/v1/knowledge/faqs';

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other shop');
    const items = [
      { locale: 'zh-CN', question: 'X3 耳机充不进电', answer: '请检查充电盒触点。', category: ['耳机', 'X3', '充电'] },
      { locale: 'zh-CN', question: 'X3 耳机怎么配对', answer: '长按按钮三秒。', category: ['耳机', 'X3', '连接'] },
      { locale: 'zh-CN', question: 'X5 耳机续航多久', answer: '八小时。', category: ['耳机', 'X5'], status: 'draft' },
      { locale: 'zh-CN', question: '怎么开发票', answer: '订单页申请。', category: [] },
      { locale: 'en', question: 'How do I pair the X3?', answer: 'Hold the button.', category: ['Earbuds', 'X3'] },
    ];
    for (const item of items) expect((await call(kefu, 'POST', faqs, ws.tokens.operator, item)).status).toBe(201);
    await call(kefu, 'POST', faqs, other.tokens.operator, { locale: 'zh-CN', question: '别家的问题', answer: '别家', category: ['别家分类'] });
  });
  afterAll(() => kefu.close());

  it('shows the category tree of a locale with item counts, and nothing of other workspaces', async () => {
    const zh = await call(kefu, 'GET', '/api/v1/knowledge/categories?locale=zh-CN', ws.tokens.agent);
    expect(zh.body.uncategorised).toBe(1);
    expect(zh.body.items).toEqual([
      {
        name: '耳机',
        path: ['耳机'],
        count: 3,
        children: [
          {
            name: 'X3',
            path: ['耳机', 'X3'],
            count: 2,
            children: [
              { name: '充电', path: ['耳机', 'X3', '充电'], count: 1, children: [] },
              { name: '连接', path: ['耳机', 'X3', '连接'], count: 1, children: [] },
            ],
          },
          { name: 'X5', path: ['耳机', 'X5'], count: 1, children: [] },
        ],
      },
    ]);
    const all = await call(kefu, 'GET', '/api/v1/knowledge/categories', ws.tokens.agent);
    expect(all.body.items.map((n: { name: string }) => n.name).sort()).toEqual(['Earbuds', '耳机']);
    expectError(await call(kefu, 'GET', '/api/v1/knowledge/categories?locale=fr', ws.tokens.agent), 'validation_failed');
  });

  it('finds items by words, category path, status and locale', async () => {
    const list = async (query: string) =>
      (await call(kefu, 'GET', `${faqs}?${query}`, ws.tokens.agent)).body.items.map((i: { question: string }) => i.question).sort();
    expect(await list('q=配对')).toEqual(['X3 耳机怎么配对']);
    expect(await list('q=button')).toEqual(['How do I pair the X3?']);
    expect(await list(`category=${encodeURIComponent('耳机')}&category=X3`)).toEqual(['X3 耳机充不进电', 'X3 耳机怎么配对']);
    expect(await list('status=draft')).toEqual(['X5 耳机续航多久']);
    expect(await list('locale=en')).toEqual(['How do I pair the X3?']);
    expect(await list('q=100%25')).toEqual([]);
  });

  it('renames and moves a category: every item under it gets the new path as a new version, audited', async () => {
    expectError(await call(kefu, 'POST', '/api/v1/knowledge/categories/move', ws.tokens.agent, { from: ['耳机'], to: ['音频'] }), 'forbidden');
    expectError(
      await call(kefu, 'POST', '/api/v1/knowledge/categories/move', ws.tokens.operator, { from: ['耳机', 'X3'], to: ['音频', '耳机', 'X3'] }),
      'category_too_deep',
    );
    expectError(await call(kefu, 'POST', '/api/v1/knowledge/categories/move', ws.tokens.operator, { from: [], to: ['音频'] }), 'validation_failed');
    const moved = await call(kefu, 'POST', '/api/v1/knowledge/categories/move', ws.tokens.operator, {
      locale: 'zh-CN',
      from: ['耳机', 'X3'],
      to: ['耳机', 'X3 Pro'],
    });
    expect(moved.body).toEqual({ moved: 2 });
    const tree = await call(kefu, 'GET', '/api/v1/knowledge/categories?locale=zh-CN', ws.tokens.agent);
    expect(tree.body.items[0].children.map((n: { name: string; count: number }) => [n.name, n.count])).toEqual([
      ['X3 Pro', 2],
      ['X5', 1],
    ]);
    const [item] = (await call(kefu, 'GET', `${faqs}?q=${encodeURIComponent('充不进电')}`, ws.tokens.agent)).body.items;
    expect(item.category).toEqual(['耳机', 'X3 Pro', '充电']);
    const [version] = (await call(kefu, 'GET', `${faqs}/${item.id}/versions?limit=1`, ws.tokens.agent)).body.items;
    expect(version).toMatchObject({ version: 2, action: 'category_moved', changed: ['category'], note: '耳机 / X3 → 耳机 / X3 Pro' });
    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: item.id });
    expect(audit[0]).toMatchObject({ action: 'faq.category_moved', before: { category: ['耳机', 'X3', '充电'] } });
    // The English item with an X3 category of its own was not in the moved locale.
    expect((await call(kefu, 'GET', `${faqs}?locale=en`, ws.tokens.agent)).body.items[0].category).toEqual(['Earbuds', 'X3']);
  });

  it('lists an item’s translations and adds the missing one as a draft with the same key', async () => {
    const source = await call(kefu, 'POST', faqs, ws.tokens.operator, {
      locale: 'zh-CN',
      question: '支持哪些付款方式？',
      answer: '支持支付宝、微信支付和银行卡。',
      shortAnswer: '支付宝、微信、银行卡。',
      category: ['支付'],
      tags: ['付款'],
    });
    const id = source.body.id as string;
    expect((await call(kefu, 'GET', `${faqs}/${id}/translations`, ws.tokens.agent)).body.items).toEqual([]);
    expectError(await call(kefu, 'POST', `${faqs}/${id}/translations`, ws.tokens.agent, { locale: 'en' }), 'forbidden');
    expectError(await call(kefu, 'POST', `${faqs}/${id}/translations`, ws.tokens.operator, { locale: 'zh-CN' }), 'validation_failed');
    const created = await call(kefu, 'POST', `${faqs}/${id}/translations`, ws.tokens.operator, {
      locale: 'en',
      question: 'Which payment methods do you accept?',
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({
      key: source.body.key,
      locale: 'en',
      question: 'Which payment methods do you accept?',
      answer: '支持支付宝、微信支付和银行卡。',
      shortAnswer: '支付宝、微信、银行卡。',
      category: ['支付'],
      tags: ['付款'],
      status: 'draft',
      answering: false,
    });
    expectError(await call(kefu, 'POST', `${faqs}/${id}/translations`, ws.tokens.operator, { locale: 'en' }), 'translation_exists');
    const back = await call(kefu, 'GET', `${faqs}/${created.body.id}/translations`, ws.tokens.agent);
    expect(back.body.items.map((t: { id: string }) => t.id)).toEqual([id]);
  });
});
