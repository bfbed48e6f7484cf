import { z } from 'zod';

/**
 * Slot-filling flows are data (one JSON document per flow, per workspace):
 * the bot asks for each slot in order, validates the answer, re-asks on a
 * bad value, confirms, then runs the flow's actions. Texts are per locale
 * and may name filled slots as `{slot_name}`.
 */

export const flowLocales = ['zh-CN', 'en'] as const;
export type FlowLocale = (typeof flowLocales)[number];

/** A text in both languages. */
export const localized = z.object({ 'zh-CN': z.string().min(1).max(2000), en: z.string().min(1).max(2000) });
export type Localized = z.infer<typeof localized>;

const choice = z.object({
  value: z.string().min(1).max(64),
  label: localized,
  /** Other words a customer may use for this choice, any language. */
  synonyms: z.array(z.string().min(1).max(64)).max(50).default([]),
});

const slotBase = {
  name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  prompt: localized,
  /** Said before the prompt again when the answer did not validate. */
  invalid: localized.optional(),
  optional: z.boolean().default(false),
  /** Asks this many times before offering a human (the conversation stays in the flow). */
  maxAttempts: z.number().int().min(1).max(5).default(3),
};

export const slotSchema = z.discriminatedUnion('type', [
  /** Filled from an entity the NLU extracted (`order_number`, `phone`, `email`, `date`, `amount`, `product`, `id_number`). */
  z.object({ ...slotBase, type: z.literal('entity'), entity: z.string().min(1).max(40), pattern: z.string().max(200).optional() }),
  /** Free text, e.g. a description of the problem. */
  z.object({
    ...slotBase,
    type: z.literal('text'),
    minLength: z.number().int().min(1).max(500).default(2),
    maxLength: z.number().int().min(1).max(2000).default(500),
  }),
  /** One of a few options, by number ("2"), label or synonym. */
  z.object({ ...slotBase, type: z.literal('choice'), choices: z.array(choice).min(2).max(12) }),
  /** Yes or no (是/好的/对/yes/ok… or 不/否/no…). */
  z.object({ ...slotBase, type: z.literal('yes_no') }),
  /** An uploaded file or photo; usually optional ("skip"/"跳过" moves on). */
  z.object({ ...slotBase, type: z.literal('attachment') }),
]);
export type FlowSlot = z.infer<typeof slotSchema>;

export const flowActionSchema = z.discriminatedUnion('type', [
  /** Store the filled slots as a service request the agents see (returns, appointments…); `{request_number}` is then usable in `done`. */
  z.object({ type: z.literal('create_request'), kind: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/) }),
  /** POST the slots as JSON to the business's system (HMAC-signed like every Kefu webhook). */
  z.object({ type: z.literal('webhook'), url: z.url() }),
  /** Hand the conversation to a person with the slots in the summary. */
  z.object({ type: z.literal('handoff') }),
]);
export type FlowAction = z.infer<typeof flowActionSchema>;

export const flowSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  title: localized,
  /** Intents that start the flow. */
  intents: z.array(z.string().min(1).max(64)).min(1).max(20),
  slots: z.array(slotSchema).min(1).max(20),
  /** Shown with the filled slots before acting; a "no" asks which slot to change or cancels. Omit to act at once. */
  confirm: localized.optional(),
  actions: z.array(flowActionSchema).max(5).default([]),
  done: localized,
  cancelled: localized,
});
export type FlowDefinition = z.infer<typeof flowSchema>;
