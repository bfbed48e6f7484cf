import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, buildTestKefu, createTestWorkspace, type RoleKey, type TestKefu, type TestWorkspace } from '../../test/harness.ts';

/**
 * Who may call each route, written down independently of the routes' own
 * declarations. A route missing here (or listed but gone) fails the test, so
 * nobody can add an endpoint without deciding who may use it.
 */
const ALL: RoleKey[] = ['admin', 'agent', 'operator'];
const ADMIN: RoleKey[] = ['admin'];
const AGENTS: RoleKey[] = ['admin', 'agent'];
/** Who edits what the bot knows: admins and operators (运营). */
const CONTENT: RoleKey[] = ['admin', 'operator'];
/** Who configures routing (agents' skills and capacity, teams, rules): admins and operators. */
const ROUTING_ADMINS: RoleKey[] = ['admin', 'operator'];
/** Routes for people only: API keys get 403 whatever their role. */
const PEOPLE_ONLY = new Set([
  'PATCH /api/v1/auth/me',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'GET /api/v1/auth/2fa',
  'POST /api/v1/auth/2fa/enrol',
  'POST /api/v1/auth/2fa/confirm',
  'POST /api/v1/auth/2fa/disable',
  'GET /api/v1/routing/me',
  'PUT /api/v1/routing/me/presence',
  'POST /api/v1/conversations/:id/claim',
  'GET /api/v1/mentions',
  'POST /api/v1/mentions/read',
]);
const expected: Record<string, 'public' | RoleKey[]> = {
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/me': ALL,
  'PATCH /api/v1/auth/me': ALL,
  'POST /api/v1/auth/logout': ALL,
  'POST /api/v1/auth/password': ALL,
  'POST /api/v1/auth/login/2fa': 'public',
  'POST /api/v1/auth/login/2fa/enrol': 'public',
  'POST /api/v1/auth/login/2fa/enrol/confirm': 'public',
  'GET /api/v1/auth/2fa': ALL,
  'POST /api/v1/auth/2fa/enrol': ALL,
  'POST /api/v1/auth/2fa/confirm': ALL,
  'POST /api/v1/auth/2fa/disable': ALL,
  'GET /api/v1/auth/settings': ALL,
  'PUT /api/v1/auth/settings': ADMIN,
  'GET /api/v1/auth/users/:id/lockout': ADMIN,
  'DELETE /api/v1/auth/users/:id/lockout': ADMIN,
  'GET /api/v1/api-keys': ADMIN,
  'POST /api/v1/api-keys': ADMIN,
  'DELETE /api/v1/api-keys/:id': ADMIN,
  'GET /api/v1/workspace': ALL,
  'PATCH /api/v1/workspace': ADMIN,
  'GET /api/v1/encryption': ADMIN,
  'POST /api/v1/encryption/rotate': ADMIN,
  'PATCH /api/v1/encryption/settings': ADMIN,
  'GET /api/v1/users': ALL,
  'GET /api/v1/users/:id': ALL,
  'PATCH /api/v1/users/:id': ADMIN,
  'POST /api/v1/invitations': ADMIN,
  'GET /api/v1/invitations': ADMIN,
  'DELETE /api/v1/invitations/:id': ADMIN,
  'POST /api/v1/invitations/accept': 'public',
  'GET /api/v1/roles': ALL,
  'POST /api/v1/roles': ADMIN,
  'PATCH /api/v1/roles/:id': ADMIN,
  'DELETE /api/v1/roles/:id': ADMIN,
  'GET /api/v1/audit-events': ADMIN,
  'GET /api/v1/contacts': ALL,
  'GET /api/v1/contacts/:id': ALL,
  'PATCH /api/v1/contacts/:id': AGENTS,
  'GET /api/v1/contacts/:id/timeline': ALL,
  'GET /api/v1/contacts/:id/consents': ALL,
  'POST /api/v1/contacts/:id/consents': AGENTS,
  'POST /api/v1/contacts/:id/exports': ADMIN,
  'GET /api/v1/contacts/:id/exports': ADMIN,
  'GET /api/v1/contacts/:id/exports/:exportId/download': ADMIN,
  'POST /api/v1/contacts/:id/erase': ADMIN,
  'GET /api/v1/retention': ADMIN,
  'PUT /api/v1/retention': ADMIN,
  'POST /api/v1/retention/run': ADMIN,
  'POST /api/v1/contacts/:id/merge': AGENTS,
  'GET /api/v1/inboxes': ALL,
  'GET /api/v1/inboxes/:id': ALL,
  'POST /api/v1/inboxes': ADMIN,
  'PATCH /api/v1/inboxes/:id': ADMIN,
  'GET /api/v1/conversations': ALL,
  'GET /api/v1/conversations/:id': ALL,
  'PATCH /api/v1/conversations/:id': AGENTS,
  'GET /api/v1/conversations/:id/messages': ALL,
  'POST /api/v1/conversations/:id/messages': AGENTS,
  'POST /api/v1/conversations/:id/claim': AGENTS,
  'POST /api/v1/conversations/:id/transfer': AGENTS,
  'GET /api/v1/routing/me': ALL,
  'PUT /api/v1/routing/me/presence': ALL,
  'GET /api/v1/routing/agents': ALL,
  'PATCH /api/v1/routing/agents/:userId': ROUTING_ADMINS,
  'GET /api/v1/routing/teams': ALL,
  'POST /api/v1/routing/teams': ROUTING_ADMINS,
  'PATCH /api/v1/routing/teams/:teamId': ROUTING_ADMINS,
  'DELETE /api/v1/routing/teams/:teamId': ROUTING_ADMINS,
  'GET /api/v1/routing/rules': ALL,
  'PUT /api/v1/routing/rules/:inboxId': ROUTING_ADMINS,
  // Automation (automation.manage: admins and operators).
  'GET /api/v1/automation/rules': ROUTING_ADMINS,
  'POST /api/v1/automation/rules': ROUTING_ADMINS,
  'PUT /api/v1/automation/rules/order': ROUTING_ADMINS,
  'GET /api/v1/automation/rules/:id': ROUTING_ADMINS,
  'PATCH /api/v1/automation/rules/:id': ROUTING_ADMINS,
  'DELETE /api/v1/automation/rules/:id': ROUTING_ADMINS,
  'POST /api/v1/automation/rules/:id/test': ROUTING_ADMINS,
  'POST /api/v1/automation/test': ROUTING_ADMINS,
  'GET /api/v1/automation/runs': ROUTING_ADMINS,
  'GET /api/v1/routing/queue': ALL,
  'GET /api/v1/attachments/:id': ALL,
  'POST /api/v1/attachments': AGENTS,
  'GET /api/v1/mentions': ALL,
  'POST /api/v1/mentions/read': ALL,
  'GET /api/v1/realtime': ALL,
  'GET /api/v1/canned-responses': ALL,
  'POST /api/v1/canned-responses': ALL,
  'PATCH /api/v1/canned-responses/:id': ALL,
  'DELETE /api/v1/canned-responses/:id': ALL,
  'POST /api/v1/canned-responses/:id/render': ALL,
  'GET /api/v1/conversations/:id/suggestions': ALL,
  'GET /api/v1/messages/search': ALL,
  'GET /api/v1/knowledge/faqs': ALL,
  'GET /api/v1/knowledge/faqs/:id': ALL,
  'POST /api/v1/knowledge/faqs': CONTENT,
  'PATCH /api/v1/knowledge/faqs/:id': CONTENT,
  'DELETE /api/v1/knowledge/faqs/:id': CONTENT,
  'GET /api/v1/tickets': ALL,
  'POST /api/v1/tickets': AGENTS,
  'GET /api/v1/tickets/:id': ALL,
  'PATCH /api/v1/tickets/:id': AGENTS,
  'POST /api/v1/tickets/:id/activities': AGENTS,
  'POST /api/v1/tickets/:id/merge': AGENTS,
  'POST /api/v1/tickets/:id/split': AGENTS,
  'POST /api/v1/tickets/:id/links': AGENTS,
  'DELETE /api/v1/tickets/:id/links/:otherId': AGENTS,
  'GET /api/v1/conversations/:id/tickets': ALL,
  'POST /api/v1/conversations/:id/tickets': AGENTS,
  'GET /api/v1/ticket-categories': ALL,
  'POST /api/v1/ticket-categories': CONTENT,
  'PATCH /api/v1/ticket-categories/:id': CONTENT,
  'GET /api/v1/ticket-fields': ALL,
  'POST /api/v1/ticket-fields': CONTENT,
  'PATCH /api/v1/ticket-fields/:id': CONTENT,
  'DELETE /api/v1/ticket-fields/:id': CONTENT,
  'GET /api/v1/ticket-intake/settings': ALL,
  'PUT /api/v1/ticket-intake/settings': CONTENT,
  'GET /api/v1/knowledge/gaps': ALL,
  'GET /api/v1/knowledge/gaps/:id': ALL,
  'POST /api/v1/knowledge/gaps/:id/accept': CONTENT,
  'POST /api/v1/knowledge/gaps/:id/reject': CONTENT,
  'POST /api/v1/knowledge/gaps/mine': CONTENT,
  'GET /api/v1/knowledge/articles': ALL,
  'GET /api/v1/knowledge/articles/:id': ALL,
  'POST /api/v1/knowledge/articles': CONTENT,
  'PATCH /api/v1/knowledge/articles/:id': CONTENT,
  'DELETE /api/v1/knowledge/articles/:id': CONTENT,
  'POST /api/v1/knowledge/articles/preview': ALL,
  'POST /api/v1/knowledge/articles/import': CONTENT,
  'POST /api/v1/knowledge/images': CONTENT,
  'GET /api/v1/knowledge/images/:attachmentId': ALL,
  'GET /api/v1/knowledge/images/:workspaceId/:attachmentId': 'public',
  'GET /api/v1/knowledge/graph/catalogue': ALL,
  'GET /api/v1/knowledge/graph/entities': ALL,
  'GET /api/v1/knowledge/graph/entities/:id': ALL,
  'GET /api/v1/knowledge/graph/entities/:id/neighbourhood': ALL,
  'POST /api/v1/knowledge/graph/entities': CONTENT,
  'PATCH /api/v1/knowledge/graph/entities/:id': CONTENT,
  'DELETE /api/v1/knowledge/graph/entities/:id': CONTENT,
  'POST /api/v1/knowledge/graph/relations': CONTENT,
  'DELETE /api/v1/knowledge/graph/relations/:id': CONTENT,
  'POST /api/v1/knowledge/graph/ask': ALL,
  'GET /api/v1/knowledge/faqs/:id/versions': ALL,
  'GET /api/v1/knowledge/faqs/:id/versions/:version': ALL,
  'GET /api/v1/knowledge/faqs/:id/diff': ALL,
  'POST /api/v1/knowledge/faqs/:id/rollback': CONTENT,
  'GET /api/v1/knowledge/faqs/:id/translations': ALL,
  'POST /api/v1/knowledge/faqs/:id/translations': CONTENT,
  'GET /api/v1/knowledge/categories': ALL,
  'POST /api/v1/knowledge/categories/move': CONTENT,
  'POST /api/v1/knowledge/imports/preview': CONTENT,
  'POST /api/v1/knowledge/imports': CONTENT,
  'GET /api/v1/knowledge/exports/faqs': ALL,
  'GET /api/v1/knowledge/exports/articles': ALL,
  'GET /api/v1/bot/intents': ALL,
  'POST /api/v1/bot/intents': CONTENT,
  'PATCH /api/v1/bot/intents/:id': CONTENT,
  'DELETE /api/v1/bot/intents/:id': CONTENT,
  'GET /api/v1/bot/flows': ALL,
  'PUT /api/v1/bot/flows/:name': CONTENT,
  'DELETE /api/v1/bot/flows/:name': CONTENT,
  'GET /api/v1/bot/dictionary': ALL,
  'PUT /api/v1/bot/dictionary': CONTENT,
  'GET /api/v1/bot/requests': ALL,
  'GET /api/v1/bot/requests/:id': ALL,
  'GET /api/v1/bot/webhook-deliveries': ALL,
  'GET /api/v1/bot/webhook-secret': CONTENT,
  'POST /api/v1/bot/webhook-secret/rotate': CONTENT,
  'GET /api/v1/tasks': ALL,
  'GET /api/v1/tasks/counts': ALL,
  'POST /api/v1/tasks': AGENTS,
  'GET /api/v1/tasks/:id': ALL,
  'POST /api/v1/tasks/:id/done': AGENTS,
  'POST /api/v1/tasks/:id/reassign': AGENTS,
  'GET /api/v1/feedback/settings': CONTENT,
  'PUT /api/v1/feedback/settings': CONTENT,
  'GET /api/v1/feedback/responses': ALL,
  'GET /api/v1/feedback/summary': ALL,
  'GET /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token': 'public',
  'POST /api/v1/public/surveys/:token/unsubscribe': 'public',
  'OPTIONS /api/v1/public/surveys/:token': 'public',
  'GET /api/v1/portal/settings': ALL,
  'PUT /api/v1/portal/settings': CONTENT,
  'GET /api/v1/helpcenter/feedback': ALL,
  'GET /api/v1/helpcenter/feedback/comments': ALL,
  'GET /api/v1/public/help/:workspace/search': 'public',
  'GET /api/v1/sla/calendars': ALL,
  'POST /api/v1/sla/calendars': CONTENT,
  'GET /api/v1/sla/calendars/:id': ALL,
  'PATCH /api/v1/sla/calendars/:id': CONTENT,
  'POST /api/v1/sla/calendars/:id/ranges': CONTENT,
  'DELETE /api/v1/sla/calendars/:id': CONTENT,
  'GET /api/v1/sla/policies': ALL,
  'POST /api/v1/sla/policies': CONTENT,
  'GET /api/v1/sla/policies/:id': ALL,
  'PATCH /api/v1/sla/policies/:id': CONTENT,
  'DELETE /api/v1/sla/policies/:id': CONTENT,
  // Privacy (privacy.manage and pii.reveal: admins).
  'GET /api/v1/privacy/settings': ADMIN,
  'PUT /api/v1/privacy/settings': ADMIN,
  'POST /api/v1/privacy/reveal/messages/:id': ADMIN,
  'POST /api/v1/privacy/reveal/contacts/:id': ADMIN,
  'POST /api/v1/privacy/reveal/tickets/:id': ADMIN,
  'POST /api/v1/privacy/reveal/ticket-activities/:id': ADMIN,
};

