import type { AppContext } from '../context.ts';
import { isBusinessTime } from '../modules/sla/index.ts';
import { AppError, appError } from '../lib/errors.ts';
import { systemActor } from '../lib/principal.ts';
import { analyzeSentiment } from '../nlu/sentiment.ts';
import { normalizeText } from '../nlu/text.ts';
import { selectSweepConversations, type ActionSpec, type SubjectFacts } from '../modules/automation/index.ts';
import { findSession } from '../modules/bot/index.ts';
import { renderCanned } from '../modules/canned/index.ts';
import { getContact } from '../modules/contacts/index.ts';
import {
  announceMessage,
  conversationPatch,
  getConversation,
  selectLatestCustomerText,
  storeConversationMessage,
  type ConversationRow,
} from '../modules/conversations/index.ts';
import { getInbox } from '../modules/inboxes/index.ts';
import { transferConversation } from '../modules/routing/index.ts';
import { changeConversation, replyToConversation } from './conversation-actions.ts';
import { fillTemplate } from './automation-actions.ts';
import type { EventFacts, SubjectAdapter } from './automation-run.ts';

/** Conversation column names in `conversation.updated` changes → the condition fields they are. */
const CHANGE_FIELDS: Record<string, string> = { assigneeId: 'assignee', teamId: 'team' };
const RISK_RANK = { none: 0, low: 1, high: 2 } as const;
type Risk = keyof typeof RISK_RANK;

/** How many open conversations one sweep of a workspace looks at. */
const SWEEP_LIMIT = 500;

/** The bot's emotion on the conversation: this message's sentiment when there is one, else what the bot recorded last. */
async function emotionOf(ctx: AppContext, conversation: ConversationRow, messageText: string | undefined) {
  const session = await findSession(ctx.db, conversation.workspaceId, conversation.id);
  const stored = (session?.state as { emotion?: { label?: string; complaintRisk?: Risk } } | undefined)?.emotion;
  if (!messageText) return { emotion: stored?.label ?? null, risk: stored?.complaintRisk ?? null };
  const now = analyzeSentiment({ text: messageText, normalized: normalizeText(messageText), tokens: [] });
  const risk = stored?.complaintRisk && RISK_RANK[stored.complaintRisk] > RISK_RANK[now.complaintRisk] ? stored.complaintRisk : now.complaintRisk;
  return { emotion: now.label, risk };
}

/** Fields read from the conversation row alone (`only` without these, nor an inbox, contact or emotion field, skips that read). */
const ROW_FIELDS = ['status', 'priority', 'team', 'assignee', 'labels', 'inbox', 'subject', 'created_at', 'updated_at', 'last_message_at'];

async function loadConversation(
  ctx: AppContext,
  workspaceId: string,
  id: string,
  event: EventFacts,
  only?: ReadonlySet<string>,
): Promise<SubjectFacts | null> {
  const wants = (...fields: string[]) => !only || fields.some((f) => only.has(f));
  const changes = (event.changes ?? []).map((c) => CHANGE_FIELDS[c] ?? c);
  const needsText = wants('message.text') && event.messageText === undefined;
  // Only the message's own text asked for: judged without a read.
  if (
    !wants(
      ...ROW_FIELDS,
      'inbox.name',
      'channel',
      'emotion',
      'complaint_risk',
      'contact.id',
      'contact.name',
      'contact.email',
      'contact.tier',
      'business_hours',
    ) &&
    !needsText
  ) {
    return { type: 'conversation', id, workspaceId, fields: { 'message.text': event.messageText ?? '' }, changes };
  }
  const conversation = await getConversation(ctx.db, workspaceId, id).catch((err: unknown) =>
    err instanceof AppError && err.code === 'not_found' ? null : Promise.reject(err),
  );
  if (!conversation) return null;
  const [inbox, contact, latest, feeling, businessHours] = await Promise.all([
    wants('inbox.name', 'channel') ? getInbox(ctx.db, workspaceId, conversation.inboxId) : null,
    wants('contact.id', 'contact.name', 'contact.email', 'contact.tier')
      ? getContact(ctx.db, workspaceId, conversation.contactId).then((c) => c.contact)
      : null,
    event.messageText === undefined ? (needsText ? selectLatestCustomerText(ctx.db, workspaceId, id) : null) : event.messageText,
    wants('emotion', 'complaint_risk') ? emotionOf(ctx, conversation, event.messageText) : null,
    wants('business_hours') ? isBusinessTime(ctx, workspaceId, new Date()) : null,
  ]);
  const attributes = (contact?.attributes ?? {}) as Record<string, unknown>;
  return {
    type: 'conversation',
    id,
    workspaceId,
    fields: {
      status: conversation.status,
      priority: conversation.priority,
      team: conversation.teamId,
      assignee: conversation.assigneeId,
      labels: conversation.labels,
      inbox: conversation.inboxId,
      subject: conversation.subject,
      category: null,
      'message.text': latest ?? '',
      created_at: conversation.createdAt,
      updated_at: conversation.updatedAt,
      last_message_at: conversation.lastMessageAt,
      ...(inbox && { 'inbox.name': inbox.name, channel: inbox.channel }),
      ...(feeling && { emotion: feeling.emotion, complaint_risk: feeling.risk }),
      ...(contact && {
        'contact.id': contact.id,
        'contact.name': contact.name,
        'contact.email': contact.email,
        'contact.tier': attributes.tier ?? attributes.level ?? null,
      }),
      ...(businessHours !== null && { business_hours: businessHours }),
    },
    changes,
  };
}

