import { call } from '../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../test/harness.ts';

/** A FAQ item as the knowledge API takes it. */
export interface TestFaq {
  key: string;
  locale: 'zh-CN' | 'en';
  question: string;
  similar?: string[];
  answer: string;
  category?: string[];
  status?: 'draft' | 'published' | 'archived';
}

/** Add FAQ items through the knowledge API, as an editor would. */
export async function addFaqs(kefu: TestKefu, ws: TestWorkspace, items: TestFaq[]): Promise<void> {
  for (const item of items) {
    const res = await call(kefu, 'POST', '/api/v1/knowledge/faqs', ws.tokens.admin, item);
    if (res.status !== 201) throw new Error(`faq ${item.key}: ${res.raw}`);
  }
}

/** A small shop's help center content: two categories, translations, a draft, and an item written to try markup. */
export const shopFaqs: TestFaq[] = [
  {
    key: 'refund-time',
    locale: 'zh-CN',
    question: '退款多久到账？',
    similar: ['退款什么时候到', '钱多久能退回来'],
    answer: '审核通过后 1–3 个工作日原路退回。\n\n信用卡可能需要 7 天。',
    category: ['售后服务', '退货退款'],
  },
  {
    key: 'refund-time',
    locale: 'en',
    question: 'How long does a refund take?',
    similar: ['when will I get my money back'],
    answer: 'Refunds reach your original payment method within 1–3 working days after approval.',
    category: ['After-sales', 'Returns & refunds'],
  },
  {
    key: 'shipping-fee',
    locale: 'zh-CN',
    question: '运费怎么算？',
    similar: ['包邮吗', '邮费多少'],
    answer: '订单满 99 元包邮，不满收 8 元运费。',
    category: ['配送', '运费'],
  },
  {
    key: 'invoice',
    locale: 'zh-CN',
    question: '怎么开发票？',
    similar: ['开票', '要发票'],
    answer: '在订单详情页点「申请发票」。',
    category: ['售后服务', '发票'],
  },
  {
    key: 'secret-plan',
    locale: 'zh-CN',
    question: '内部草稿：双十一活动方案',
    answer: '还没定。',
    category: ['售后服务', '退货退款'],
    status: 'draft',
  },
  {
    key: 'markup',
    locale: 'zh-CN',
    question: '<script>alert("q")</script>标签测试',
    similar: ['标签测试问题'],
    answer: '"><img src=x onerror="alert(1)"> <b>粗体</b> & 更多',
    category: ['<i>分类</i>'],
  },
];
