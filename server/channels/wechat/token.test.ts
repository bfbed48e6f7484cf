import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, uniqueTag } from '../../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../../test/harness.ts';
import { sendCustomMessage, WechatApiError, type WechatAccount } from './api.ts';
import { startFakeWechatApi, type FakeWechatApi } from './test-kit.ts';

/** Two Kefu nodes (each its own context and connection pool) on one database, and WeChat's API faked locally. */
let wechat: FakeWechatApi;
let nodeA: TestKefu;
let nodeB: TestKefu;
let ws: TestWorkspace;

beforeAll(async () => {
  wechat = await startFakeWechatApi();
  nodeA = await buildTestKefu();
  nodeB = await buildTestKefu();
  ws = await createTestWorkspace(nodeA);
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await wechat?.close();
});

const newAccount = (): WechatAccount => ({
  workspaceId: ws.id,
  appId: `wx${uniqueTag()}${uniqueTag()}`,
  appSecret: `secret-${uniqueTag()}`,
  apiBaseUrl: wechat.baseUrl,
});

/** `count` text messages sent at once, alternating between the two nodes. */
function sendFromBothNodes(account: WechatAccount, count: number, tag = uniqueTag()) {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      sendCustomMessage((i % 2 ? nodeB : nodeA).ctx.db, account, { touser: `o_${tag}_${i}`, msgtype: 'text', text: { content: `m${i}` } }),
    ),
  );
}

const tokenFetches = (account: WechatAccount) => wechat.state.tokenRequests.get(account.appId) ?? 0;
const sendsOf = (account: WechatAccount) => wechat.state.sends.filter((s) => s.appId === account.appId);

describe('the WeChat access_token, shared by every node through PostgreSQL', () => {
  it('two nodes sending at once fetch one token between them, and every message goes out with it', async () => {
    const account = newAccount();
    await sendFromBothNodes(account, 8);
    expect(tokenFetches(account)).toBe(1);
    expect(sendsOf(account)).toHaveLength(8);
    expect(new Set(sendsOf(account).map((s) => s.token)).size).toBe(1);

    await sendFromBothNodes(account, 4);
    expect(tokenFetches(account)).toBe(1);
  });

  it('a token WeChat refuses (40001) is replaced once for all nodes, and each refused send is retried', async () => {
    const account = newAccount();
    await sendFromBothNodes(account, 2);
    wechat.rotateToken(account.appId); // another system fetched a token: the stored one is no longer valid
    const tag = uniqueTag();
    await sendFromBothNodes(account, 6, tag);

    expect(tokenFetches(account)).toBe(2);
    const retried = sendsOf(account).filter((s) => s.body.touser.startsWith(`o_${tag}_`));
    expect(retried.map((s) => s.body.touser).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `o_${tag}_${i}`).sort());
    expect(new Set(retried.map((s) => s.token)).size).toBe(1);
    const [stored] = await sql<{ access_token: string }>(nodeB, 'select access_token from wechat_access_tokens where app_id = $1', [account.appId]);
    expect(retried[0]!.token).toBe(stored!.access_token);
  });

  it('an expired-token answer (42001) fetches a new token once and retries the message once', async () => {
    const account = newAccount();
    await sendFromBothNodes(account, 1);
    const openId = `o_${uniqueTag()}`;
    wechat.state.failNext.set(openId, [42001]);
    await sendCustomMessage(nodeB.ctx.db, account, { touser: openId, msgtype: 'text', text: { content: '您好' } });
    expect(tokenFetches(account)).toBe(2);
    expect(sendsOf(account).filter((s) => s.body.touser === openId)).toHaveLength(1);
  });

  it('gives up after one retry when WeChat refuses the new token too', async () => {
    const account = newAccount();
    const openId = `o_${uniqueTag()}`;
    wechat.state.failNext.set(openId, [40001, 40001]);
    await expect(sendCustomMessage(nodeA.ctx.db, account, { touser: openId, msgtype: 'text', text: { content: 'x' } })).rejects.toMatchObject({
      errcode: 40001,
    });
    expect(tokenFetches(account)).toBe(2);
  });

  it('fetches again, once, when the stored token is about to expire', async () => {
    const account = newAccount();
    await sendFromBothNodes(account, 1);
    await sql(nodeA, `update wechat_access_tokens set expires_at = now() - interval '1 second' where workspace_id = $1 and app_id = $2`, [
      ws.id,
      account.appId,
    ]);
    await sendFromBothNodes(account, 6);
    expect(tokenFetches(account)).toBe(2);
  });

  it('does not hand a token to a caller with another AppSecret, and stores nothing for a wrong one', async () => {
    const account = newAccount();
    await sendFromBothNodes(account, 1);
    const wrong = { ...account, appSecret: 'not-the-secret' };
    const refused = sendCustomMessage(nodeB.ctx.db, wrong, { touser: 'o_x', msgtype: 'text', text: { content: 'x' } });
    await expect(refused).rejects.toBeInstanceOf(WechatApiError);
    await expect(refused).rejects.toMatchObject({ errcode: 40125, endpoint: 'cgi-bin/token' });
    await sendFromBothNodes(account, 2);
    expect(tokenFetches(account)).toBe(1);
  });
});
