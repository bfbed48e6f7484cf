import type { FlowLocale } from './flow-schema.ts';

/**
 * Every line the bot says on its own (not taken from the workspace's FAQs,
 * intents or flows), in zh-CN and English. Lines that repeat often (soothing,
 * asking to rephrase) have variants so the bot does not sound like a loop.
 */

type Lines = Record<FlowLocale, readonly string[]>;

const lines = {
  soothe: {
    'zh-CN': [
      '非常抱歉给您带来不好的体验，我理解您的心情。',
      '真的很抱歉让您着急了，我们一定尽快帮您处理。',
      '给您添麻烦了，非常抱歉！我会尽力帮您解决。',
      '理解您的感受，抱歉让您久等了，我们马上跟进。',
    ],
    en: [
      "I'm really sorry about this — I understand how frustrating it is.",
      "I'm sorry for the trouble; let's get this sorted out as quickly as we can.",
      'Apologies for the inconvenience. I will do my best to help you right away.',
      "I hear you, and I'm sorry for the wait. We're on it.",
    ],
  },
  handing_off: {
    'zh-CN': ['正在为您转接人工客服，请稍候…'],
    en: ['Connecting you to a human agent, please wait a moment…'],
  },
  clarify_intro: { 'zh-CN': ['您是想问：'], en: ['Did you mean:'] },
  clarify_outro: {
    'zh-CN': ['请回复序号，或换个说法告诉我。'],
    en: ['Reply with a number, or tell me in other words.'],
  },
  rephrase: {
    'zh-CN': [
      '抱歉，我没太理解您的意思，能换个说法再描述一下吗？',
      '不好意思，这个问题我没看明白，可以说得更具体一些吗？比如订单号或商品名称。',
      '抱歉没能理解，您可以换一种方式描述您的问题吗？',
    ],
    en: [
      "Sorry, I didn't quite get that. Could you rephrase it?",
      "I'm not sure I understood. Could you give me a bit more detail, such as an order number or product name?",
      "Sorry, I couldn't follow. Could you say it another way?",
    ],
  },
  offer_human: {
    'zh-CN': ['抱歉，我暂时没能解答您的问题。需要为您转接人工客服吗？（回复"是"转接）'],
    en: ['Sorry, I haven\'t been able to help with this. Would you like me to connect you to a human agent? (Reply "yes")'],
  },
  offer_declined: {
    'zh-CN': ['好的，还有什么可以帮您的吗？'],
    en: ['All right. Is there anything else I can help with?'],
  },
  back_from_human: {
    'zh-CN': ['人工客服已结束本次服务，我是智能助手，有问题随时问我。'],
    en: ["The agent has finished helping you. I'm the assistant again — ask me anything."],
  },
  invalid_generic: {
    'zh-CN': ['抱歉，没能识别您的回答。'],
    en: ["Sorry, I couldn't read that answer."],
  },
  stuck: {
    'zh-CN': ['这一步好像不太顺利。需要为您转接人工客服吗？（回复"是"转接，或继续回答）'],
    en: ['This step seems to be giving you trouble. Shall I connect you to a human agent? (Reply "yes", or keep answering)'],
  },
  confirm_hint: {
    'zh-CN': ['请回复"是"确认，或回复"否"修改。'],
    en: ['Please reply "yes" to confirm, or "no" to change something.'],
  },
  change_which: {
    'zh-CN': ['请问要修改哪一项？回复序号，或回复"取消"放弃办理：'],
    en: ['Which one would you like to change? Reply with its number, or "cancel" to stop:'],
  },
  resume_flow: {
    'zh-CN': ['我们继续刚才的办理：'],
    en: ["Let's carry on where we were:"],
  },
  skip_hint: {
    'zh-CN': ['（没有的话可以回复"跳过"）'],
    en: ['(Reply "skip" if you have none.)'],
  },
  yes: { 'zh-CN': ['是'], en: ['Yes'] },
  no: { 'zh-CN': ['否'], en: ['No'] },
  not_provided: { 'zh-CN': ['未提供'], en: ['not provided'] },
  files: { 'zh-CN': ['{n} 个文件'], en: ['{n} file(s)'] },
} satisfies Record<string, Lines>;

export type BotLineKey = keyof typeof lines;

/**
 * One canned bot line in the locale. `seed` picks a variant (pass the turn
 * count so consecutive turns vary, deterministically for tests).
 *
 * @example botLine('handing_off', 'zh-CN') // '正在为您转接人工客服，请稍候…'
 * @example botLine('soothe', 'en', 3)
 */
export function botLine(key: BotLineKey, locale: FlowLocale, seed = 0): string {
  const variants = lines[key][locale];
  return variants[Math.abs(Math.trunc(seed)) % variants.length] ?? variants[0] ?? '';
}

/** All variants of a line, for tests and the admin preview. */
export function botLineVariants(key: BotLineKey, locale: FlowLocale): readonly string[] {
  return lines[key][locale];
}

/**
 * "您是想问：\n1. …\n2. …" — a numbered clarification question.
 *
 * @example clarifyPrompt(['如何退货？', '退款多久到账？'], 'zh-CN')
 */
export function clarifyPrompt(options: readonly string[], locale: FlowLocale): string {
  const list = options.map((o, i) => `${i + 1}. ${o}`).join('\n');
  return `${botLine('clarify_intro', locale)}\n${list}\n${botLine('clarify_outro', locale)}`;
}
