import { expect } from 'vitest';
import { createWidgetInbox } from '../channels/widget/test-client.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { installDemoBot } from './seed-demo.ts';

/** A listening Kefu with a fresh workspace whose widget inbox the demo bot answers (content loaded, not yet trained). */
export async function startDemoBotWidget(): Promise<{ kefu: TestKefu; ws: TestWorkspace; baseUrl: string; inboxId: string }> {
  const kefu = await buildTestKefu();
  const ws = await createTestWorkspace(kefu);
  const baseUrl = await listenTestKefu(kefu);
  const inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
  expect((await call(kefu, 'PATCH', `/api/v1/inboxes/${inboxId}`, ws.tokens.admin, { botEnabled: true })).status).toBe(200);
  await installDemoBot(kefu.ctx, ws.id);
  return { kefu, ws, baseUrl, inboxId };
}