/** A well-formed id that exists nowhere, for each `:id` route's object kind. */
const PLACEHOLDER_IDS: Record<string, string> = {
  users: 'usr_00000000000000000000000000',
  roles: 'rol_00000000000000000000000000',
  invitations: 'inv_00000000000000000000000000',
  'api-keys': 'key_00000000000000000000000000',
  contacts: 'ctc_00000000000000000000000000',
  messages: 'msg_00000000000000000000000000',
  inboxes: 'inb_00000000000000000000000000',
  conversations: 'conv_00000000000000000000000000',
  attachments: 'att_00000000000000000000000000',
  faqs: 'faq_00000000000000000000000000',
  articles: 'art_00000000000000000000000000',
  entities: 'kge_00000000000000000000000000',
  relations: 'kgr_00000000000000000000000000',
  'canned-responses': 'cnr_00000000000000000000000000',
  gaps: 'gap_00000000000000000000000000',
  intents: 'int_00000000000000000000000000',
  requests: 'req_00000000000000000000000000',
  tickets: 'tkt_00000000000000000000000000',
  tasks: 'task_00000000000000000000000000',
  'ticket-categories': 'tcat_00000000000000000000000000',
  'ticket-fields': 'tfld_00000000000000000000000000',
  'ticket-activities': 'tact_00000000000000000000000000',
  calendars: 'cal_00000000000000000000000000',
  policies: 'slap_00000000000000000000000000',
  rules: 'rule_00000000000000000000000000',
};

