import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../modules/auth/index.ts';
import { call, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu } from '../test/harness.ts';
import { backfillBeforeServing, reencryptWorkspace } from './encryption.ts';

let kefu: TestKefu;
beforeAll(async () => {
  kefu = await buildTestKefu();
});
afterAll(() => kefu?.close());

/** What the staff member's authenticator app shows now. */
const appCode = (secret: string) => totp(base32Decode(secret), Date.now());
const loginAs = (email: string, password: string) => call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password });

describe('two-factor secrets at rest', () => {
  const rawSecret = async (workspaceId: string, userId: string) =>
    (await sql<{ secret: string }>(kefu, 'select secret from user_two_factor where workspace_id = $1 and user_id = $2', [workspaceId, userId]))[0]!
      .secret;
  /** Sign in with the password and a code from the app; true when a session comes back. */
  const signsInWithCode = async (user: { email: string; password: string }, secret: string) => {
    const step1 = await loginAs(user.email, user.password);
    const done = await call(kefu, 'POST', '/api/v1/auth/login/2fa', undefined, { challenge: step1.body.challenge, code: appCode(secret) });
    return done.status === 200 && typeof done.body.token === 'string';
  };

  it('keeps the TOTP secret sealed in the database, reads clear rows written before sealing, and seals them at boot', async () => {
    const shop = await createTestWorkspace(kefu, 'Sealed Shop');
    const user = shop.users.agent;
    const enrol = await call(kefu, 'POST', '/api/v1/auth/2fa/enrol', shop.tokens.agent);
    const secret = enrol.body.secret as string;
    const pending = await rawSecret(shop.id, user.id);
    expect(pending).toMatch(/^ENC1:/);
    expect(pending).not.toContain(secret);
    expect((await call(kefu, 'POST', '/api/v1/auth/2fa/confirm', shop.tokens.agent, { code: appCode(secret) })).status).toBe(200);
    const dump = JSON.stringify(await sql(kefu, 'select * from user_two_factor where workspace_id = $1', [shop.id]));
    expect(dump).not.toContain(secret);

    // A row as an older version stored it: the secret in clear; sign-in keeps working.
    const forgetStep = () => sql(kefu, 'update user_two_factor set last_step = null where workspace_id = $1 and user_id = $2', [shop.id, user.id]);
    await sql(kefu, 'update user_two_factor set secret = $3 where workspace_id = $1 and user_id = $2', [shop.id, user.id, secret]);
    await forgetStep();
    expect(await signsInWithCode(user, secret)).toBe(true);

    await backfillBeforeServing(kefu.ctx);
    const sealed = await rawSecret(shop.id, user.id);
    expect(sealed).toMatch(/^ENC1:/);
    expect(sealed).not.toContain(secret);
    await forgetStep();
    expect(await signsInWithCode(user, secret)).toBe(true);
  });

  it('moves the secret to the new key when an admin rotates the data key', async () => {
    const shop = await createTestWorkspace(kefu, 'Rotating Shop');
    const user = shop.users.admin;
    const enrol = await call(kefu, 'POST', '/api/v1/auth/2fa/enrol', shop.tokens.admin);
    await call(kefu, 'POST', '/api/v1/auth/2fa/confirm', shop.tokens.admin, { code: appCode(enrol.body.secret) });
    const before = await rawSecret(shop.id, user.id);
    const rotated = await call(kefu, 'POST', '/api/v1/encryption/rotate', shop.tokens.admin);
    expect(rotated.status, rotated.raw).toBe(202);
    await reencryptWorkspace(kefu.ctx, shop.id);
    const after = await rawSecret(shop.id, user.id);
    expect(after.startsWith(`ENC1:${rotated.body.activeKeyId}:`)).toBe(true);
    expect(after).not.toBe(before);
    await sql(kefu, 'update user_two_factor set last_step = null where workspace_id = $1 and user_id = $2', [shop.id, user.id]);
    expect(await signsInWithCode(user, enrol.body.secret)).toBe(true);
  });
});
