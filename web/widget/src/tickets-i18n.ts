import type { Locale } from './i18n.ts';

/** The ticket views' words, zh-CN and en; English defines the keys. */
const en = {
  chatTab: 'Chat',
  submitTab: 'Submit a ticket',
  mineTab: 'My tickets',
  category: 'Type',
  choose: 'Choose…',
  description: 'Describe the problem',
  attachments: 'Attachments (optional)',
  submit: 'Submit ticket',
  submitting: 'Submitting…',
  submitted: 'Ticket {number} submitted. We will get back to you here.',
  required: 'Please fill this in.',
  none: 'You have no tickets yet.',
  back: '← My tickets',
  expectedMinutes: 'We expect to handle it within {n} min',
  expectedHours: 'We expect to handle it within {n} h',
  expectedDays: 'We expect to handle it within {n} days',
  overdue: 'We are on it and prioritising it',
  updated: 'Updated {time}',
  you: 'You',
  support: 'Support',
  progress: 'Progress',
  statusTo: 'Status: {status}',
  dispatched: 'Passed to the team in charge',
  dispatchedTo: 'Passed to {team}',
  created: 'Ticket submitted',
  replyPlaceholder: 'Write a reply…',
  reply: 'Reply',
  closedNoReply: 'This ticket is closed; submit a new one if you still need help.',
  error: 'Something went wrong; please try again.',
  slowDown: 'Too many requests; please wait a moment.',
};

export type TicketWords = typeof en;

const zh: TicketWords = {
  chatTab: '聊天',
  submitTab: '提交工单',
  mineTab: '我的工单',
  category: '问题类型',
  choose: '请选择…',
  description: '请描述您遇到的问题',
  attachments: '附件（可选）',
  submit: '提交工单',
  submitting: '提交中…',
  submitted: '工单 {number} 已提交，我们会在这里回复您。',
  required: '请填写此项。',
  none: '您还没有工单。',
  back: '← 我的工单',
  expectedMinutes: '预计 {n} 分钟内处理',
  expectedHours: '预计 {n} 小时内处理',
  expectedDays: '预计 {n} 天内处理',
  overdue: '正在加急处理，请稍候',
  updated: '更新于 {time}',
  you: '我',
  support: '客服',
  progress: '进度',
  statusTo: '状态：{status}',
  dispatched: '已派单至负责团队',
  dispatchedTo: '已派单至{team}',
  created: '工单已提交',
  replyPlaceholder: '输入回复…',
  reply: '回复',
  closedNoReply: '工单已关闭；如仍需帮助，请提交新工单。',
  error: '出错了，请重试。',
  slowDown: '操作太频繁，请稍后再试。',
};

/** A ticket's status in the customer's words. */
const statusWords: Record<Locale, Record<string, string>> = {
  en: {
    new: 'Submitted',
    open: 'In progress',
    pending_customer: 'Waiting for your reply',
    pending_third_party: 'Waiting on a partner',
    resolved: 'Resolved',
    closed: 'Closed',
    reopened: 'Reopened',
  },
  'zh-CN': {
    new: '已提交',
    open: '处理中',
    pending_customer: '等待您的回复',
    pending_third_party: '等待第三方处理',
    resolved: '已解决',
    closed: '已关闭',
    reopened: '已重新打开',
  },
};

export function ticketWordsFor(locale: Locale): TicketWords {
  return locale === 'zh-CN' ? zh : en;
}

export function statusWord(locale: Locale, status: string): string {
  return statusWords[locale][status] ?? status;
}

/** Fill `{name}` placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
