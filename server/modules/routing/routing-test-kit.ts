import { expect } from 'vitest';
import { buildInvitedUser, call, uniqueTag } from '../../test/factories.ts';
import type { TestKefu, TestWorkspace } from '../../test/harness.ts';
import type { EventCatalogue } from '../../events/catalogue.ts';
import { resolveContact } from '../contacts/index.ts';
import { announceMessage, storeIncomingMessage } from '../conversations/index.ts';
import { getInbox, type InboxRow } from '../inboxes/index.ts';

/** Factories for routing tests, on top of test/factories.ts; everything through the HTTP API unless noted. */

export interface TestAgent {
  id: string;
  token: string;
}

/** An agent-role user with a routing profile (skills, capacity), offline until told otherwise. */
export async function buildAgent(kefu: TestKefu, ws: TestWorkspace, profile: { skills?: string[]; capacity?: number } = {}): Promise<TestAgent> {
  const user = await buildInvitedUser(kefu, ws.tokens.admin, ws.roles.agent.id);
  const res = await call(kefu, 'PATCH', `/api/v1/routing/agents/${user.id}`, ws.tokens.admin, { skills: [], capacity: 3, ...profile });
  expect(res.status, res.raw).toBe(200);
  return { id: user.id, token: user.token };
}

export async function setPresence(kefu: TestKefu, agent: TestAgent, presence: 'online' | 'away' | 'offline') {
  const res = await call(kefu, 'PUT', '/api/v1/routing/me/presence', agent.token, { presence });
  expect(res.status, res.raw).toBe(200);
  return res.body as { presence: string; activeCount: number; capacity: number };
}

/** An API-channel inbox without the bot: its conversations open straight for people. */
export async function buildInbox(kefu: TestKefu, ws: TestWorkspace, rule?: { teamId?: string | null; skills?: string[] }): Promise<InboxRow> {
  const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: `App ${uniqueTag()}` });
  expect(res.status, res.raw).toBe(201);
  if (rule) expect((await call(kefu, 'PUT', `/api/v1/routing/rules/${res.body.id}`, ws.tokens.admin, rule)).status).toBe(200);
  return getInbox(kefu.ctx.db, ws.id, res.body.id);
}

/**
 * A new customer writes in: a new open conversation, stored and announced
 * the way a channel's inbound message is (flows/receive-message.ts), so the
 * routing listeners see it. Returns its id once routing has settled.
 */
export async function customerWrites(kefu: TestKefu, inbox: InboxRow, text = '请帮我看看订单'): Promise<string> {
  const tag = uniqueTag();
  const stored = await kefu.ctx.db.transaction(async (tx) => {
    const contact = await resolveContact(tx, inbox.workspaceId, { kind: 'app', value: `c-${tag}` });
    const message = { sourceId: tag, content: text };
    return storeIncomingMessage(tx, { workspaceId: inbox.workspaceId, inboxId: inbox.id, contactId: contact.id, initialStatus: 'open', message });
  });
  announceMessage(kefu.ctx, stored);
  await kefu.ctx.bus.drain();
  return stored.conversation.id;
}

export async function conversation(kefu: TestKefu, token: string, id: string) {
  const res = await call(kefu, 'GET', `/api/v1/conversations/${id}`, token);
  expect(res.status, res.raw).toBe(200);
  return res.body as { id: string; status: string; assigneeId: string | null; teamId: string | null; priority: string };
}

export async function queue(kefu: TestKefu, token: string) {
  const res = await call(kefu, 'GET', '/api/v1/routing/queue', token);
  expect(res.status, res.raw).toBe(200);
  return res.body.items as { conversationId: string; position: number; expectedWaitSeconds: number; teamId: string | null; skills: string[] }[];
}

/** Every event of one kind the bus carries for one workspace, from now on. */
export function recordEvents<N extends keyof EventCatalogue>(kefu: TestKefu, name: N, workspaceId: string): EventCatalogue[N][] {
  const seen: EventCatalogue[N][] = [];
  kefu.ctx.bus.on(name, ({ payload }) => {
    if ((payload as { workspaceId?: string }).workspaceId === workspaceId) seen.push(payload);
  });
  return seen;
}
