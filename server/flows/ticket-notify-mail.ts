import { createTransport } from 'nodemailer';
import { PermanentDeliveryError } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { keepInOutbox } from './mail-outbox.ts';
import { listInboxes } from '../modules/inboxes/index.ts';
import { markup, textParagraphs, type SafeHtml } from '../portal/html.ts';
import type { PortalLocale } from '../portal/i18n.ts';

/** One mail to a customer about their ticket or their sign-in. */
export interface CustomerMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What the mails say, in both languages. */
const words = {
  'zh-CN': {
    signInSubject: (ws: string) => `[${ws}] 登录帮助中心查看您的工单`,
    signInBody: '点击下面的链接登录，查看和回复您的工单。链接 15 分钟内有效，只能使用一次。如果不是您本人操作，请忽略这封邮件。',
    signInButton: '登录查看我的工单',
    createdSubject: (ws: string, n: string, s: string) => `[${ws}] 已收到您的工单 ${n}：${s}`,
    createdBody: (n: string) => `我们已收到您的工单 ${n}，会尽快处理。您可以随时通过下面的链接查看进度或补充信息。`,
    replySubject: (ws: string, n: string) => `[${ws}] 您的工单 ${n} 有新回复`,
    replyBody: (n: string) => `客服回复了您的工单 ${n}：`,
    resolvedSubject: (ws: string, n: string) => `[${ws}] 您的工单 ${n} 已解决`,
    resolvedBody: (n: string, days: number) =>
      days > 0 ? `您的工单 ${n} 已解决。如果问题仍未解决，${days} 天内可以在工单页面重新打开。` : `您的工单 ${n} 已解决。`,
    surveySubject: (ws: string, n: string) => `[${ws}] 请为工单 ${n} 的服务评分`,
    surveyBody: (n: string) => `您的工单 ${n} 已解决。请花一分钟为我们的服务打分（1–5 星），您的意见会帮助我们改进。`,
    surveyButton: '去评分',
    open: '查看工单',
    footer: '这封邮件由系统自动发送。',
  },
  en: {
    signInSubject: (ws: string) => `[${ws}] Sign in to see your tickets`,
    signInBody:
      'Use the link below to sign in and follow or answer your tickets. It works once, for 15 minutes. If you did not ask for it, ignore this mail.',
    signInButton: 'Sign in to my tickets',
    createdSubject: (ws: string, n: string, s: string) => `[${ws}] We received your ticket ${n}: ${s}`,
    createdBody: (n: string) =>
      `We received your ticket ${n} and will handle it soon. Follow its progress or add details at any time with the link below.`,
    replySubject: (ws: string, n: string) => `[${ws}] New reply on your ticket ${n}`,
    replyBody: (n: string) => `Our team replied to your ticket ${n}:`,
    resolvedSubject: (ws: string, n: string) => `[${ws}] Your ticket ${n} is resolved`,
    resolvedBody: (n: string, days: number) =>
      days > 0
        ? `Your ticket ${n} is resolved. If the problem is still there, you can reopen it on the ticket page within ${days} days.`
        : `Your ticket ${n} is resolved.`,
    surveySubject: (ws: string, n: string) => `[${ws}] How did we do on ticket ${n}?`,
    surveyBody: (n: string) => `Your ticket ${n} is resolved. Please take a minute to rate our service (1–5 stars); your answer helps us improve.`,
    surveyButton: 'Rate our service',
    open: 'View the ticket',
    footer: 'This mail was sent automatically.',
  },
} as const;

export type MailWords = (typeof words)[PortalLocale];
export const mailWords = (locale: PortalLocale): MailWords => words[locale];

/** A plain mail: some paragraphs, an optional quoted text, one link. */
export function composeMail(
  to: string,
  subject: string,
  lead: string,
  link: { label: string; url: string },
  quote?: string,
  footer = '',
): CustomerMail {
  const text = [lead, quote ? quote.replace(/^/gm, '> ') : '', `${link.label}: ${link.url}`, footer].filter(Boolean).join('\n\n');
  const quoted: SafeHtml | '' = quote
    ? markup`<blockquote style="border-left:3px solid #ddd;margin:0;padding:0 12px;color:#333">${textParagraphs(quote)}</blockquote>`
    : '';
  const html = markup`<div style="font-family:sans-serif;font-size:15px;line-height:1.6">
<p>${lead}</p>${quoted}
<p><a href="${link.url}" style="display:inline-block;padding:8px 16px;background:#1d4ed8;color:#fff;border-radius:6px;text-decoration:none">${link.label}</a></p>
<p style="color:#666;font-size:13px">${link.url}</p>
<p style="color:#999;font-size:12px">${footer}</p></div>`;
  return { to, subject, text, html: html.toString() };
}

/** Where customer mail comes from: the workspace's first enabled email inbox, else no-reply at Kefu's public host. */
async function senderOf(ctx: AppContext, workspaceId: string, workspaceName: string): Promise<{ name: string; address: string }> {
  const inboxes = await listInboxes(ctx.db, workspaceId);
  const email = inboxes.find((i) => i.channel === 'email' && i.enabled && typeof i.settings.address === 'string');
  if (email) return { name: (email.settings.fromName as string | undefined) ?? workspaceName, address: email.settings.address as string };
  const host = ctx.env.KEFU_PUBLIC_URL ? new URL(ctx.env.KEFU_PUBLIC_URL).hostname : 'localhost';
  return { name: workspaceName, address: `no-reply@${host}` };
}

/**
 * Send through the relay in `KEFU_SMTP_RELAY_URL` (the same relay email
 * replies use); with no relay the mail is kept in the data directory's
 * outbox (`mail-outbox.ts`). A 5xx answer is permanent (no retry); anything
 * else throws so the job retries.
 */
export async function sendCustomerMail(ctx: AppContext, workspace: { id: string; name: string }, mail: CustomerMail): Promise<void> {
  const message = {
    from: await senderOf(ctx, workspace.id, workspace.name),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
  const relay = ctx.env.KEFU_SMTP_RELAY_URL;
  if (!relay) {
    await keepInOutbox(ctx, message);
    return;
  }
  const transport = createTransport({ url: relay, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail(message);
  } catch (err) {
    const code = (err as { responseCode?: number }).responseCode;
    const reason = err instanceof Error ? err.message : String(err);
    throw code && code >= 500 ? new PermanentDeliveryError(`the mail relay refused the mail: ${reason}`) : err;
  } finally {
    transport.close();
  }
}
