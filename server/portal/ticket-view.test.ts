import { describe, expect, it } from 'vitest';
import type { TicketActivityRow, TicketStatus } from '../modules/tickets/index.ts';
import { buildTimeline, customerStatus, expectedTime } from './ticket-view.ts';

const now = new Date('2026-11-21T08:00:00Z');
const inMinutes = (m: number) => new Date(now.getTime() + m * 60_000).toISOString();

describe('customerStatus', () => {
  it.each<[TicketStatus, string]>([
    ['new', 'received'],
    ['open', 'in_progress'],
    ['reopened', 'in_progress'],
    ['pending_third_party', 'in_progress'],
    ['pending_customer', 'waiting_for_you'],
    ['resolved', 'resolved'],
    ['closed', 'closed'],
  ])('%s reads as %s', (status, expected) => expect(customerStatus(status)).toBe(expected));
});

describe('expectedTime', () => {
  const open = { status: 'open' as const, firstRespondedAt: null };
  const running = (dueAt: string) => ({ dueAt, status: 'running' });
  it.each([
    [{ targets: { first_response: running(inMinutes(119)) } }, 'zh-CN', '预计 2 小时内处理'],
    [{ targets: { first_response: running(inMinutes(45)) } }, 'en', 'We expect to handle it within 45 minutes'],
    [{ targets: { resolution: running(inMinutes(3 * 24 * 60)) } }, 'zh-CN', '预计 3 天内处理'],
    [
      { targets: { first_response: { dueAt: inMinutes(30), status: 'met' }, resolution: running(inMinutes(60)) } },
      'en',
      'We expect to handle it within 1 hour',
    ],
    [{ targets: { first_response: running(inMinutes(-5)) } }, 'zh-CN', '正在加急处理，请稍候'],
    [{ paused: true, targets: { resolution: running(inMinutes(60)) } }, 'zh-CN', null],
    [{}, 'zh-CN', null],
    [{ targets: { first_response: running('not a date') } }, 'zh-CN', null],
  ] as const)('%j in %s → %s', (sla, locale, expected) => {
    expect(expectedTime({ ...open, sla: sla as Record<string, unknown> }, locale, now)).toBe(expected);
  });

  it('uses the resolution due time once someone answered, and promises nothing while waiting on the customer', () => {
    const sla = { targets: { first_response: running(inMinutes(30)), resolution: running(inMinutes(300)) } };
    expect(expectedTime({ status: 'open', firstRespondedAt: now, sla }, 'zh-CN', now)).toBe('预计 5 小时内处理');
    expect(expectedTime({ status: 'pending_customer', firstRespondedAt: null, sla }, 'zh-CN', now)).toBeNull();
    expect(expectedTime({ status: 'resolved', firstRespondedAt: now, sla }, 'zh-CN', now)).toBeNull();
  });
});

describe('buildTimeline', () => {
  const activity = (kind: TicketActivityRow['kind'], extra: Partial<TicketActivityRow> = {}): TicketActivityRow => ({
    workspaceId: 'wsp_1',
    id: `tact_${kind}`,
    ticketId: 'tkt_1',
    kind,
    actorType: 'user',
    actorId: 'usr_1',
    public: true,
    body: '',
    data: {},
    attachments: [],
    createdAt: now,
    ...extra,
  });

  it('names the team, speaks in customer words, and drops anything not public', () => {
    const lines = buildTimeline(
      [
        activity('created', { actorType: 'contact' }),
        activity('change', { data: { changes: { teamId: [null, 'team_a'], status: ['new', 'open'] } } }),
        activity('note', { public: false, body: '内部备注' }),
        activity('change', { public: false, data: { changes: { priority: ['normal', 'urgent'] } } }),
        activity('reply', { body: '已为您安排退货' }),
        activity('customer_reply', { actorType: 'contact', body: '谢谢' }),
        activity('change', { data: { changes: { status: ['open', 'pending_third_party'] } } }),
      ],
      new Map([['team_a', '售后组']]),
      'zh-CN',
    );
    expect(lines.map((l) => [l.who, l.label, l.body])).toEqual([
      ['system', '工单已提交', ''],
      ['system', '已派单至售后组', ''],
      ['system', '状态更新：处理中', ''],
      ['support', '', '已为您安排退货'],
      ['you', '', '谢谢'],
    ]);
  });

  it('says which team a ticket went to when it was dispatched on creation', () => {
    const lines = buildTimeline(
      [activity('created', { actorType: 'bot', data: { source: 'bot', dispatchedTo: 'team_c' } })],
      new Map([['team_c', '投诉组']]),
      'zh-CN',
    );
    expect(lines.map((l) => l.label)).toEqual(['工单已提交 · 已派单至投诉组']);
  });
});
