import { describe, expect, it } from 'vitest';
import { auditEvents, call, expectError, sql, uniqueTag } from '../test/factories.ts';
import { ensureDemoAutomation } from '../modules/automation/index.ts';
import { RULES, useAutomationKit } from './automation-test-kit.ts';

describe('automation rules: matching, order, loops and the API', () => {
  const k = useAutomationKit();
  // The kit's fields are filled in beforeAll: read them inside the tests.
  const createRule = (rule: object, token?: string) => k.createRule(rule, token);
  const disableAll = () => k.disableAll();
  const customerWrites = (content: string, who?: string) => k.customerWrites(content, who);
  const conversation = (id: string) => k.conversation(id);
  const runs = (query: string) => k.runs(query);
  const settle = () => k.settle();

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
    expect((await call(k.kefu, 'GET', `${RULES}/${rule.id}`, k.ws.tokens.admin)).body.runCount).toBe(1);
    // The timeline says which rule did it.
    const timeline = (await call(k.kefu, 'GET', `/api/v1/conversations/${angry}/messages`, k.ws.tokens.admin)).body.items as {
      type: string;
      content: string;
    }[];
    expect(timeline.filter((m) => m.type === 'activity').map((m) => m.content)).toContain(
      '⚡ 投诉升级 (set_field: priority = urgent; add_label: complaint)',
    );
    await disableAll();
  });

  it('judges a rule on the customer as well as the message, and a rule switched off stops at the next message', async () => {
    const rule = await createRule({
      name: 'gold refunds',
      trigger: 'message.received',
      conditions: {
        all: [
          { field: 'message.text', op: 'contains', value: '退款' },
          { field: 'contact.tier', op: 'in', value: ['gold'] },
        ],
      },
      actions: [{ type: 'add_label', label: 'gold-refund' }],
    });
    const plain = await customerWrites('我要退款');
    const gold = uniqueTag();
    const first = await customerWrites('你好', gold);
    const contactId = (await conversation(first)).contactId as string;
    const tiered = await call(k.kefu, 'PATCH', `/api/v1/contacts/${contactId}`, k.ws.tokens.admin, { attributes: { tier: 'gold' } });
    expect(tiered.status, tiered.raw).toBe(200);
    expect(await customerWrites('我要退款', gold)).toBe(first);

    expect((await conversation(plain)).labels).toEqual([]);
    expect((await conversation(first)).labels).toEqual(['gold-refund']);
    const [run] = await runs(`subjectId=${first}`);
    expect(run).toMatchObject({
      ruleId: rule.id,
      conditions: [
        { field: 'message.text', matched: true },
        { field: 'contact.tier', actual: 'gold', matched: true },
      ],
    });

    const off = await call(k.kefu, 'PATCH', `${RULES}/${rule.id}`, k.ws.tokens.admin, { enabled: false });
    expect(off.status, off.raw).toBe(200);
    const unlabel = await call(k.kefu, 'PATCH', `/api/v1/conversations/${first}`, k.ws.tokens.admin, { labels: [] });
    expect(unlabel.status, unlabel.raw).toBe(200);
    await customerWrites('还是要退款', gold);
    expect((await conversation(first)).labels).toEqual([]);
    expect(await runs(`ruleId=${rule.id}`)).toHaveLength(1);
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
    const patched = await call(k.kefu, 'PATCH', `/api/v1/conversations/${id}`, k.ws.tokens.admin, { priority: 'high' });
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

    const all = (await call(k.kefu, 'GET', RULES, k.ws.tokens.admin)).body.items.map((r: { id: string }) => r.id);
    const order = [second.id, ...all.filter((id: string) => id !== second.id)];
    const reordered = await call(k.kefu, 'PUT', `${RULES}/order`, k.ws.tokens.admin, { ids: order });
    expect(reordered.body.items.map((r: { id: string }) => r.id)).toEqual(order);
    const after = await customerWrites('order-stop again');
    expect((await conversation(after)).labels.sort()).toEqual(['first', 'second']);
    expectError(await call(k.kefu, 'PUT', `${RULES}/order`, k.ws.tokens.admin, { ids: [first.id] }), 'validation_failed');
    await disableAll();
  });

  it('refuses unknown fields, operators and triggers with the path, and keeps rules to their workspace and role', async () => {
    const bad = (conditions: object) =>
      call(k.kefu, 'POST', RULES, k.ws.tokens.admin, {
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
      await call(k.kefu, 'POST', RULES, k.ws.tokens.admin, { name: 'x', trigger: 'ticket.exploded', actions: [{ type: 'add_label', label: 'x' }] }),
      'validation_failed',
    );
    expectError(
      await call(k.kefu, 'POST', RULES, k.ws.tokens.admin, { name: 'x', trigger: 'time', actions: [{ type: 'launch' }] }),
      'validation_failed',
    );

    const rule = await createRule({
      name: 'mine',
      trigger: 'message.received',
      actions: [{ type: 'webhook', url: 'https://example.test/h', secret: 'super-secret-1' }],
    });
    expect((await call(k.kefu, 'GET', `${RULES}/${rule.id}`, k.ws.tokens.admin)).body.actions[0].secret).not.toContain('super');
    const renamed = await call(k.kefu, 'PATCH', `${RULES}/${rule.id}`, k.ws.tokens.admin, { name: 'renamed', enabled: false });
    expect(renamed.body).toMatchObject({ name: 'renamed', enabled: false });
    // A patch touches only what it sends.
    const kept = await call(k.kefu, 'PATCH', `${RULES}/${rule.id}`, k.ws.tokens.admin, { description: 'why' });
    expect(kept.body).toMatchObject({ name: 'renamed', enabled: false, description: 'why', trigger: 'message.received' });
    // The editor sends the masked secret back: the stored one stays; a mask with nothing behind it is refused.
    const masked = (await call(k.kefu, 'GET', `${RULES}/${rule.id}`, k.ws.tokens.admin)).body.actions;
    expect((await call(k.kefu, 'PATCH', `${RULES}/${rule.id}`, k.ws.tokens.admin, { actions: masked })).status).toBe(200);
    const [stored] = await sql<{ actions: { secret: string }[] }>(
      k.kefu,
      'select actions from automation_rules where workspace_id = $1 and id = $2',
      [k.ws.id, rule.id],
    );
    expect(stored!.actions[0]!.secret).toBe('super-secret-1');
    expectError(await call(k.kefu, 'POST', RULES, k.ws.tokens.admin, { name: 'm', trigger: 'time', actions: masked }), 'validation_failed');
    expectError(await call(k.kefu, 'GET', RULES, k.ws.tokens.agent), 'forbidden');
    expectError(await call(k.kefu, 'GET', `${RULES}/${rule.id}`, k.other.tokens.admin), 'not_found');
    expectError(await call(k.kefu, 'PATCH', `${RULES}/${rule.id}`, k.other.tokens.admin, { enabled: true }), 'not_found');
    expect((await call(k.kefu, 'GET', RULES, k.other.tokens.admin)).body.items).toEqual([]);
    expect((await call(k.kefu, 'GET', '/api/v1/automation/runs', k.other.tokens.admin)).body.items).toEqual([]);
    const audit = await auditEvents(k.kefu, k.ws.tokens.admin, { targetId: rule.id });
    expect(audit.map((a) => a.action).sort()).toEqual(['automation_rule.created', 'automation_rule.updated', 'automation_rule.updated']);
    expect(JSON.stringify(audit)).not.toContain('super-secret');
    expect((await call(k.kefu, 'DELETE', `${RULES}/${rule.id}`, k.ws.tokens.admin)).status).toBe(204);
  });

  it('gives the demo workspace three example rules once, only the harmless one on', async () => {
    await ensureDemoAutomation(k.kefu.ctx, k.other.slug);
    await ensureDemoAutomation(k.kefu.ctx, k.other.slug);
    const rules = (await call(k.kefu, 'GET', RULES, k.other.tokens.admin)).body.items as { trigger: string; enabled: boolean }[];
    expect(rules.map((r) => [r.trigger, r.enabled])).toEqual([
      ['message.received', true],
      ['conversation.created', false],
      ['time', false],
    ]);
  });
});
