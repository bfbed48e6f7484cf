import { afterAll, beforeAll, expect } from 'vitest';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { call, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { receiveMessage } from './receive-message.ts';

export const RULES = '/api/v1/automation/rules';

/** A response body as the tests read it. */
type Body = Awaited<ReturnType<typeof call>>['body'];

/** What the automation tests share: a Kefu with webhooks to private addresses allowed, two workspaces, an API inbox. */
export interface AutomationKit {
  kefu: TestKefu;
  ws: TestWorkspace;
  other: TestWorkspace;
  inbox: InboxRow;
  /** Let listeners and the jobs they queued finish. */
  settle(): Promise<void>;
  createRule(rule: object, token?: string): Promise<{ id: string }>;
  disableAll(): Promise<void>;
  /** A customer message in a new conversation (or `who`'s); returns the conversation id once automation ran. */
  customerWrites(content: string, who?: string): Promise<string>;
  conversation(id: string): Promise<Body>;
  runs(query: string): Promise<Body>;
}

/**
 * Register the suite's set-up and tear-down and return the kit; its fields
 * are filled in `beforeAll`.
 */
export function useAutomationKit(): AutomationKit {
  const kit = {} as AutomationKit;
  beforeAll(async () => {
    const kefu = await buildTestKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '1' });
    const ws = await createTestWorkspace(kefu);
    const other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'app' });
    const inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
    const settle = async () => {
      await kefu.ctx.bus.drain();
      await kefu.drainJobs();
      await kefu.ctx.bus.drain();
    };
    Object.assign(kit, {
      kefu,
      ws,
      other,
      inbox,
      settle,
      async createRule(rule: object, token = ws.tokens.admin) {
        const created = await call(kefu, 'POST', RULES, token, rule);
        expect(created.status, created.raw).toBe(201);
        return created.body as { id: string };
      },
      async disableAll() {
        for (const rule of (await call(kefu, 'GET', RULES, ws.tokens.admin)).body.items) {
          await call(kefu, 'PATCH', `${RULES}/${rule.id}`, ws.tokens.admin, { enabled: false });
        }
      },
      async customerWrites(content: string, who = uniqueTag()) {
        const stored = await receiveMessage(kefu.ctx, inbox, { identity: { kind: 'app', value: who }, message: { sourceId: uniqueTag(), content } });
        await settle();
        return stored.conversation.id;
      },
      conversation: async (id: string) => (await call(kefu, 'GET', `/api/v1/conversations/${id}`, ws.tokens.admin)).body,
      runs: async (query: string) => (await call(kefu, 'GET', `/api/v1/automation/runs?${query}`, ws.tokens.admin)).body.items,
    });
  });
  afterAll(() => kit.kefu?.close());
  return kit;
}
