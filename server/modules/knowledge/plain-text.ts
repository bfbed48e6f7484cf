/**
 * A Markdown-lite answer as plain text, for channels that show text only
 * (the widget, SMS, WeChat, email bodies): `**bold**` and `code` lose their
 * marks, `[text](url)` becomes `text (url)`; lists and paragraphs stay as
 * lines. HTML is left as the characters it is — nothing renders it.
 *
 * @example answerAsText('请在**订单页**申请，见[帮助](https://k.example/h)') // '请在订单页申请，见帮助 (https://k.example/h)'
 */
export function answerAsText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => (text === url ? url : `${text} (${url})`));
}
