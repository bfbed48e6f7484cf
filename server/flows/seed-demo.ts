import type { AppContext } from '../context.ts';
import { pgErrorCode, withAdvisoryLock } from '../db/client.ts';
import { systemActor } from '../lib/principal.ts';
import { randomPassword } from '../lib/secrets.ts';
import { insertIntents, intentRows, replaceDictionary, upsertFlow } from '../modules/bot/index.ts';
import { createInbox, listInboxes, updateInbox } from '../modules/inboxes/index.ts';
import {
  countEntities,
  faqRows,
  graphEntityRows,
  importArticles,
  insertEntities,
  insertFaqs,
  insertRelations,
  listArticles,
  listFaqs,
} from '../modules/knowledge/index.ts';
import { ensureDemoCanned } from '../modules/canned/index.ts';
import { ensureDemoTickets } from './seed-demo-tickets.ts';
import { ensureDemoSla } from '../modules/sla/index.ts';
import { ensureDemoAutomation } from '../modules/automation/index.ts';
import { newId } from '../lib/ids.ts';
import { loadDemoContent } from '../demo/content.ts';
import { readDemoArticles } from '../demo/articles.ts';
import { loadDemoGraph } from '../demo/graph-content.ts';
import { findWorkspaceBySlug } from '../modules/workspaces/index.ts';
import { createWorkspace } from './create-workspace.ts';
import { enableMessageEncryption } from '../modules/encryption/index.ts';

export const DEMO_SLUG = 'demo-shop';
export const DEMO_WIDGET_INBOX_NAME = '网站客服 Website chat';

export interface SeededLogin {
  role: 'admin' | 'agent' | 'operator';
  email: string;
  /** Null when the password came from KEFU_ADMIN_PASSWORD and is not echoed. */
  password: string | null;
}

/**
 * Create the "Demo Shop" workspace on first start. Idempotent: when it
 * exists nothing is touched, so a restart never re-seeds or overwrites —
 * except that a demo workspace seeded before it had a widget inbox gets one.
 * Returns the logins it created (empty when it did nothing).
 */
export async function seedDemoWorkspace(ctx: AppContext): Promise<SeededLogin[]> {
  // Nodes starting together take turns, so the demo gets one workspace and one widget inbox.
  return withAdvisoryLock(ctx.db, SEED_LOCK, async () => {
    const logins = await seedDemoTenant(ctx);
    await ensureDemoWidgetInbox(ctx);
    await ensureDemoBot(ctx);
    await ensureDemoArticles(ctx);
    await ensureDemoGraph(ctx);
    await ensureDemoCanned(ctx, DEMO_SLUG);
    await ensureDemoTickets(ctx, DEMO_SLUG);
    await ensureDemoSla(ctx, DEMO_SLUG);
    await ensureDemoAutomation(ctx, DEMO_SLUG);
    return logins;
  });
}

const SEED_LOCK = 4_711_002;

/** The demo workspace's widget inbox (embedded by the demo page at /demo/widget), created when missing. */
export async function ensureDemoWidgetInbox(ctx: AppContext): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, DEMO_SLUG);
  if (!workspace) return;
  const existing = await listInboxes(ctx.db, workspace.id);
  if (existing.some((inbox) => inbox.channel === 'widget')) return;
  await createInbox(ctx, systemActor(workspace.id), {
    channel: 'widget',
    name: DEMO_WIDGET_INBOX_NAME,
    settings: { greeting: { 'zh-CN': '你好！我是演示商城的智能客服，有什么可以帮您？', en: 'Hi! I’m Demo Shop’s assistant. How can I help?' } },
    botEnabled: true,
  });
}

/**
 * The demo bot's knowledge (FAQ items in zh-CN and en, intents, flows and
 * the domain dictionary from server/demo/), loaded once: a demo workspace
 * that already has FAQ items keeps what it has. Its widget inbox is handed
 * to the bot at the same moment.
 */
export async function ensureDemoBot(ctx: AppContext): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, DEMO_SLUG);
  if (!workspace || (await listFaqs(ctx.db, workspace.id, { limit: 1 })).length > 0) return;
  await installDemoBot(ctx, workspace.id);
  const actor = systemActor(workspace.id);
  for (const inbox of await listInboxes(ctx.db, workspace.id)) {
    if (inbox.channel === 'widget' && !inbox.botEnabled) await updateInbox(ctx, actor, inbox.id, { botEnabled: true });
  }
}

