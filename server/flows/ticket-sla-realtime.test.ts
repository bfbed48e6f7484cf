import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveContact } from '../modules/contacts/index.ts';
import { sweepSlaTimers } from '../modules/sla/index.ts';
import { call, sql, uniqueTag } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

type Frame = {
  type: string;
  event?: string;
  target?: string;
  ticket?: { id: string; sla: { breached?: boolean; targets?: Record<string, { warnedAt?: string }> } };
};

/** A console socket of `token`, collecting what it hears. */
async function consoleSocket(base: string, token: string): Promise<{ frames: Frame[]; close: () => void }> {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/api/v1/realtime?token=${token}`);
  const frames: Frame[] = [];
  socket.on('message', (raw) => frames.push(JSON.parse(raw.toString()) as Frame));
  await expect.poll(() => frames.some((f) => f.type === 'ready')).toBe(true);
  return { frames, close: () => socket.close() };
}

describe('SLA warnings and breaches on the consoles', () => {
  let kefu: TestKefu;
  let ws: TestWorkspace;
  let base: string;
  let contactId: string;

  beforeAll(async () => {
    kefu = await buildTestKefu();
    ws = await createTestWorkspace(kefu, 'SLA live shop');
    base = await listenTestKefu(kefu);
    contactId = (await kefu.ctx.db.transaction((tx) => resolveContact(tx, ws.id, { kind: 'app', value: `u-${uniqueTag()}` }, { name: '王芳' }))).id;
    const policy = {
      name: 'Notify',
      targets: { firstResponse: 60, resolution: 480 },
      warnBefore: { minutes: 10 },
      escalation: { onWarning: [{ type: 'notify' }], onBreach: [{ type: 'notify' }] },
    };
    expect((await call(kefu, 'POST', '/api/v1/sla/policies', ws.tokens.admin, policy)).status).toBe(201);
  });
  afterAll(() => kefu.close());

  const settle = async () => {
    await kefu.ctx.bus.drain();
    await kefu.drainJobs();
    await kefu.ctx.bus.drain();
  };
  /** Make the first-response timer of `id` fire now: its warning (`warn`) or its breach. */
  const fireNow = async (id: string, warn: boolean) => {
    await sql(
      kefu,
      warn
        ? `update sla_timers set warn_at = now() - interval '1 second', fire_at = now() - interval '1 second' where ticket_id = $1 and target = 'first_response'`
        : `update sla_timers set due_at = now() - interval '1 second', fire_at = now() - interval '1 second' where ticket_id = $1 and target = 'first_response'`,
      [id],
    );
    await sweepSlaTimers(kefu.ctx);
    await settle();
  };

  it('moves the badge on every console and tells the assignee, not the others', async () => {
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, {
      subject: '耳机充不进电',
      contactId,
      assigneeId: ws.users.agent.id,
    });
    expect(created.status, created.raw).toBe(201);
    const id = created.body.id as string;
    await settle();
    const agent = await consoleSocket(base, ws.tokens.agent);
    const admin = await consoleSocket(base, ws.tokens.admin);

    await fireNow(id, true);
    const warned = () => admin.frames.find((f) => f.type === 'ticket.sla_warning' && f.ticket?.id === id);
    await expect.poll(() => warned()?.ticket?.sla.targets?.first_response?.warnedAt).toEqual(expect.any(String));
    await expect.poll(() => agent.frames.find((f) => f.type === 'sla.notice' && f.ticket?.id === id)?.event).toBe('warning');

    await fireNow(id, false);
    const breached = () => admin.frames.find((f) => f.type === 'ticket.sla_breached' && f.ticket?.id === id);
    await expect.poll(() => breached()?.ticket?.sla.breached).toBe(true);
    expect(breached()?.target).toBe('first_response');
    await expect.poll(() => agent.frames.filter((f) => f.type === 'sla.notice').map((f) => f.event)).toEqual(['warning', 'breached']);
    // The admin is neither assignee nor on the ticket's team: the badge moves for them, but no notice.
    expect(admin.frames.some((f) => f.type === 'sla.notice')).toBe(false);
    agent.close();
    admin.close();
  });

  it('tells each member of the ticket’s team when nobody is assigned', async () => {
    const team = await call(kefu, 'POST', '/api/v1/routing/teams', ws.tokens.admin, { name: '售后', memberIds: [ws.users.operator.id] });
    expect(team.status, team.raw).toBe(201);
    const created = await call(kefu, 'POST', '/api/v1/tickets', ws.tokens.agent, { subject: '退款未到账', contactId, teamId: team.body.id });
    expect(created.status, created.raw).toBe(201);
    await settle();
    const operator = await consoleSocket(base, ws.tokens.operator);
    const agent = await consoleSocket(base, ws.tokens.agent);
    await fireNow(created.body.id, false);
    await expect.poll(() => operator.frames.find((f) => f.type === 'sla.notice')?.ticket?.id).toBe(created.body.id);
    await expect.poll(() => agent.frames.some((f) => f.type === 'ticket.sla_breached' && f.ticket?.id === created.body.id)).toBe(true);
    expect(agent.frames.some((f) => f.type === 'sla.notice')).toBe(false);
    operator.close();
    agent.close();
  });
});
