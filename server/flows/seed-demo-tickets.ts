import type { AppContext } from '../context.ts';
import { systemActor } from '../lib/principal.ts';
import { resolveContact, type ContactRow } from '../modules/contacts/index.ts';
import { createTeam } from '../modules/routing/index.ts';
import { putIntakeSettings } from '../modules/ticket-intake/index.ts';
import { findUserByEmail } from '../modules/users/index.ts';
import { insertDemoHistory, listCategories, seedCategoryTree, trainTicketClassifierNow, type DemoHistoryTicket } from '../modules/tickets/index.ts';
import { findWorkspaceBySlug } from '../modules/workspaces/index.ts';
import { loadDemoTickets, loadTicketCategories } from '../nlu/ticket-demo-data.ts';
import { subjectFrom } from './ticket-from-conversation.ts';

/** The teams the demo category tree dispatches to (its `team` keys), with the skills they bring. */
const DEMO_TEAMS: { key: string; name: string; skills: string[] }[] = [
  { key: 'after_sales', name: '售后组 After-sales', skills: ['售后'] },
  { key: 'logistics', name: '物流组 Delivery', skills: ['物流'] },
  { key: 'billing', name: '财务组 Payments', skills: ['支付'] },
  { key: 'account', name: '账户组 Accounts', skills: ['账户'] },
  { key: 'security', name: '安全组 Security', skills: ['安全'] },
  { key: 'presales', name: '售前组 Pre-sales', skills: ['售前'] },
  { key: 'complaints', name: '投诉组 Complaints', skills: ['投诉'] },
  { key: 'quality', name: '质检组 Quality', skills: ['质量'] },
];

/** How many of the labelled demo tickets become the demo workspace's history (the rest stay evaluation data). */
const HISTORY = 600;
/** The newest few stay open, so the ticket list has work in it. */
const ACTIVE = 12;

const DEMO_CUSTOMERS = ['王芳', '李强', '张伟', '刘洋', '陈静', 'Emily Carter', 'James Miller', 'Sophie Wang', '赵磊', '孙丽', 'Daniel Kim', '周敏'];

/**
 * The demo workspace's ticket desk, once: teams for the category tree's
 * dispatch rules (the demo agent in each), the bilingual category tree
 * (server/demo/ticket-categories.json), and 600 past tickets from the
 * labelled demo set — most resolved or closed, the newest twelve still
 * open — so the list has history and the classifier has something to learn.
 */
export async function ensureDemoTickets(ctx: AppContext, slug: string): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, slug);
  if (!workspace || (await listCategories(ctx.db, workspace.id)).length > 0) return;
  const actor = systemActor(workspace.id);
  const agent = await findUserByEmail(ctx.db, workspace.id, 'agent@demo.kefu.local');
  const teamIds: Record<string, string> = {};
  for (const team of DEMO_TEAMS) {
    teamIds[team.key] = (await createTeam(ctx, actor, { name: team.name, memberIds: agent ? [agent.id] : [], skills: team.skills })).id;
  }
  const tickets = loadDemoTickets()
    .filter((_, i) => i % 2 === 0)
    .slice(0, HISTORY);
  const categoryIds = await ctx.db.transaction(async (tx) => {
    const categoryIds = await seedCategoryTree(tx, workspace.id, loadTicketCategories(), teamIds);
    const contacts: ContactRow[] = [];
    for (const [i, name] of DEMO_CUSTOMERS.entries()) {
      contacts.push(await resolveContact(tx, workspace.id, { kind: 'email', value: `customer${i + 1}@demo.kefu.local` }, { name }));
    }
    const now = Date.now();
    const history: DemoHistoryTicket[] = tickets.map((t, i) => {
      const [subject, ...rest] = t.text.split('\n');
      const age = (tickets.length - i) * 3 * 3600_000; // one every three hours, oldest first
      const active = i >= tickets.length - ACTIVE;
      return {
        subject: subjectFrom(subject ?? t.text),
        description: rest.join('\n').trim() || t.text,
        contactId: contacts[i % contacts.length]!.id,
        categoryId: categoryIds.get(t.category.join('/')) ?? null,
        priority: t.priority,
        status: active ? (['new', 'open', 'pending_customer'] as const)[i % 3]! : i % 5 === 0 ? 'resolved' : 'closed',
        createdAt: new Date(now - age),
        resolvedAt: active ? null : new Date(now - age + 5 * 3600_000),
      };
    });
    await insertDemoHistory(tx, workspace.id, history);
    return categoryIds;
  });
  // Which intents call for a ticket: a complaint (and the complain intent's handoff) files one under 投诉, a completed return under 退货.
  const complaints = categoryIds.get('feedback/complaint');
  const returns = categoryIds.get('after_sales/returns/return_request');
  await putIntakeSettings(ctx, actor, {
    intentCategories: {
      ...(complaints ? { complaint: complaints, complain: complaints } : {}),
      ...(returns ? { return_request: returns } : {}),
    },
  });
  // Train now, so the first ticket a visitor files is already classified.
  void trainTicketClassifierNow(ctx, workspace.id);
}
