import { createServer, type IncomingMessage } from 'node:http';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { automationSweepJob } from './automation-events.ts';
import { RULES, useAutomationKit } from './automation-test-kit.ts';

describe('automation actions, dry runs, time rules and ticket rules', () => {
  const k = useAutomationKit();
  // The kit's fields are filled in beforeAll: read them inside the tests.
  const createRule = (rule: object, token?: string) => k.createRule(rule, token);
  const disableAll = () => k.disableAll();
  const customerWrites = (content: string, who?: string) => k.customerWrites(content, who);
  const conversation = (id: string) => k.conversation(id);
  const runs = (query: string) => k.runs(query);
  const settle = () => k.settle();

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
    const canned = await call(k.kefu, 'POST', '/api/v1/canned-responses', k.ws.tokens.admin, {
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

    const messages = (await call(k.kefu, 'GET', `/api/v1/conversations/${id}/messages`, k.ws.tokens.admin)).body.items;
    expect(messages.map((m: { type: string; content: string }) => [m.type, m.content])).toEqual(
      expect.arrayContaining([
        ['outgoing', '您好，退款会在 3 个工作日内到账。'],
        ['note', 'Auto-answered; customer said: 我要退款'],
      ]),
    );
    const [task] = await sql<{ title: string; source: string }>(
      k.kefu,
      'select title, source from tasks where workspace_id = $1 and conversation_id = $2',
      [k.ws.id, id],
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
    const miss = await call(k.kefu, 'POST', `${RULES}/${rule.id}/test`, k.ws.tokens.admin, { subjectId: id });
    expect(miss.body).toMatchObject({
      matched: false,
      conditions: [
        { field: 'message.text', matched: true },
        { field: 'status', matched: false, actual: 'open' },
      ],
      actions: [],
    });
    const draft = await call(k.kefu, 'POST', '/api/v1/automation/test', k.ws.tokens.admin, {
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
    expectError(
      await call(k.kefu, 'POST', `${RULES}/${rule.id}/test`, k.ws.tokens.admin, { subjectType: 'ticket', subjectId: 'tkt_x' }),
      'not_found',
    );
  });

  it('runs time rules from the sweep, once per conversation', async () => {
    const id = await customerWrites('are you there?');
    await sql(k.kefu, "update conversations set status = 'pending', updated_at = now() - interval '30 hours' where workspace_id = $1 and id = $2", [
      k.ws.id,
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
    await automationSweepJob.run(k.kefu.ctx, { workspaceIds: [k.ws.id] });
    await settle();
    await sql(k.kefu, "update conversations set updated_at = now() - interval '30 hours' where workspace_id = $1 and id = $2", [k.ws.id, id]);
    await automationSweepJob.run(k.kefu.ctx, { workspaceIds: [k.ws.id] });
    await settle();
    expect((await conversation(id)).labels).toEqual(['stale']);
    expect(await runs(`subjectId=${id}`)).toHaveLength(1);
    await disableAll();
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
    const created = await call(k.kefu, 'POST', '/api/v1/tickets', k.ws.tokens.admin, { subject: '退款没到账', contactId, priority: 'high' });
    expect(created.status, created.raw).toBe(201);
    const ticketId = created.body.id as string;
    await settle();
    const ticket = async () => (await call(k.kefu, 'GET', `/api/v1/tickets/${ticketId}`, k.ws.tokens.admin)).body.ticket;
    expect((await ticket()).labels).toEqual(['big-refund']);
    const [task] = await sql<{ title: string }>(k.kefu, 'select title from tasks where workspace_id = $1 and ticket_id = $2', [k.ws.id, ticketId]);
    expect(task?.title).toBe('Check refund on 退款没到账');
    const [first] = await runs(`subjectId=${ticketId}`);
    expect(first).toMatchObject({ subjectType: 'ticket', outcome: 'applied', ruleName: 'big refunds' });

    const patched = await call(k.kefu, 'PATCH', `/api/v1/tickets/${ticketId}`, k.ws.tokens.admin, { status: 'pending_customer' });
    expect(patched.status, patched.raw).toBe(200);
    await settle();
    expect((await ticket()).labels).toEqual(['big-refund', 'waiting']);
    expect((await runs(`subjectId=${ticketId}`)).map((r: { ruleName: string }) => r.ruleName)).toEqual(['waiting on customer', 'big refunds']);

    // A dry run reads tickets too.
    const dry = await call(k.kefu, 'POST', '/api/v1/automation/test', k.ws.tokens.admin, {
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
        const res = await call(k.kefu, method as 'POST', url!, k.ws.tokens.admin, payload);
        expect(res.status, res.raw).toBeLessThan(500);
        if (res.status >= 400) expect(res.body.error.code).toEqual(expect.any(String));
      }),
      { numRuns: 150 },
    );
    await disableAll();
  });
});