function concreteUrl(url: string): string {
  return url
    .replace('/:name', '/no_such_flow')
    .replace('/:otherId', '/tkt_00000000000000000000000001')
    .replace('/:exportId', '/cexp_00000000000000000000000000')
    .replace(/\/([a-z-]+)\/:id/, (_m, kind: string) => {
      const id = PLACEHOLDER_IDS[kind];
      if (!id) throw new Error(`no placeholder id for /${kind}/:id; add one`);
      return `/${kind}/${id}`;
    });
}

describe('every route × every role', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  const apiKeys = {} as Record<RoleKey, string>;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu);
    for (const role of ALL) {
      const res = await kefu.app.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(ws.tokens.admin),
        payload: { name: `${role} key`, roleId: ws.roles[role].id },
      });
      apiKeys[role] = (res.json() as { token: string }).token;
    }
  });
  afterAll(() => kefu.close());

  it('lists exactly the routes the app registers', () => {
    const registered = kefu.app.routeTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(expected).sort());
  });

  it('turns away anonymous callers from every non-public route with 401', async () => {
    for (const route of kefu.app.routeTable) {
      if (expected[`${route.method} ${route.url}`] === 'public') continue;
      const res = await kefu.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), payload: {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json().error.code).toBe('unauthenticated');
    }
  });

  for (const credential of ['session', 'api key'] as const) {
    it(`allows and denies each role by ${credential}`, async () => {
      const checked: string[] = [];
      for (const route of kefu.app.routeTable) {
        const key = `${route.method} ${route.url}`;
        const allowed = expected[key];
        if (allowed === 'public' || allowed === undefined) continue;
        for (const role of ALL) {
          // A fresh session for the routes that end the one they use (logout, password change).
          const token =
            credential === 'api key'
              ? apiKeys[role]
              : !/\/auth\/(logout|password)$/.test(key)
                ? ws.tokens[role]
                : (
                    (
                      await kefu.app.inject({
                        method: 'POST',
                        url: '/api/v1/auth/login',
                        payload: { email: ws.users[role].email, password: ws.users[role].password },
                      })
                    ).json() as { token: string }
                  ).token;
          const res = await kefu.app.inject({ method: route.method as 'GET', url: concreteUrl(route.url), headers: bearer(token), payload: {} });
          const label = `${role} ${credential} → ${key}: ${res.statusCode} ${res.body.slice(0, 120)}`;
          if (allowed.includes(role) && !(credential === 'api key' && PEOPLE_ONLY.has(key))) {
            expect([401, 403], label).not.toContain(res.statusCode);
            expect(res.statusCode, label).toBeLessThan(500);
          } else {
            expect(res.statusCode, label).toBe(403);
            expect(res.json().error.code, label).toBe('forbidden');
          }
          checked.push(label);
        }
      }
      expect(checked.length).toBeGreaterThan(40);
    });
  }
});
