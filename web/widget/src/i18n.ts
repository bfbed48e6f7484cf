/** The widget's words, zh-CN and en; English defines the keys. */
const en = {
  title: 'Chat with us',
  subtitle: 'We usually reply within minutes',
  open: 'Open chat',
  close: 'Close chat',
  placeholder: 'Type a message…',
  send: 'Send',
  attach: 'Attach a file',
  sending: 'Sending…',
  failed: 'Not sent',
  typing: 'Support is typing…',
  connecting: 'Connecting…',
  offline: 'Connection lost — retrying…',
  preChatIntro: 'Leave your name and email so we can follow up.',
  name: 'Name',
  email: 'Email',
  start: 'Start chat',
  skip: 'Skip',
  uploadFailed: 'The file could not be uploaded.',
  greeting: 'Hi! How can we help?',
  agent: 'Support',
  bot: 'Assistant',
  surveyRating: 'Your rating',
  surveyStars: '{n} of 5 stars',
  surveyYes: 'Yes',
  surveyNo: 'No',
  surveyComment: 'Anything to add? (optional)',
  surveySend: 'Send rating',
  surveyPick: 'Choose 1 to 5 stars first.',
  surveyExpired: 'This survey has expired.',
  surveyAnswered: 'You already rated this conversation.',
  surveyFailed: 'The rating could not be sent; try again.',
};

export type Words = typeof en;

const zh: Words = {
  title: '在线客服',
  subtitle: '通常几分钟内回复',
  open: '打开聊天',
  close: '关闭聊天',
  placeholder: '输入消息…',
  send: '发送',
  attach: '发送文件',
  sending: '发送中…',
  failed: '未发送',
  typing: '客服正在输入…',
  connecting: '连接中…',
  offline: '连接已断开，正在重连…',
  preChatIntro: '留下您的称呼和邮箱，方便我们跟进。',
  name: '称呼',
  email: '邮箱',
  start: '开始聊天',
  skip: '跳过',
  uploadFailed: '文件上传失败。',
  greeting: '你好！有什么可以帮您？',
  agent: '客服',
  bot: '智能助手',
  surveyRating: '您的评分',
  surveyStars: '{n} 星（满分 5 星）',
  surveyYes: '是',
  surveyNo: '否',
  surveyComment: '还有什么想说的？（选填）',
  surveySend: '提交评价',
  surveyPick: '请先选择 1–5 星。',
  surveyExpired: '此评价已过期。',
  surveyAnswered: '您已评价过本次服务。',
  surveyFailed: '评价提交失败，请重试。',
};

export type Locale = 'zh-CN' | 'en';

/** `data-locale` wins; otherwise the browser's language (any Chinese → zh-CN). */
export function pickLocale(attribute: string | undefined, browser: string | undefined): Locale {
  const value = (attribute || browser || 'en').toLowerCase();
  return value.startsWith('zh') ? 'zh-CN' : 'en';
}

export function wordsFor(locale: Locale): Words {
  return locale === 'zh-CN' ? zh : en;
}
