import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { receiveMessage } from '../flows/receive-message.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('agents attach files to replies (POST /api/v1/attachments)', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'App' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
  });
  afterAll(() => kefu.close());

  const upload = (token: string, filename: string, type: string, payload: Buffer) =>
    kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(filename),
        'x-file-type': type,
      },
      payload,
    });

  it('stores the file, a note carries it (the API channel sends no files, so a reply is refused), and the agent downloads the same bytes', async () => {
    const { conversation } = await receiveMessage(kefu.ctx, inbox, {
      identity: { kind: 'app', value: 'u-upload' },
      message: { sourceId: 'upload-1', content: '发票在哪里' },
    });
    const res = await upload(ws.tokens.agent, '发票.png', 'image/png', png);
    expect(res.statusCode, res.body).toBe(201);
    const file = res.json() as { id: string };
    expect(file).toMatchObject({ filename: '发票.png', contentType: 'image/png', size: png.length });

    const sent = await call(kefu, 'POST', `/api/v1/conversations/${conversation.id}/messages`, ws.tokens.agent, {
      content: '客户的发票',
      private: true,
      attachmentIds: [file.id],
    });
    expect(sent.status, sent.raw).toBe(201);
    expect(sent.body.attachments).toEqual([expect.objectContaining({ id: file.id, filename: '发票.png' })]);
    const reply = await call(kefu, 'POST', `/api/v1/conversations/${conversation.id}/messages`, ws.tokens.agent, {
      content: '请查收',
      attachmentIds: [file.id],
    });
    expect(reply.body.error.details[0].message).toBe('this channel cannot send attachments');
    const back = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${file.id}`,
      headers: { authorization: `Bearer ${ws.tokens.agent}` },
    });
    expect(back.rawPayload.equals(png)).toBe(true);
  });

  it('refuses disallowed types, a missing name, and another workspace’s file', async () => {
    const html = await upload(ws.tokens.agent, 'x.html', 'text/html', Buffer.from('<script>1</script>'));
    expect([html.statusCode, html.json().error.code]).toEqual([400, 'validation_failed']);
    const noName = await kefu.app.inject({
      method: 'POST',
      url: '/api/v1/attachments',
      headers: { authorization: `Bearer ${ws.tokens.agent}`, 'content-type': 'application/octet-stream' },
      payload: png,
    });
    expect(noName.statusCode).toBe(400);
    const theirs = (await upload(other.tokens.agent, 'a.png', 'image/png', png)).json() as { id: string };
    const read = await kefu.app.inject({
      method: 'GET',
      url: `/api/v1/attachments/${theirs.id}`,
      headers: { authorization: `Bearer ${ws.tokens.agent}` },
    });
    expect(read.statusCode).toBe(404);
  });

  it('is closed to roles that may not send messages', async () => {
    const res = await upload(ws.tokens.operator, 'a.png', 'image/png', png);
    expect(res.statusCode).toBe(403);
  });
});
