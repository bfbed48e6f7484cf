import { createServer, type IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu, type TestWorkspace } from '../test/harness.ts';
import { getInbox, type InboxRow } from '../modules/inboxes/index.ts';
import { ensureDemoAutomation } from '../modules/automation/index.ts';
import { automationSweepJob } from './automation-events.ts';
import { receiveMessage } from './receive-message.ts';

const RULES = '/api/v1/automation/rules';

describe('automation rules', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let other: TestWorkspace;
  let inbox: InboxRow;

  const settle = async () => {
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    await kefu.ctx.bus.drain();
  };
  const createRule = async (rule: object, token = ws.tokens.admin) => {
    const res = await call(kefu, 'POST', RULES, token, rule);
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: string };
  };
  const disableAll = async () => {
    for (const rule of (await call(kefu, 'GET', RULES, ws.tokens.admin)).body.items) {
      await call(kefu, 'PATCH', `${RULES}/${rule.id}`, ws.tokens.admin, { enabled: false });
    }
  };
  const customerWrites = async (content: string, who = uniqueTag()) => {
    const stored = await receiveMessage(kefu.ctx, inbox, { identity: { kind: 'app', value: who }, message: { sourceId: uniqueTag(), content } });
    await settle();
    return stored.conversation.id;
  };
  const conversation = async (id: string) => (await call(kefu, 'GET', `/api/v1/conversations/${id}`, ws.tokens.admin)).body;
  const runs = async (query: string) => (await call(kefu, 'GET', `/api/v1/automation/runs?${query}`, ws.tokens.admin)).body.items;

  beforeAll(async () => {
    kefu = await buildTestKefu({ KEFU_WEBHOOK_ALLOW_PRIVATE: '1' });
    ws = await createTestWorkspace(kefu);
    other = await createTestWorkspace(kefu, 'Other Shop');
    const res = await call(kefu, 'POST', '/api/v1/inboxes', ws.tokens.admin, { channel: 'api', name: 'app' });
    inbox = await getInbox(kefu.ctx.db, ws.id, res.body.id);
  });
  afterAll(() => kefu.close());

  it('turns a complaint urgent and labels it, and logs which conditions matched', async () => {
    const rule = await createRule({
      name: '投诉升级',
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: '投诉' }] },
      actions: [
        { type: 'set_field', field: 'priority', value: 'urgent' },
        { type: 'add_label', label: 'complaint' },
      ],
    });
    const calm = await customerWrites('请问几点发货？');
    const angry = await customerWrites('再不处理我就投诉你们');
    expect(await conversation(calm)).toMatchObject({ priority: 'normal', labels: [] });
    expect(await conversation(angry)).toMatchObject({ priority: 'urgent', labels: ['complaint'] });

    const [run] = await runs(`subjectId=${angry}`);
    expect(run).toMatchObject({
      ruleId: rule.id,
      ruleName: '投诉升级',
      event: 'message.received',
      outcome: 'applied',
      conditions: [{ field: 'message.text', op: 'contains', value: '投诉', matched: true }],
      actions: [
        { type: 'set_field', outcome: 'ok' },
        { type: 'add_label', outcome: 'ok' },
      ],
    });
    expect(await runs(`subjectId=${calm}`)).toEqual([]);
    expect((await call(kefu, 'GET', `${RULES}/${rule.id}`, ws.tokens.admin)).body.runCount).toBe(1);
    // The timeline says which rule did it.
    const timeline = (await call(kefu, 'GET', `/api/v1/conversations/${angry}/messages`, ws.tokens.admin)).body.items as {
      type: string;
      content: string;
    }[];
    expect(timeline.filter((m) => m.type === 'activity').map((m) => m.content)).toContain(
      '⚡ 投诉升级 (set_field: priority = urgent; add_label: complaint)',
    );
    await disableAll();
  });

  it('stops two rules that flip a field back and forth, and logs the stop', async () => {
    const up = await createRule({
      name: 'high → urgent',
      trigger: 'conversation.updated',
      conditions: { all: [{ field: 'priority', op: 'eq', value: 'high' }] },
      actions: [{ type: 'set_field', field: 'priority', value: 'urgent' }],
    });
    const down = await createRule({
      name: 'urgent → high',
      trigger: 'conversation.updated',
      conditions: { all: [{ field: 'priority', op: 'eq', value: 'urgent' }] },
      actions: [{ type: 'set_field', field: 'priority', value: 'high' }],
    });
    const id = await customerWrites('hello');
    const patched = await call(kefu, 'PATCH', `/api/v1/conversations/${id}`, ws.tokens.admin, { priority: 'high' });
    expect(patched.status, patched.raw).toBe(200);
    await settle();

    // Events are handled concurrently, so the exact interleaving varies; what holds: it ends, each rule acted at most
    // a couple of times, and the guard logged the rule that its own chain brought back.
    const log = await runs(`subjectId=${id}`);
    const applied = log.filter((r: { outcome: string }) => r.outcome === 'applied');
    const stopped = log.filter((r: { outcome: string }) => r.outcome === 'loop_stopped');
    expect(applied.length).toBeGreaterThanOrEqual(2);
    expect(applied.length).toBeLessThanOrEqual(4);
    expect(new Set(applied.map((r: { ruleId: string }) => r.ruleId))).toEqual(new Set([up.id, down.id]));
    expect(stopped.length).toBeGreaterThanOrEqual(1);
    for (const stop of stopped) {
      expect(stop.reason).toBe('same_rule_in_chain');
      expect(stop.chain).toContain(stop.ruleId);
    }
    expect(['high', 'urgent']).toContain((await conversation(id)).priority);
    await disableAll();
  });

  it('evaluates in order and stops after a rule that says so', async () => {
    const first = await createRule({
      name: 'first',
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: 'order-stop' }] },
      actions: [{ type: 'add_label', label: 'first' }],
      stopProcessing: true,
    });
    const second = await createRule({
      name: 'second',
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: 'order-stop' }] },
      actions: [{ type: 'add_label', label: 'second' }],
    });
    const before = await customerWrites('order-stop please');
    expect((await conversation(before)).labels).toEqual(['first']);

    const all = (await call(kefu, 'GET', RULES, ws.tokens.admin)).body.items.map((r: { id: string }) => r.id);
    const order = [second.id, ...all.filter((id: string) => id !== second.id)];
    const reordered = await call(kefu, 'PUT', `${RULES}/order`, ws.tokens.admin, { ids: order });
    expect(reordered.body.items.map((r: { id: string }) => r.id)).toEqual(order);
    const after = await customerWrites('order-stop again');
    expect((await conversation(after)).labels.sort()).toEqual(['first', 'second']);
    expectError(await call(kefu, 'PUT', `${RULES}/order`, ws.tokens.admin, { ids: [first.id] }), 'validation_failed');
    await disableAll();
  });

  it('answers with a canned reply, adds a note, creates a task and posts a signed webhook', async () => {
    const received: { body: string; signature: string; timestamp: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-kefu-signature']), timestamp: String(req.headers['x-kefu-timestamp']) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const canned = await call(kefu, 'POST', '/api/v1/canned-responses', ws.tokens.admin, {
      scope: 'workspace',
      title: 'Refund',
      shortcut: `/rf${uniqueTag()}`,
      content: { 'zh-CN': '您好，退款会在 3 个工作日内到账。' },
    });
    expect(canned.status, canned.raw).toBe(201);
    await createRule({
      name: 'refund kit',
      trigger: 'message.received',
      conditions: { any: [{ field: 'message.text', op: 'contains', value: ['退款', 'refund'] }] },
      actions: [
        { type: 'send_canned', cannedId: canned.body.id },
        { type: 'add_note', text: 'Auto-answered; customer said: {{message.text}}' },
        { type: 'create_task', title: 'Check refund for {{contact.name}}', dueInHours: 24 },
        { type: 'webhook', url: `http://127.0.0.1:${port}/hook`, secret: 'hook-secret-123' },
      ],
    });
    const id = await customerWrites('我要退款');
    server.close();

    const messages = (await call(kefu, 'GET', `/api/v1/conversations/${id}/messages`, ws.tokens.admin)).body.items;
    expect(messages.map((m: { type: string; content: string }) => [m.type, m.content])).toEqual(
      expect.arrayContaining([
        ['outgoing', '您好，退款会在 3 个工作日内到账。'],
        ['note', 'Auto-answered; customer said: 我要退款'],
      ]),
    );
    const [task] = await sql<{ title: string; source: string }>(
      kefu,
      'select title, source from tasks where workspace_id = $1 and conversation_id = $2',
      [ws.id, id],
    );
    expect(task).toMatchObject({ source: 'automation', title: expect.stringMatching(/^Check refund for/) });
    expect(received).toHaveLength(1);
    const hook = received[0]!;
    expect(hook.signature).toBe(`sha256=${createHmac('sha256', 'hook-secret-123').update(`${hook.timestamp}.${hook.body}`).digest('hex')}`);
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'automation.rule_matched', subject: { type: 'conversation', id } });
    const [run] = await runs(`subjectId=${id}`);
    expect(run.actions.map((a: { outcome: string }) => a.outcome)).toEqual(['ok', 'ok', 'ok', 'ok']);
    await disableAll();
  });

  it('logs a failed action and still runs the next one', async () => {
    await createRule({
      name: 'email then label',
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: 'mail-me' }] },
      actions: [
        { type: 'send_email', to: 'contact', subject: 'Hi', body: 'Hello {{contact.name}}' },
        { type: 'add_label', label: 'mailed' },
      ],
    });
    const id = await customerWrites('mail-me please');
    const [run] = await runs(`subjectId=${id}`);
    expect(run).toMatchObject({
      outcome: 'partial',
      actions: [
        { type: 'send_email', outcome: 'error' },
        { type: 'add_label', outcome: 'ok' },
      ],
    });
    expect((await conversation(id)).labels).toEqual(['mailed']);
    await disableAll();
  });

  it('dry-runs a rule against a conversation without changing it', async () => {
    const id = await customerWrites('I want to 投诉 about my order');
    const rule = await createRule({
      name: 'dry',
      enabled: false,
      trigger: 'message.received',
      conditions: { all: [{ field: 'message.text', op: 'contains', value: '投诉' }], any: [{ field: 'status', op: 'eq', value: 'resolved' }] },
      actions: [{ type: 'set_field', field: 'priority', value: 'urgent' }],
    });
    const miss = await call(kefu, 'POST', `${RULES}/${rule.id}/test`, ws.tokens.admin, { subjectId: id });
    expect(miss.body).toMatchObject({
      matched: false,
      conditions: [
        { field: 'message.text', matched: true },
        { field: 'status', matched: false, actual: 'open' },
      ],
      actions: [],
    });
    const draft = await call(kefu, 'POST', '/api/v1/automation/test', ws.tokens.admin, {
      subjectId: id,
      messageText: '没事了',
      rule: {
        name: 'draft',
        trigger: 'message.received',
        conditions: { all: [{ field: 'emotion', op: 'neq', value: 'negative' }] },
        actions: [{ type: 'add_label', label: 'x' }],
      },
    });
    expect(draft.body).toMatchObject({ matched: true, actions: [{ type: 'add_label', label: 'x' }] });
    expect(await conversation(id)).toMatchObject({ priority: 'normal', labels: [] });
    expect(await runs(`subjectId=${id}`)).toEqual([]);
    expectError(await call(kefu, 'POST', `${RULES}/${rule.id}/test`, ws.tokens.admin, { subjectType: 'ticket', subjectId: 'tkt_x' }), 'not_found');
  });

  it('runs time rules from the sweep, once per conversation', async () => {
    const id = await customerWrites('are you there?');
    await sql(kefu, "update conversations set status = 'pending', updated_at = now() - interval '30 hours' where workspace_id = $1 and id = $2", [
      ws.id,
      id,
    ]);
    await createRule({
      name: 'pending > 24 h',
      trigger: 'time',
      conditions: {
        all: [
          { field: 'status', op: 'eq', value: 'pending' },
          { field: 'updated_at', op: 'hours_since', value: 24 },
        ],
      },
      actions: [{ type: 'add_label', label: 'stale' }],
    });
    await automationSweepJob.run(kefu.ctx, { workspaceIds: [ws.id] });
    await settle();
    await sql(kefu, "update conversations set updated_at = now() - interval '30 hours' where workspace_id = $1 and id = $2", [ws.id, id]);
    await automationSweepJob.run(kefu.ctx, { workspaceIds: [ws.id] });
    await settle();
    expect((await conversation(id)).labels).toEqual(['stale']);
    expect(await runs(`subjectId=${id}`)).toHaveLength(1);
    await disableAll();
  });

  it('refuses unknown fields, operators and triggers with the path, and keeps rules to their workspace and role', async () => {
    const bad = (conditions: object) =>
      call(kefu, 'POST', RULES, ws.tokens.admin, {
        name: 'x',
        trigger: 'message.received',
        conditions,
        actions: [{ type: 'add_label', label: 'x' }],
      });
    const field = expectError(await bad({ all: [{ field: 'mood', op: 'eq', value: 'x' }] }), 'validation_failed');
    expect(JSON.stringify(field.error.details)).toContain('unknown field');
    const op = expectError(await bad({ all: [{ field: 'status', op: 'like', value: 'x' }] }), 'validation_failed');
    expect(JSON.stringify(op.error.details)).toContain('unknown operator');
    expectError(
      await call(kefu, 'POST', RULES, ws.tokens.admin, { name: 'x', trigger: 'ticket.exploded', actions: [{ type: 'add_label', label: 'x' }] }),
      'validation_failed',
    );
    expectError(await call(kefu, 'POST', RULES, ws.tokens.admin, { name: 'x', trigger: 'time', actions: [{ type: 'launch' }] }), 'validation_failed');

    const rule = await createRule({
      name: 'mine',
      trigger: 'message.received',
      actions: [{ type: 'webhook', url: 'https://example.test/h', secret: 'super-secret-1' }],
    });
    expect((await call(kefu, 'GET', `${RULES}/${rule.id}`, ws.tokens.admin)).body.actions[0].secret).not.toContain('super');
    const renamed = await call(kefu, 'PATCH', `${RULES}/${rule.id}`, ws.tokens.admin, { name: 'renamed', enabled: false });
    expect(renamed.body).toMatchObject({ name: 'renamed', enabled: false });
    // A patch touches only what it sends.
    const kept = await call(kefu, 'PATCH', `${RULES}/${rule.id}`, ws.tokens.admin, { description: 'why' });
    expect(kept.body).toMatchObject({ name: 'renamed', enabled: false, description: 'why', trigger: 'message.received' });
    // The editor sends the masked secret back: the stored one stays; a mask with nothing behind it is refused.
    const masked = (await call(kefu, 'GET', `${RULES}/${rule.id}`, ws.tokens.admin)).body.actions;
    expect((await call(kefu, 'PATCH', `${RULES}/${rule.id}`, ws.tokens.admin, { actions: masked })).status).toBe(200);
    const [stored] = await sql<{ actions: { secret: string }[] }>(kefu, 'select actions from automation_rules where workspace_id = $1 and id = $2', [
      ws.id,
      rule.id,
    ]);
    expect(stored!.actions[0]!.secret).toBe('super-secret-1');
    expectError(await call(kefu, 'POST', RULES, ws.tokens.admin, { name: 'm', trigger: 'time', actions: masked }), 'validation_failed');
    expectError(await call(kefu, 'GET', RULES, ws.tokens.agent), 'forbidden');
    expectError(await call(kefu, 'GET', `${RULES}/${rule.id}`, other.tokens.admin), 'not_found');
    expectError(await call(kefu, 'PATCH', `${RULES}/${rule.id}`, other.tokens.admin, { enabled: true }), 'not_found');
    expect((await call(kefu, 'GET', RULES, other.tokens.admin)).body.items).toEqual([]);
    expect((await call(kefu, 'GET', '/api/v1/automation/runs', other.tokens.admin)).body.items).toEqual([]);
    const audit = await auditEvents(kefu, ws.tokens.admin, { targetId: rule.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['automation_rule.created', 'automation_rule.updated', 'automation_rule.updated']);
    expect(JSON.stringify(audit)).not.toContain('super-secret');
    expect((await call(kefu, 'DELETE', `${RULES}/${rule.id}`, ws.tokens.admin)).status).toBe(204);
  });

  it('gives the demo workspace three example rules once, only the harmless one on', async () => {
    await ensureDemoAutomation(kefu.ctx, other.slug);
    await ensureDemoAutomation(kefu.ctx, other.slug);
    const rules = (await call(kefu, 'GET', RULES, other.tokens.admin)).body.items as { trigger: string; enabled: boolean }[];
    expect(rules.map((r) => [r.trigger, r.enabled])).toEqual([
      ['message.received', true],
      ['conversation.created', false],
      ['time', false],
    ]);
  });

  it('runs ticket rules through the tickets service: created and updated', async () => {
    const id = await customerWrites('ticket please');
    const { contactId } = (await conversation(id)) as { contactId: string };
    await createRule({
      name: 'big refunds',
      trigger: 'ticket.created',
      conditions: {
        all: [
          { field: 'subject', op: 'contains', value: '退款' },
          { field: 'priority', op: 'gt', value: 'normal' },
        ],
      },
      actions: [
        { type: 'create_task', title: 'Check refund on {{subject}}' },
        { type: 'add_label', label: 'big-refund' },
        { type: 'add_note', text: 'Flagged by automation for {{contact.name}}' },
      ],
    });
    await createRule({
      name: 'waiting on customer',
      trigger: 'ticket.updated',
      conditions: { all: [{ field: 'status', op: 'changed_to', value: 'pending_customer' }] },
      actions: [{ type: 'add_label', label: 'waiting' }],
    });
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.admin, { subject: '退款没到账', contactId, priority: 'high' });
    expect(created.status, created.raw).toBe(201);
    const ticketId = created.body.id as string;
    await settle();
    const ticket = async () => (await call(kefu, 'GET', `/api/v1/tickets/${ticketId}`, ws.tokens.admin)).body.ticket;
    expect((await ticket()).labels).toEqual(['big-refund']);
    const [task] = await sql<{ title: string }>(kefu, 'select title from tasks where workspace_id = $1 and ticket_id = $2', [ws.id, ticketId]);
    expect(task?.title).toBe('Check refund on 退款没到账');
    const [first] = await runs(`subjectId=${ticketId}`);
    expect(first).toMatchObject({ subjectType: 'ticket', outcome: 'applied', ruleName: 'big refunds' });

    const patched = await call(kefu, 'PATCH', `/api/v1/tickets/${ticketId}`, ws.tokens.admin, { status: 'pending_customer' });
    expect(patched.status, patched.raw).toBe(200);
    await settle();
    expect((await ticket()).labels).toEqual(['big-refund', 'waiting']);
    expect((await runs(`subjectId=${ticketId}`)).map((r: { ruleName: string }) => r.ruleName)).toEqual(['waiting on customer', 'big refunds']);

    // A dry run reads tickets too.
    const dry = await call(kefu, 'POST', '/api/v1/automation/test', ws.tokens.admin, {
      subjectType: 'ticket',
      subjectId: ticketId,
      rule: {
        name: 'd',
        trigger: 'time',
        conditions: { all: [{ field: 'labels', op: 'contains', value: 'waiting' }] },
        actions: [{ type: 'add_label', label: 'x' }],
      },
    });
    expect(dry.body.matched).toBe(true);
    await disableAll();
  });

  it('answers any body with a catalogued 4xx or success, never a 5xx', async () => {
    const id = await customerWrites('fuzz');
    const rule = await createRule({ name: 'fuzz', enabled: false, trigger: 'message.received', actions: [{ type: 'add_label', label: 'f' }] });
    const condition = fc.record(
      { field: fc.oneof(fc.constantFrom('status', 'labels', 'custom.x', 'updated_at'), fc.string()), op: fc.string(), value: fc.jsonValue() },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          name: fc.string(),
          trigger: fc.string(),
          conditions: fc.record({ all: fc.array(condition), any: fc.array(condition) }),
          actions: fc.array(fc.record({ type: fc.string(), label: fc.jsonValue() })),
        },
        { requiredKeys: [] },
      ),
      fc.record({ subjectId: fc.oneof(fc.constant(id), fc.string()), subjectType: fc.string(), messageText: fc.jsonValue() }, { requiredKeys: [] }),
    );
    const target = fc.constantFrom(
      ['POST', RULES],
      ['PATCH', `${RULES}/${rule.id}`],
      ['POST', `${RULES}/${rule.id}/test`],
      ['PUT', `${RULES}/order`],
      ['POST', '/api/v1/automation/test'],
    );
    await fc.assert(
      fc.asyncProperty(target, body, async ([method, url], payload) => {
        const res = await call(kefu, method as 'POST', url!, ws.tokens.admin, payload);
        expect(res.status, res.raw).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
    await disableAll();
  });
});
