import { z } from 'zod';
import { idSchema } from '../../lib/ids.ts';

/** What starts an evaluation. `time` is the periodic sweep (every 5 minutes) over subjects that are not closed. */
export const triggers = ['conversation.created', 'conversation.updated', 'message.received', 'ticket.created', 'ticket.updated', 'time'] as const;
export type Trigger = (typeof triggers)[number];

export const operators = ['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'gt', 'lt', 'changed', 'changed_to', 'hours_since'] as const;
export type Operator = (typeof operators)[number];

/** The fields a condition may read (plus `custom.<key>` for a ticket's custom field). */
export const conditionFields = [
  'status',
  'priority',
  'team',
  'assignee',
  'labels',
  'inbox',
  'channel',
  'category',
  'subject',
  'message.text',
  'emotion',
  'complaint_risk',
  'contact.tier',
  'business_hours',
  'created_at',
  'updated_at',
  'last_message_at',
] as const;

const CUSTOM_FIELD = /^custom\.[a-z0-9_]{1,40}$/;

/** True for a field a condition may name. @example isConditionField('custom.order_no') // true */
export function isConditionField(field: string): boolean {
  return (conditionFields as readonly string[]).includes(field) || CUSTOM_FIELD.test(field);
}

const scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const conditionSchema = z
  .object({
    field: z.string().refine(isConditionField, { message: `unknown field; one of ${conditionFields.join(', ')} or custom.<key>` }),
    op: z.enum(operators, { message: `unknown operator; one of ${operators.join(', ')}` }),
    value: z.union([scalar, z.array(scalar).max(50)]).optional(),
  })
  .strict()
  .superRefine((c, issue) => {
    if ((c.op === 'in' || c.op === 'not_in') && !Array.isArray(c.value))
      issue.addIssue({ code: 'custom', path: ['value'], message: `${c.op} takes a list` });
    if ((c.op === 'gt' || c.op === 'lt' || c.op === 'hours_since') && typeof c.value !== 'number' && typeof c.value !== 'string') {
      issue.addIssue({ code: 'custom', path: ['value'], message: `${c.op} takes a number` });
    }
    if (c.op === 'hours_since' && !['created_at', 'updated_at', 'last_message_at'].includes(c.field)) {
      issue.addIssue({ code: 'custom', path: ['field'], message: 'hours_since reads created_at, updated_at or last_message_at' });
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

export const conditionSetSchema = z
  .object({ all: z.array(conditionSchema).max(30).default([]), any: z.array(conditionSchema).max(30).default([]) })
  .strict();
export type ConditionSet = z.infer<typeof conditionSetSchema>;

const label = z.string().trim().min(1).max(50);
/** Text with `{{contact.name}}`, `{{conversation.id}}`… filled in when the action runs. */
const template = z.string().trim().min(1).max(5000);

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign'), userId: idSchema('user') }).strict(),
  z.object({ type: z.literal('assign_team'), teamId: idSchema('team') }).strict(),
  z
    .object({ type: z.literal('assign_round_robin') })
    .strict()
    .describe('Back to the queue: routing picks the next free agent'),
  z
    .object({
      type: z.literal('set_field'),
      field: z.string().refine((f) => ['status', 'priority', 'team'].includes(f) || CUSTOM_FIELD.test(f), {
        message: 'status, priority, team or custom.<key>',
      }),
      value: scalar,
    })
    .strict(),
  z.object({ type: z.literal('add_label'), label }).strict(),
  z.object({ type: z.literal('remove_label'), label }).strict(),
  z.object({ type: z.literal('send_canned'), cannedId: idSchema('cannedResponse') }).strict(),
  z
    .object({
      type: z.literal('send_email'),
      to: z.union([z.literal('contact'), z.email()]),
      subject: template.max(200),
      body: template,
    })
    .strict(),
  z.object({ type: z.literal('webhook'), url: z.url({ protocol: /^https?$/ }), secret: z.string().min(8).max(200) }).strict(),
  z
    .object({
      type: z.literal('create_task'),
      title: template.max(200),
      body: z.string().max(5000).default(''),
      dueInHours: z
        .number()
        .positive()
        .max(24 * 365)
        .optional(),
      assigneeId: idSchema('user').optional(),
      teamId: idSchema('team').optional(),
    })
    .strict(),
  z.object({ type: z.literal('add_note'), text: template }).strict(),
]);
export type ActionSpec = z.infer<typeof actionSchema>;
export const actionTypes = actionSchema.options.map((o) => o.shape.type.value);

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000),
  enabled: z.boolean(),
  trigger: z.enum(triggers, { message: `unknown trigger; one of ${triggers.join(', ')}` }),
  conditions: conditionSetSchema,
  actions: z.array(actionSchema).min(1).max(20),
  stopProcessing: z.boolean(),
};

export const ruleCreate = z
  .object({
    ...ruleFields,
    description: ruleFields.description.default(''),
    enabled: ruleFields.enabled.default(true),
    conditions: conditionSetSchema.default({ all: [], any: [] }),
    stopProcessing: ruleFields.stopProcessing.default(false),
  })
  .strict();
export type RuleCreate = z.infer<typeof ruleCreate>;

/** A change: only the fields sent are touched (no defaults, so `{ enabled: false }` leaves the conditions alone). */
export const rulePatch = z.object(ruleFields).partial().strict();
export type RulePatch = z.infer<typeof rulePatch>;