const PATCHABLE = new Set(['status', 'priority']);

/** Apply a conversation's own actions through the same flows people use (routing, the reply path); each is audited as `system`. */
async function applyToConversation(ctx: AppContext, facts: SubjectFacts, action: ActionSpec): Promise<string | undefined> {
  const actor = systemActor(facts.workspaceId);
  const labels = (facts.fields.labels as string[] | undefined) ?? [];
  switch (action.type) {
    case 'assign':
      await transferConversation(ctx, actor, facts.id, { assigneeId: action.userId });
      return action.userId;
    case 'assign_team':
      await transferConversation(ctx, actor, facts.id, { teamId: action.teamId });
      return action.teamId;
    case 'assign_round_robin':
      await changeConversation(ctx, actor, facts.id, { assigneeId: null, status: 'open' });
      return 'queued for routing';
    case 'set_field':
      return setField(ctx, facts, action.field, action.value);
    case 'add_label':
      if (!labels.includes(action.label)) await changeConversation(ctx, actor, facts.id, { labels: [...labels, action.label] });
      return action.label;
    case 'remove_label':
      if (labels.includes(action.label)) await changeConversation(ctx, actor, facts.id, { labels: labels.filter((l) => l !== action.label) });
      return action.label;
    case 'send_canned': {
      const { content } = await renderCanned(ctx, actor.principal, action.cannedId, { conversationId: facts.id });
      const { message } = await replyToConversation(ctx, actor, facts.id, { content, private: false, attachmentIds: [], mentionedUserIds: [] });
      return message.id;
    }
    case 'add_note': {
      const { message } = await replyToConversation(ctx, actor, facts.id, {
        content: fillTemplate(action.text, facts),
        private: true,
        attachmentIds: [],
        mentionedUserIds: [],
      });
      return message.id;
    }
    default:
      throw appError('bad_request', { action: action.type });
  }
}

async function setField(ctx: AppContext, facts: SubjectFacts, field: string, value: unknown): Promise<string> {
  const actor = systemActor(facts.workspaceId);
  if (field === 'team') {
    if (typeof value !== 'string') throw new Error('team takes a team id');
    await transferConversation(ctx, actor, facts.id, { teamId: value });
  } else if (PATCHABLE.has(field)) {
    await changeConversation(ctx, actor, facts.id, conversationPatch.parse({ [field]: value }));
  } else {
    throw new Error(`conversations have no field ${field} (custom fields are on tickets)`);
  }
  return `${field} = ${String(value)}`;
}

/**
 * The "rules that ran" line on the conversation's timeline: an activity line
 * `⚡ <rule> (<action>: <detail>; …)` carrying `automation: { ruleId, runId }`,
 * announced live like any other line.
 */
async function recordConversationRun(ctx: AppContext, facts: SubjectFacts, run: Parameters<NonNullable<SubjectAdapter['recordRun']>>[2]) {
  const did = run.actions.map((a) => `${a.outcome === 'ok' ? '' : '✗ '}${a.type}${a.detail && a.outcome === 'ok' ? `: ${a.detail}` : ''}`);
  const stored = await ctx.db.transaction(async (tx) => {
    const conversation = await getConversation(tx, facts.workspaceId, facts.id);
    const { message } = await storeConversationMessage(tx, conversation, {
      type: 'activity',
      senderType: 'system',
      senderId: null,
      content: `⚡ ${run.ruleName} (${did.join('; ')})`.slice(0, 1000),
      contentAttributes: { automation: { ruleId: run.ruleId, runId: run.runId, ruleName: run.ruleName } },
    });
    return { conversation, message };
  });
  announceMessage(ctx, stored);
}

/** The conversation subject: facts from the conversation, its inbox, contact and bot session; actions through the usual flows. */
export const conversationAdapter: SubjectAdapter = {
  type: 'conversation',
  load: loadConversation,
  apply: (ctx, facts, action) => applyToConversation(ctx, facts, action),
  sweep: (ctx, workspaceId) => selectSweepConversations(ctx.db, workspaceId, SWEEP_LIMIT),
  recordRun: recordConversationRun,
};