/** Load the demo bot's content (server/demo/) into a workspace, in one transaction; the bot retrains after. */
export async function installDemoBot(ctx: AppContext, workspaceId: string): Promise<void> {
  const content = loadDemoContent();
  await ctx.db.transaction(async (tx) => {
    const faqs = content.faqs.flatMap((item) =>
      (['zh-CN', 'en'] as const).map((locale) => ({
        key: item.key,
        locale,
        question: item[locale].question,
        similar: item[locale].similar,
        answer: item[locale].answer,
        shortAnswer: item[locale].short ?? null,
        category: item.category.map((level) => level[locale]),
        tags: item.tags,
        status: 'published' as const,
      })),
    );
    for (let i = 0; i < faqs.length; i += 200) await insertFaqs(tx, faqRows(workspaceId, faqs.slice(i, i + 200)));
    await insertIntents(
      tx,
      intentRows(
        workspaceId,
        content.intents.map((i) => ({
          name: i.name,
          description: i.description,
          examples: i.examples,
          response: i.response ?? null,
          action: i.action,
        })),
      ),
    );
    for (const flow of content.flows) await upsertFlow(tx, { workspaceId, id: newId('flow'), name: flow.name, definition: flow });
    await replaceDictionary(tx, workspaceId, content.dictionary);
  });
  ctx.bus.emit('knowledge.changed', { workspaceId, what: 'faq' });
}

/** The demo help-center articles (server/demo/articles/), published, when the demo workspace has none. */
export async function ensureDemoArticles(ctx: AppContext): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, DEMO_SLUG);
  if (!workspace || (await listArticles(ctx.db, workspace.id, { limit: 1 })).items.length > 0) return;
  await installDemoArticles(ctx, workspace.id);
}

/** Import the demo articles into a workspace as the Markdown-folder import does (all or nothing); the bot retrains after. */
export async function installDemoArticles(ctx: AppContext, workspaceId: string): Promise<void> {
  await importArticles(ctx, systemActor(workspaceId), { files: readDemoArticles(), locale: 'zh-CN', status: 'published', dryRun: false });
}

/** The demo knowledge graph, when the demo workspace has none. */
export async function ensureDemoGraph(ctx: AppContext): Promise<void> {
  const workspace = await findWorkspaceBySlug(ctx.db, DEMO_SLUG);
  if (workspace) await installDemoGraph(ctx, workspace.id);
}

/** Load the demo knowledge graph (server/demo/graph.json) into a workspace that has none; the bot retrains after. */
export async function installDemoGraph(ctx: AppContext, workspaceId: string): Promise<void> {
  const graph = loadDemoGraph();
  const installed = await ctx.db.transaction(async (tx) => {
    if ((await countEntities(tx, workspaceId)) > 0) return false;
    const rows = graphEntityRows(workspaceId, graph.entities);
    const ids = new Map(graph.entities.map((e, i) => [e.key, rows[i]!.id]));
    await insertEntities(tx, rows);
    await insertRelations(
      tx,
      graph.relations.map((r) => ({ workspaceId, id: newId('graphRelation'), type: r.type, fromId: ids.get(r.from)!, toId: ids.get(r.to)! })),
    );
    return true;
  });
  if (installed) ctx.bus.emit('knowledge.changed', { workspaceId, what: 'graph' });
}

async function seedDemoTenant(ctx: AppContext): Promise<SeededLogin[]> {
  if (await findWorkspaceBySlug(ctx.db, DEMO_SLUG)) return [];
  const adminPassword = ctx.env.KEFU_ADMIN_PASSWORD ?? randomPassword();
  const logins: SeededLogin[] = [
    { role: 'admin', email: ctx.env.KEFU_ADMIN_EMAIL ?? 'admin@demo.kefu.local', password: ctx.env.KEFU_ADMIN_PASSWORD ? null : adminPassword },
    { role: 'agent', email: 'agent@demo.kefu.local', password: randomPassword() },
    { role: 'operator', email: 'operator@demo.kefu.local', password: randomPassword() },
  ];
  const seeded = createWorkspace(ctx, {
    name: 'Demo Shop',
    slug: DEMO_SLUG,
    industry: 'ecommerce',
    defaultLocale: 'zh-CN',
    admin: { email: logins[0]!.email, name: '管理员 Admin', password: adminPassword },
    members: [
      { email: logins[1]!.email, name: '小王 Wang (Agent)', password: logins[1]!.password!, role: 'agent' },
      { email: logins[2]!.email, name: '小李 Li (Operator)', password: logins[2]!.password!, role: 'operator' },
    ],
  });
  try {
    // The demo shows encryption at rest of message content too (new workspaces start with it off).
    await enableMessageEncryption(ctx.db, (await seeded).workspace.id);
  } catch (err) {
    // Another node seeded it a moment ago.
    if (pgErrorCode(err) === '23505') return [];
    throw err;
  }
  return logins;
}
