import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { selectCategories } from './config-repo.ts';
import { insertActivitiesBulk, insertTicketsBulk, takeTicketNumbers } from './repo.ts';
import type { Priority, TicketStatus } from './schema.ts';
import { formatTicketNumber } from './service.ts';

/** A past ticket for a demo workspace's history. */
export interface DemoHistoryTicket {
  subject: string;
  description: string;
  contactId: string;
  categoryId: string | null;
  priority: Priority;
  status: TicketStatus;
  createdAt: Date;
  resolvedAt: Date | null;
}

/**
 * Writes a demo workspace's ticket history in bulk (numbers in creation
 * order, teams by the categories' dispatch rules, a `created` line each and
 * a status line for those resolved or closed). Seeding only: no events.
 */
export async function insertDemoHistory(tx: DbOrTx, workspaceId: string, rows: DemoHistoryTicket[]): Promise<void> {
  const categories = new Map((await selectCategories(tx, workspaceId)).map((c) => [c.id, c]));
  const teamOf = (id: string | null): string | null => {
    for (let node = id ? categories.get(id) : undefined; node; node = node.parentId ? categories.get(node.parentId) : undefined) {
      if (node.teamId) return node.teamId;
    }
    return null;
  };
  const year = new Date().getUTCFullYear();
  const first = await takeTicketNumbers(tx, workspaceId, year, rows.length);
  const tickets = rows.map((r, i) => ({
    workspaceId,
    id: newId('ticket'),
    number: formatTicketNumber(year, first + i),
    subject: r.subject,
    description: r.description,
    contactId: r.contactId,
    categoryId: r.categoryId,
    priority: r.priority,
    status: r.status,
    source: (['portal', 'widget', 'email', 'conversation'] as const)[i % 4]!,
    teamId: teamOf(r.categoryId),
    firstRespondedAt: r.resolvedAt ? new Date(r.createdAt.getTime() + 20 * 60_000) : null,
    resolvedAt: r.resolvedAt,
    closedAt: r.status === 'closed' ? r.resolvedAt : null,
    createdAt: r.createdAt,
    updatedAt: r.resolvedAt ?? r.createdAt,
  }));
  const activities = tickets.flatMap((t) => [
    {
      workspaceId,
      id: newId('ticketActivity'),
      ticketId: t.id,
      kind: 'created' as const,
      actorType: 'contact' as const,
      actorId: t.contactId,
      public: true,
      data: { source: t.source },
      createdAt: t.createdAt,
    },
    ...(t.resolvedAt
      ? [
          {
            workspaceId,
            id: newId('ticketActivity'),
            ticketId: t.id,
            kind: 'change' as const,
            actorType: 'system' as const,
            actorId: null,
            public: true,
            data: { changes: { status: ['open', t.status] } },
            createdAt: t.resolvedAt,
          },
        ]
      : []),
  ]);
  for (let i = 0; i < tickets.length; i += 200) await insertTicketsBulk(tx, tickets.slice(i, i + 200));
  for (let i = 0; i < activities.length; i += 400) await insertActivitiesBulk(tx, activities.slice(i, i + 400));
}
