/**
 * The typed event catalogue: every event a module may emit, named
 * `noun.pastVerb`, with its payload. Services emit after their transaction
 * commits; listeners (automation, SLA timers, webhooks, realtime fan-out,
 * analytics) subscribe on the bus. Add new events here first.
 */
import type { ConversationRow, MessageRow } from '../modules/conversations/schema.ts';
import type { ChannelKind } from '../modules/inboxes/schema.ts';
import type { SlaTarget as SlaTargetName } from '../modules/sla/schema.ts';
import type { TaskRow } from '../modules/tasks/schema.ts';
import type { TicketActivityRow, TicketRow } from '../modules/tickets/schema.ts';

export interface EventCatalogue {
  'workspace.created': { workspaceId: string; name: string };
  'workspace.updated': { workspaceId: string; changes: string[] };
  'user.invited': { workspaceId: string; invitationId: string; email: string; acceptToken: string };
  'user.joined': { workspaceId: string; userId: string };
  'user.updated': { workspaceId: string; userId: string; changes: string[] };
  'user.disabled': { workspaceId: string; userId: string };
  'user.logged_in': { workspaceId: string; userId: string; sessionId: string };
  'role.created': { workspaceId: string; roleId: string };
  'role.updated': { workspaceId: string; roleId: string };
  'role.deleted': { workspaceId: string; roleId: string };
  'api_key.created': { workspaceId: string; apiKeyId: string };
  'api_key.revoked': { workspaceId: string; apiKeyId: string };
  'sessions.purged': { count: number };
  'contact.merged': { workspaceId: string; contactId: string; mergedContactId: string };
  /** Conversations were erased or stripped (a contact's erasure, retention): in-memory copies of them must go too. */
  'conversations.erased': { workspaceId: string; contactIds: string[]; conversationIds: string[] };
  'conversation.created': { workspaceId: string; conversation: ConversationRow };
  'conversation.updated': { workspaceId: string; conversation: ConversationRow; changes: string[] };
  'message.created': { workspaceId: string; conversation: ConversationRow; message: MessageRow };
  'message.updated': { workspaceId: string; message: MessageRow };
  /** FAQ items, intents, flows or the dictionary changed: the workspace's bot retrains. */
  'knowledge.changed': { workspaceId: string; what: 'faq' | 'article' | 'intent' | 'flow' | 'dictionary' | 'graph' };
  'bot.handed_off': { workspaceId: string; conversationId: string; reason: string };
  'bot.request_created': { workspaceId: string; requestId: string; kind: string; conversationId: string };
  /** Who has the conversation now (null: back in a team's queue) and why: routing (`auto`), a claim, a transfer, or a person's edit (`manual`). */
  'conversation.assigned': {
    workspaceId: string;
    conversation: ConversationRow;
    assigneeId: string | null;
    previousAssigneeId: string | null;
    reason: 'auto' | 'claim' | 'transfer' | 'manual';
  };
  /** The conversation's place in its team's queue changed; position 0: it left the queue. */
  'conversation.queued': { workspaceId: string; conversationId: string; position: number; expectedWaitSeconds: number };
  'agent.presence_changed': { workspaceId: string; userId: string; presence: 'online' | 'away' | 'offline' };
  /**
   * The conversation became `resolved`, by any path (an agent, an API key, the bot, an automatic close): the hook
   * the satisfaction survey hangs on (docs/console.md). Emitted once per resolution; reopening and resolving again
   * emits it again.
   */
  'conversation.resolved': { workspaceId: string; conversation: ConversationRow; channel: ChannelKind; contactId: string; assigneeId: string | null };
  /** A private note named these colleagues (each hears it on their own console socket). */
  'note.mentioned': { workspaceId: string; conversation: ConversationRow; message: MessageRow; mentionedUserIds: string[]; authorId: string | null };
  'conversation.typing': { workspaceId: string; conversationId: string; who: 'contact' | 'user'; userId?: string; typing: boolean };
  'ticket.created': { workspaceId: string; ticket: TicketRow };
  /** Fields changed (`changes` names them; `previous` holds their old values), status included. */
  'ticket.updated': { workspaceId: string; ticket: TicketRow; changes: string[]; previous: Partial<TicketRow> };
  /** A reply, a customer's reply or a note was added to the ticket. */
  'ticket.activity_added': { workspaceId: string; ticket: TicketRow; activity: TicketActivityRow };
  /** The ticket became `resolved` by any path: the satisfaction survey for tickets hangs on it. */
  'ticket.resolved': { workspaceId: string; ticket: TicketRow };
  'task.created': { workspaceId: string; task: TaskRow };
  /** An SLA target is about to breach (the policy's warning time came); `notify`: the policy asks to alert the assignee and supervisors. */
  'ticket.sla_warning': { workspaceId: string; ticket: TicketRow; target: SlaTargetName; dueAt: string; policyId: string | null; notify: boolean };
  /** An SLA target breached (fired exactly once per target and clock run). */
  'ticket.sla_breached': { workspaceId: string; ticket: TicketRow; target: SlaTargetName; dueAt: string; policyId: string | null; notify: boolean };
}

export type EventName = keyof EventCatalogue;

export interface EventEnvelope<N extends EventName = EventName> {
  name: N;
  payload: EventCatalogue[N];
  occurredAt: string;
}
