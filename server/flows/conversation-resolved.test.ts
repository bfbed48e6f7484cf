import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventCatalogue } from '../events/catalogue.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { receiveMessage } from './receive-message.ts';

describe('the satisfaction-survey hook (conversation.resolved)', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let inbox: InboxRow;
  const heard: EventCatalogue['conversation.resolved'][] = [];

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
    kefu.ctx.bus.on('conversation.resolved', ({ payload }) => void heard.push(payload));
  });
  afterAll(() => kefu.close());

  it('fires once per resolution with the channel, the contact and the agent; other changes stay quiet', async () => {
    const { conversation, contactId } = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: 'u-survey' },
      message: { sourceId: 'survey-1', content: '谢谢，已经解决了' },
    });
    const patch = (body: object) => call(kefu, 'PATCH', `/api/v1/conversations/${conversation.id}`, ws.tokens.agent, body);
    await patch({ assigneeId: ws.users.agent.id, priority: 'high' });
    await patch({ status: 'resolved' });
    await patch({ labels: ['closed-happy'] }); // already resolved: no second survey
    await kefu.ctx.bus.drain();
    expect(heard.filter((e) => e.conversation.id === conversation.id)).toEqual([
      expect.objectContaining({ workspaceId: ws.id, channel: 'api', contactId, assigneeId: ws.users.agent.id }),
    ]);

    await patch({ status: 'open' });
    await patch({ status: 'resolved' });
    await kefu.ctx.bus.drain();
    expect(heard.filter((e) => e.conversation.id === conversation.id)).toHaveLength(2);
  });
});
