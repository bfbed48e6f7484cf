import { createTransport } from 'nodemailer';
import type { AppContext } from '../context.ts';
import { newId } from '../lib/ids.ts';
import { type ActionSpec, type AutomationRuleRow, type SubjectFacts } from '../modules/automation/index.ts';
import { announceTask, createTask } from '../modules/tasks/index.ts';
import { judgeAnswer, postWebhook, signWebhook } from '../modules/bot/index.ts';
import { maskForSurface } from '../modules/pii/index.ts';

/**
 * Fill `{{field}}` placeholders from the subject's facts: any condition field
 * (`{{status}}`, `{{priority}}`, `{{message.text}}`) plus `{{contact.name}}`,
 * `{{contact.email}}` and `{{subject.id}}`. Unknown placeholders become empty.
 *
 * @example fillTemplate('{{contact.name}}: {{priority}}', facts) // '张三: urgent'
 */
export function fillTemplate(template: string, facts: SubjectFacts): string {
  return template.replace(/\{\{\s*([a-z0-9_.]+)\s*\}\}/gi, (_, key: string) => {
    const value = key === 'subject.id' || key === `${facts.type}.id` ? facts.id : facts.fields[key];
    if (value === null || value === undefined) return '';
    if (value instanceof Date) return value.toISOString();
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/**
 * The actions every subject has in common — email, webhook, task — applied
 * here; `null` for the subject's own actions (the adapter applies those).
 * Resolves to a line for the log; throws when the action failed.
 */
export async function applyCommonAction(ctx: AppContext, facts: SubjectFacts, action: ActionSpec, rule: AutomationRuleRow): Promise<string | null> {
  switch (action.type) {
    case 'send_email':
      return sendRuleEmail(ctx, facts, action);
    case 'webhook':
      return postRuleWebhook(ctx, facts, action, rule);
    case 'create_task':
      return createRuleTask(ctx, facts, action, rule);
    default:
      return null;
  }
}

async function sendRuleEmail(ctx: AppContext, facts: SubjectFacts, action: Extract<ActionSpec, { type: 'send_email' }>): Promise<string> {
  const relay = ctx.env.KEFU_SMTP_RELAY_URL;
  if (!relay) throw new Error('no mail relay configured: set KEFU_SMTP_RELAY_URL');
  const to = action.to === 'contact' ? facts.fields['contact.email'] : action.to;
  if (typeof to !== 'string' || !to) throw new Error('the contact has no email address');
  const from = ctx.env.KEFU_ADMIN_EMAIL ?? `kefu@${new URL(ctx.env.KEFU_PUBLIC_URL ?? 'http://localhost').hostname}`;
  const transport = createTransport({ url: relay, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail({ from, to, subject: fillTemplate(action.subject, facts), text: fillTemplate(action.body, facts) });
  } finally {
    transport.close();
  }
  return `sent to ${to}`;
}

/** POST the subject's facts as JSON, signed like every Kefu webhook (`X-Kefu-Signature: sha256=…` of `<timestamp>.<body>`). */
async function postRuleWebhook(
  ctx: AppContext,
  facts: SubjectFacts,
  action: Extract<ActionSpec, { type: 'webhook' }>,
  rule: AutomationRuleRow,
): Promise<string> {
  // Masked unless the workspace's webhooks policy says clear (docs/masking.md).
  const fields = await maskForSurface(ctx.db, facts.workspaceId, 'webhooks', publicFields(facts));
  const body = JSON.stringify({
    event: 'automation.rule_matched',
    rule: { id: rule.id, name: rule.name },
    subject: { type: facts.type, id: facts.id, workspaceId: facts.workspaceId, ...fields },
    sentAt: new Date().toISOString(),
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'user-agent': 'Kefu',
    'x-kefu-timestamp': timestamp,
    'x-kefu-signature': signWebhook(action.secret, timestamp, body),
    'x-kefu-delivery': newId('delivery'),
  };
  const answer = await postWebhook(action.url, body, headers, ctx.env.KEFU_WEBHOOK_ALLOW_PRIVATE);
  const verdict = judgeAnswer(answer);
  if (!verdict.delivered) throw new Error(verdict.error);
  return `HTTP ${answer.status}`;
}

/** The facts a webhook receiver gets: the subject's fields, dates as ISO text. */
function publicFields(facts: SubjectFacts): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts.fields).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}

async function createRuleTask(
  ctx: AppContext,
  facts: SubjectFacts,
  action: Extract<ActionSpec, { type: 'create_task' }>,
  rule: AutomationRuleRow,
): Promise<string> {
  const task = await createTask(ctx.db, facts.workspaceId, {
    title: fillTemplate(action.title, facts),
    body: fillTemplate(action.body, facts),
    source: 'automation',
    dueAt: action.dueInHours ? new Date(Date.now() + action.dueInHours * 3_600_000) : null,
    assigneeId: action.assigneeId ?? null,
    teamId: action.teamId ?? null,
    conversationId: facts.type === 'conversation' ? facts.id : null,
    ticketId: facts.type === 'ticket' ? facts.id : null,
    contactId: typeof facts.fields['contact.id'] === 'string' ? facts.fields['contact.id'] : null,
    data: { ruleId: rule.id, ruleName: rule.name },
  });
  announceTask(ctx, task);
  return task.id;
}
