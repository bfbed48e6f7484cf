import { api, query, type Items } from '../api.ts';

/** The console's view of the automation API (server/modules/automation). */
export const triggers = ['message.received', 'conversation.created', 'conversation.updated', 'ticket.created', 'ticket.updated', 'time'] as const;
export type Trigger = (typeof triggers)[number];

export const operators = ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'gt', 'lt', 'changed', 'changed_to', 'hours_since'] as const;
export type Operator = (typeof operators)[number];

export const fields = [
  'message.text',
  'status',
  'priority',
  'labels',
  'team',
  'assignee',
  'inbox',
  'channel',
  'category',
  'subject',
  'emotion',
  'complaint_risk',
  'contact.tier',
  'business_hours',
  'created_at',
  'updated_at',
  'last_message_at',
] as const;

export type Scalar = string | number | boolean | null;

export interface Condition {
  field: string;
  op: Operator;
  value?: Scalar | Scalar[];
}

export interface ConditionSet {
  all: Condition[];
  any: Condition[];
}

export type Action =
  | { type: 'assign'; userId: string }
  | { type: 'assign_team'; teamId: string }
  | { type: 'assign_round_robin' }
  | { type: 'set_field'; field: string; value: Scalar }
  | { type: 'add_label'; label: string }
  | { type: 'remove_label'; label: string }
  | { type: 'send_canned'; cannedId: string }
  | { type: 'send_email'; to: string; subject: string; body: string }
  | { type: 'webhook'; url: string; secret: string }
  | { type: 'create_task'; title: string; body?: string; dueInHours?: number }
  | { type: 'add_note'; text: string };
export type ActionType = Action['type'];

export const actionTypes: readonly ActionType[] = [
  'set_field',
  'add_label',
  'remove_label',
  'assign',
  'assign_team',
  'assign_round_robin',
  'send_canned',
  'add_note',
  'send_email',
  'webhook',
  'create_task',
];

export interface Rule {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  position: number;
  trigger: Trigger;
  conditions: ConditionSet;
  actions: Action[];
  stopProcessing: boolean;
  runCount: number;
  lastRunAt: string | null;
}

export type RuleInput = Pick<Rule, 'name' | 'enabled' | 'trigger' | 'conditions' | 'actions' | 'stopProcessing'>;

export interface ConditionResult {
  group: 'all' | 'any';
  field: string;
  op: string;
  value: unknown;
  actual: unknown;
  matched: boolean;
}

export interface Run {
  id: string;
  ruleId: string;
  ruleName: string;
  subjectType: 'conversation' | 'ticket';
  subjectId: string;
  event: string;
  outcome: 'applied' | 'partial' | 'failed' | 'loop_stopped';
  reason: string | null;
  conditions: ConditionResult[];
  actions: { type: string; outcome: 'ok' | 'error' | 'skipped'; detail?: string }[];
  chain: string[];
  durationMs: number;
  createdAt: string;
}

export interface TestResult {
  matched: boolean;
  conditions: ConditionResult[];
  actions: Action[];
}

const RULES = '/api/v1/automation/rules';

export const listRules = () => api<Items<Rule>>('GET', RULES);
export const createRule = (input: RuleInput) => api<Rule>('POST', RULES, input);
export const updateRule = (id: string, patch: Partial<RuleInput>) => api<Rule>('PATCH', `${RULES}/${encodeURIComponent(id)}`, patch);
export const deleteRule = (id: string) => api<null>('DELETE', `${RULES}/${encodeURIComponent(id)}`);
export const reorderRules = (ids: string[]) => api<Items<Rule>>('PUT', `${RULES}/order`, { ids });
export const listRuns = (filter: { ruleId?: string; subjectId?: string }) =>
  api<{ items: Run[]; nextCursor: string | null }>('GET', `/api/v1/automation/runs${query({ ...filter, limit: 100 })}`);
/** Dry run of the rule as edited (saved or not) against one conversation. */
export const testRule = (rule: RuleInput, subjectId: string, messageText?: string) =>
  api<TestResult>('POST', '/api/v1/automation/test', { rule, subjectId, ...(messageText ? { messageText } : {}) });
