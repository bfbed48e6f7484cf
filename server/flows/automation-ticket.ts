import type { AppContext } from '../context.ts';
import { isBusinessTime } from '../modules/sla/index.ts';
import { systemActor } from '../lib/principal.ts';
import { selectSweepTickets, selectTicketSubject, type ActionSpec, type SubjectFacts } from '../modules/automation/index.ts';
import { fillVariables, getCanned } from '../modules/canned/index.ts';
import { addStaffActivity, changeTicket, ticketPatch, type TicketActor } from '../modules/tickets/index.ts';
import { fillTemplate } from './automation-actions.ts';
import type { EventFacts, SubjectAdapter } from './automation-run.ts';

/** The ticket fields a rule may change, as the tickets service's patch names them. */
export interface TicketAutomationPatch {
  status?: string;
  priority?: string;
  teamId?: string | null;
  assigneeId?: string | null;
  labels?: string[];
  customFields?: Record<string, unknown>;
}

/**
 * How automation changes tickets. By default the tickets module's
 * `changeTicket` and `addStaffActivity`, as the system (history says
 * `system`); tests may plug in another.
 */
export interface TicketWriter {
  change(ctx: AppContext, workspaceId: string, id: string, patch: TicketAutomationPatch): Promise<void>;
  addActivity(ctx: AppContext, workspaceId: string, id: string, input: { kind: 'reply' | 'note'; body: string }): Promise<string>;
}

const AUTOMATION: TicketActor = { type: 'system', id: null };

const ticketsService: TicketWriter = {
  async change(ctx, workspaceId, id, patch) {
    await changeTicket(ctx, workspaceId, AUTOMATION, id, ticketPatch.parse(patch));
  },
  async addActivity(ctx, workspaceId, id, input) {
    const { activity } = await addStaffActivity(ctx, workspaceId, AUTOMATION, id, { ...input, attachments: [] });
    return activity.id;
  },
};

let writer: TicketWriter = ticketsService;

/** Replace how automation writes tickets (tests); `null` restores the tickets service. */
export function provideTicketWriter(next: TicketWriter | null): void {
  writer = next ?? ticketsService;
}

const ticketWriter = (): TicketWriter => writer;

/** Ticket column names in `ticket.updated` changes → the condition fields they are. */
const CHANGE_FIELDS: Record<string, string> = { assigneeId: 'assignee', teamId: 'team', categoryId: 'category' };
const SWEEP_LIMIT = 500;

async function loadTicket(ctx: AppContext, workspaceId: string, id: string, event: EventFacts): Promise<SubjectFacts | null> {
  const row = await selectTicketSubject(ctx.db, workspaceId, id);
  if (!row) return null;
  const { ticket, category, contact } = row;
  const attributes = (contact?.attributes ?? {}) as Record<string, unknown>;
  const custom = Object.fromEntries(Object.entries(ticket.customFields).map(([k, v]) => [`custom.${k}`, v]));
  const changes = (event.changes ?? []).flatMap((c) =>
    c === 'customFields' ? Object.keys(ticket.customFields).map((k) => `custom.${k}`) : [CHANGE_FIELDS[c] ?? c],
  );
  return {
    type: 'ticket',
    id,
    workspaceId,
    fields: {
      ...custom,
      status: ticket.status,
      priority: ticket.priority,
      team: ticket.teamId,
      assignee: ticket.assigneeId,
      labels: ticket.labels,
      // Matches the category's id, key or either name.
      category: category ? [category.id, category.key, category.name, category.nameEn].filter(Boolean) : null,
      channel: ticket.source,
      subject: ticket.subject,
      number: ticket.number,
      'message.text': event.messageText ?? ticket.description,
      emotion: null,
      complaint_risk: null,
      'contact.id': contact?.id ?? null,
      'contact.name': contact?.name ?? null,
      'contact.email': contact?.email ?? null,
      'contact.tier': attributes.tier ?? attributes.level ?? null,
      business_hours: await isBusinessTime(ctx, workspaceId, new Date(), {
        priority: ticket.priority,
        categoryId: ticket.categoryId,
        tier: typeof attributes.tier === 'string' ? attributes.tier : null,
      }),
      created_at: ticket.createdAt,
      updated_at: ticket.updatedAt,
    },
    changes,
  };
}

async function applyToTicket(ctx: AppContext, facts: SubjectFacts, action: ActionSpec): Promise<string | undefined> {
  const change = (patch: TicketAutomationPatch) => ticketWriter().change(ctx, facts.workspaceId, facts.id, patch);
  const labels = (facts.fields.labels as string[] | undefined) ?? [];
  switch (action.type) {
    case 'assign':
      await change({ assigneeId: action.userId });
      return action.userId;
    case 'assign_team':
      await change({ teamId: action.teamId });
      return action.teamId;
    case 'assign_round_robin':
      await change({ assigneeId: null });
      return 'unassigned in its team';
    case 'set_field': {
      const { field, value } = action;
      if (field.startsWith('custom.')) await change({ customFields: { ...customFields(facts), [field.slice(7)]: value } });
      else if (field === 'team') await change({ teamId: value === null ? null : String(value) });
      else await change({ [field]: value });
      return `${field} = ${String(value)}`;
    }
    case 'add_label':
      if (!labels.includes(action.label)) await change({ labels: [...labels, action.label] });
      return action.label;
    case 'remove_label':
      if (labels.includes(action.label)) await change({ labels: labels.filter((l) => l !== action.label) });
      return action.label;
    case 'send_canned': {
      const canned = await getCanned(ctx.db, systemActor(facts.workspaceId).principal, action.cannedId);
      const text = canned.content['zh-CN'] ?? canned.content.en ?? '';
      const body = fillVariables(text, { 'contact.name': facts.fields['contact.name'] as string | null, 'conversation.id': facts.id });
      return ticketWriter().addActivity(ctx, facts.workspaceId, facts.id, { kind: 'reply', body });
    }
    case 'add_note':
      return ticketWriter().addActivity(ctx, facts.workspaceId, facts.id, { kind: 'note', body: fillTemplate(action.text, facts) });
    default:
      throw new Error(`${action.type} is not a ticket action`);
  }
}

const customFields = (facts: SubjectFacts) =>
  Object.fromEntries(
    Object.entries(facts.fields)
      .filter(([k]) => k.startsWith('custom.'))
      .map(([k, v]) => [k.slice(7), v]),
  );

/** The ticket subject: facts read here; changes through the tickets service. */
export const ticketAdapter: SubjectAdapter = {
  type: 'ticket',
  load: loadTicket,
  apply: (ctx, facts, action) => applyToTicket(ctx, facts, action),
  sweep: (ctx, workspaceId) => selectSweepTickets(ctx.db, workspaceId, SWEEP_LIMIT),
};
