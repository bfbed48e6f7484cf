import { z } from 'zod';
import { flowSchema, localized } from '../modules/bot/flow-schema.ts';

/**
 * The demo workspace's bot content (Demo Shop, an online electronics and
 * home-goods store). Written by the Kefu team for Kefu — see docs/MODELS.md.
 */

const faqTranslation = z.object({
  question: z.string().min(2).max(200),
  /** Other ways customers ask the same thing (at least 3). */
  similar: z.array(z.string().min(2).max(200)).min(3).max(30),
  answer: z.string().min(2).max(4000),
  /** For SMS and WeChat: one or two sentences. */
  short: z.string().min(2).max(300).optional(),
});

export const demoFaqSchema = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/),
  /** Product line → function → problem type. */
  category: z.tuple([localized, localized, localized]),
  tags: z.array(z.string().min(1).max(32)).max(10).default([]),
  'zh-CN': faqTranslation,
  en: faqTranslation,
});

export const demoIntentSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/),
  description: z.string().min(2).max(300),
  /** At least 12 examples per language, varied in wording, length and politeness. */
  examples: z.object({ 'zh-CN': z.array(z.string().min(1).max(200)).min(12), en: z.array(z.string().min(1).max(200)).min(12) }),
  /** What the bot says when this intent has no flow (greeting, thanks, order status…); may use entity placeholders like {order_number}. */
  response: localized.optional(),
  /** `handoff`: hand over to a person; `flow`: start the flow of the same intent list; `answer`: say `response`. */
  action: z.enum(['answer', 'flow', 'handoff']).default('answer'),
});

export const demoContentSchema = z.object({
  faqs: z.array(demoFaqSchema).min(150),
  intents: z.array(demoIntentSchema).min(30),
  flows: z.array(flowSchema).min(3),
  /** Domain words for jieba and product names for the entity extractor. */
  dictionary: z.array(z.object({ word: z.string().min(1).max(40), type: z.enum(['product', 'term']) })).min(30),
});
export type DemoContent = z.infer<typeof demoContentSchema>;
