import type { AppContext } from '../../context.ts';
import { newId } from '../../lib/ids.ts';
import { findWorkspaceBySlug } from '../workspaces/index.ts';
import { insertRules, selectRules } from './repo.ts';
import { ruleCreate, type RuleCreate } from './rules.ts';

/** The demo's example rules: one on (it only labels and raises priority), two to switch on and try. */
export const demoRules: RuleCreate[] = [
  ruleCreate.parse({
    name: '投诉升级 · Complaints go urgent',
    description: 'A customer message that mentions a complaint (投诉, 12315, complaint) becomes urgent and gets the complaint label.',
    trigger: 'message.received',
    conditions: { all: [{ field: 'message.text', op: 'contains', value: ['投诉', '12315', 'complaint'] }] },
    actions: [
      { type: 'set_field', field: 'priority', value: 'urgent' },
      { type: 'add_label', label: 'complaint' },
    ],
  }),
  ruleCreate.parse({
    name: 'VIP 客户优先 · VIP customers first',
    description: 'New conversations of gold or VIP customers (contact attribute `tier`) start at high priority.',
    enabled: false,
    trigger: 'conversation.created',
    conditions: { all: [{ field: 'contact.tier', op: 'in', value: ['gold', 'vip'] }] },
    actions: [
      { type: 'set_field', field: 'priority', value: 'high' },
      { type: 'add_label', label: 'vip' },
    ],
  }),
  ruleCreate.parse({
    name: '待跟进超过 24 小时 · Pending over 24 h',
    description: 'A conversation left pending for a day gets the follow-up label and a note for the team.',
    enabled: false,
    trigger: 'time',
    conditions: {
      all: [
        { field: 'status', op: 'eq', value: 'pending' },
        { field: 'updated_at', op: 'hours_since', value: 24 },
      ],
    },
    actions: [
      { type: 'add_label', label: 'follow-up' },
      { type: 'add_note', text: '已待跟进超过 24 小时，请尽快回复客户。Pending for over 24 h — please follow up.' },
    ],
  }),
];

/** Give the demo workspace its example rules, once (a workspace with rules keeps what it has). */
export async function ensureDemoAutomation(ctx: AppContext, slug: string): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, slug);
  if (!workspace) return;
  await ctx.db.transaction(async (tx) => {
    if ((await selectRules(tx, workspace.id)).length > 0) return;
    await insertRules(
      tx,
      demoRules.map((rule, position) => ({ ...rule, workspaceId: workspace.id, id: newId('automationRule'), position })),
    );
  });
}
