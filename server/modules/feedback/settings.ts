import { z } from 'zod';

export const surveyLocales = ['zh-CN', 'en'] as const;
export type SurveyLocale = (typeof surveyLocales)[number];

const bilingual = (max: number) => z.object({ 'zh-CN': z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

/** An extra question after the stars: yes/no ("问题是否已解决?") or one choice of a few options. */
export const surveyQuestion = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
    kind: z.enum(['yes_no', 'choice']),
    label: bilingual(200),
    /** Options of a `choice` question (2–6). */
    options: z
      .array(z.object({ value: z.string().regex(/^[a-z0-9_]{1,40}$/), label: bilingual(100) }).strict())
      .max(6)
      .default([]),
    required: z.boolean().default(false),
  })
  .strict()
  .refine((q) => q.kind !== 'choice' || q.options.length >= 2, { message: 'a choice question needs 2–6 options', path: ['options'] });
export type SurveyQuestion = z.infer<typeof surveyQuestion>;

/** Per channel kind: ask in the conversation as a structured message, send a link, or do not ask. */
export const deliveryModes = ['inline', 'link', 'off'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];
const mode = z.enum(deliveryModes);
const texts = z.object({ intro: z.string().trim().min(1).max(500), thanks: z.string().trim().min(1).max(500) }).strict();

/** A workspace's satisfaction-survey settings (the admin page edits all of it at once). */
export const surveySettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** What is surveyed when it is resolved. */
    subjects: z.enum(['conversations', 'tickets', 'both']),
    commentEnabled: z.boolean(),
    questions: z.array(surveyQuestion).max(5),
    texts: z.object({ 'zh-CN': texts, en: texts }).strict(),
    delivery: z.object({ widget: mode, api: mode, email: mode, wechat: mode, sms: mode, voice: mode }).strict(),
    /** Wait this long after the resolution before asking (0: at once). */
    delayMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60),
    expiryDays: z.number().int().min(1).max(90),
    /** A rating at or below this makes a follow-up task (0: never). */
    followUpThreshold: z.number().int().min(0).max(5),
    followUpDueHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  })
  .strict();
export type SurveySettings = z.infer<typeof surveySettingsSchema>;

/** What a workspace gets until an admin changes it: asked on every channel, a low rating followed up within 24 hours. */
export const defaultSurveySettings: SurveySettings = {
  enabled: true,
  subjects: 'both',
  commentEnabled: true,
  questions: [
    {
      key: 'resolved',
      kind: 'yes_no',
      label: { 'zh-CN': '问题是否已解决?', en: 'Was your problem solved?' },
      options: [],
      required: false,
    },
  ],
  texts: {
    'zh-CN': { intro: '请为本次服务评分：', thanks: '感谢您的评价！' },
    en: { intro: 'How did we do? Please rate this conversation:', thanks: 'Thank you for your feedback!' },
  },
  delivery: { widget: 'inline', api: 'inline', email: 'link', wechat: 'link', sms: 'link', voice: 'link' },
  delayMinutes: 0,
  expiryDays: 7,
  followUpThreshold: 3,
  followUpDueHours: 24,
};

/** Stored settings over the defaults (a key added in a later version gets its default). */
export function withDefaults(stored: Partial<SurveySettings> | undefined): SurveySettings {
  return { ...defaultSurveySettings, ...stored, delivery: { ...defaultSurveySettings.delivery, ...stored?.delivery } };
}

/** What the customer is shown: the questions and texts of one survey, frozen when it was asked. */
export interface SurveyForm {
  comment: boolean;
  questions: SurveyQuestion[];
  texts: SurveySettings['texts'];
}
