import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { createWorkspace } from '../flows/create-workspace.ts';
import { errorCatalogue } from '../lib/errors.ts';
import { bearer, type RoleKey, type TestKefu, type TestWorkspace } from './harness.ts';

/** Small builders for tests, on top of harness.ts. Everything goes through the HTTP API unless noted. */

export const uniqueTag = () => randomBytes(5).toString('hex');
export const testPassword = () => `pw-${uniqueTag()}-secret`;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `app.inject` with an optional bearer token; returns status and parsed JSON body. */
export async function call(kefu: TestKefu, method: Method, url: string, token?: string, payload?: unknown) {
  const res = await kefu.app.inject({
    method,
    url,
    headers: token ? bearer(token) : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  // `json()` is untyped on purpose: tests read whatever shape the endpoint returns.
  return { status: res.statusCode, body: res.body ? res.json() : null, raw: res.body };
}

/** Assert a catalogued error response and return its body. */
export function expectError(res: Awaited<ReturnType<typeof call>>, code: keyof typeof errorCatalogue) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: errorCatalogue[code].status, code });
  expect(res.body.error).toEqual(expect.objectContaining({ message: expect.any(String), requestId: expect.any(String) }));
  return res.body;
}

/** Sign in through the real endpoint; returns the session token. */
export async function login(kefu: TestKefu, email: string, password: string, workspace?: string): Promise<string> {
  const res = await call(kefu, 'POST', '/api/v1/auth/login', undefined, { email, password, ...(workspace ? { workspace } : {}) });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.raw}`);
  return res.body.token as string;
}

/** A workspace whose admin has the given email (to put one email in several workspaces). */
export async function buildWorkspaceWithAdmin(kefu: TestKefu, adminEmail: string, password: string) {
  const tag = uniqueTag();
  const { workspace, roles, admin } = await createWorkspace(kefu.ctx, {
    name: `Shop ${tag}`,
    slug: `shop-${tag}`,
    admin: { email: adminEmail, name: 'Admin', password },
  });
  return { workspace, roles, admin };
}

/** Invite someone as admin and accept the invitation; returns the new user and a session for them. */
export async function buildInvitedUser(kefu: TestKefu, adminToken: string, roleId: string, email = `user-${uniqueTag()}@example.test`) {
  const password = testPassword();
  const invited = await call(kefu, 'POST', '/api/v1/invitations', adminToken, { email, roleId });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.raw}`);
  const accepted = await call(kefu, 'POST', '/api/v1/invitations/accept', undefined, { token: invited.body.token, name: 'Invited', password });
  if (accepted.status !== 201) throw new Error(`accept failed: ${accepted.raw}`);
  return { id: accepted.body.id as string, email, password, token: await login(kefu, email, password) };
}

/** A custom role with exactly these permissions. */
export async function buildRole(kefu: TestKefu, adminToken: string, permissions: string[]) {
  const res = await call(kefu, 'POST', '/api/v1/roles', adminToken, { key: `r_${uniqueTag()}`, name: 'Custom', permissions });
  if (res.status !== 201) throw new Error(`role failed: ${res.raw}`);
  return res.body as { id: string; key: string };
}

/** An API key for a role; returns its id and the one-time token. */
export async function buildApiKey(kefu: TestKefu, adminToken: string, roleId: string) {
  const res = await call(kefu, 'POST', '/api/v1/api-keys', adminToken, { name: `key ${uniqueTag()}`, roleId });
  if (res.status !== 201) throw new Error(`api key failed: ${res.raw}`);
  return { id: res.body.apiKey.id as string, token: res.body.token as string };
}

export interface AuditView {
  id: string;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Audit rows as an admin sees them through the API. */
export async function auditEvents(kefu: TestKefu, adminToken: string, query: Record<string, string> = {}): Promise<AuditView[]> {
  const res = await call(kefu, 'GET', `/api/v1/audit-events?${new URLSearchParams({ limit: '200', ...query })}`, adminToken);
  if (res.status !== 200) throw new Error(`audit list failed: ${res.raw}`);
  return res.body.items as AuditView[];
}

/** Direct SQL, for setting up states the API cannot reach (expired tokens). */
export async function sql<T = Record<string, unknown>>(kefu: TestKefu, text: string, params: unknown[] = []): Promise<T[]> {
  return (await kefu.database.pool.query(text, params)).rows as T[];
}

/**
 * Let a role read the console in clear (masked by default, docs/masking.md),
 * for tests whose subject is something else than masking.
 */
export async function showConsoleInClear(
  kefu: TestKefu,
  ws: TestWorkspace,
  roleKeys: readonly RoleKey[] = ['admin', 'agent', 'operator'],
): Promise<void> {
  const current = (await call(kefu, 'GET', '/api/v1/privacy/settings', ws.tokens.admin)).body;
  const roles = { ...current.policy.console.roles, ...Object.fromEntries(roleKeys.map((key) => [ws.roles[key].id, 'clear'])) };
  const saved = await call(kefu, 'PUT', '/api/v1/privacy/settings', ws.tokens.admin, {
    ...current,
    policy: { ...current.policy, console: { ...current.policy.console, roles } },
  });
  if (saved.status !== 200) throw new Error(`could not set the console policy: ${saved.raw}`);
}
