import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ChannelKind } from './schema.ts';

const secret = () => randomBytes(24).toString('base64url');
const localized = z.object({ 'zh-CN': z.string().max(500).optional(), en: z.string().max(500).optional() }).strict();
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

/**
 * Settings of each kind of channel, validated when an inbox is created or
 * changed. Fields marked secret are generated when omitted and never shown
 * in full again (see `secretFields`).
 */
export const channelSettings = {
  widget: z
    .object({
      greeting: localized.optional(),
      color: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/)
        .default('#2563eb'),
      /** Origins allowed to embed the widget (`https://shop.example.com`); empty allows any. */
      allowedOrigins: z.array(z.url().max(300)).max(50).default([]),
      /** Key of the HMAC that signs visitor tokens; changing it signs every visitor out. */
      visitorSecret: z.string().min(32).max(200).default(secret),
      /** Ask for name and email before the first message. */
      preChatForm: z.boolean().default(false),
      /** Show "Submit a ticket / My tickets" beside the chat (docs/tickets.md, Channels). */
      tickets: z.boolean().default(true),
      /** Messages and uploads per visitor: a bucket of `burst` refilled at `perMinute`. */
      rateLimit: z
        .object({ burst: z.number().int().min(1).max(10_000).default(20), perMinute: z.number().int().min(1).max(1_000_000).default(60) })
        .strict()
        .default({ burst: 20, perMinute: 60 }),
    })
    .strict(),
  api: z
    .object({
      /** Where replies are POSTed (HMAC-signed); omit (or null) to long-poll instead. */
      webhookUrl: httpUrl.nullish(),
      /** Signs both directions: your calls to Kefu and Kefu's webhooks to you. */
      webhookSecret: z.string().min(16).max(200).default(secret),
    })
    .strict(),
  email: z
    .object({
      /** The address customers write to; mail to it arriving at the SMTP listener lands in this inbox. */
      address: z.email().max(254),
      fromName: z.string().max(100).optional(),
      /** IMAP server polled for this inbox's mail (docs/channels/email.md), with imapUser and imapPassword; null stops polling. */
      imapHost: z.string().trim().min(1).max(253).nullish(),
      imapPort: z.number().int().min(1).max(65535).nullish(),
      /** TLS from the start (port 993); false = plain, upgraded with STARTTLS when the server offers it. Default true. */
      imapSecure: z.boolean().nullish(),
      imapUser: z.string().min(1).max(320).nullish(),
      imapPassword: z.string().min(1).max(500).nullish(),
      /** Folder to take mail from; default INBOX. */
      imapMailbox: z.string().min(1).max(200).nullish(),
      /** Ticket mode: a new thread's first mail files a ticket, later mails in it become the customer's replies on it (docs/tickets.md). */
      createTickets: z.boolean().default(false),
    })
    .strict()
    .superRefine((settings, ctx) => {
      if (settings.imapHost == null) return;
      for (const key of ['imapUser', 'imapPassword'] as const) {
        if (settings[key] == null) ctx.addIssue({ code: 'custom', path: [key], message: 'required with imapHost' });
      }
    }),
  wechat: z
    .object({
      /** The official account's AppID (开发者ID). */
      appId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the AppID (letters, digits, _ or -)'),
      appSecret: z.string().min(1).max(128),
      /** The token configured in the official account's server settings (URL verification); WeChat allows 3–32 letters or digits. */
      token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, 'must be 3 to 32 letters or digits'),
      /** 43 base64 characters; when set, messages use the encrypted (safe) mode and plain pushes are refused. */
      encodingAESKey: z
        .string()
        .regex(/^[A-Za-z0-9+/]{43}$/, 'must be the 43-character EncodingAESKey')
        .optional(),
      /** Sent as the passive reply when someone follows the account. */
      greeting: z.string().trim().min(1).max(600).optional(),
      /** Base URL of the WeChat API (a test double can stand in). */
      apiBaseUrl: httpUrl.default('https://api.weixin.qq.com'),
    })
    .strict(),
  sms: z
    .object({
      /** `generic`: Kefu's provider-neutral JSON over HTTP, bridged to any SMS gateway (docs/channels/sms.md). */
      provider: z.enum(['generic']).default('generic'),
      /** The sender number or ID replies go out from. */
      from: z.string().trim().min(1).max(40),
      /** Where Kefu POSTs replies (HMAC-signed); omit (or null) for an inbox that only receives. */
      outboundUrl: httpUrl.nullish(),
      /** Signs both directions: the gateway's calls to Kefu and Kefu's sends to the gateway. */
      inboundSecret: z.string().min(16).max(200).default(secret),
    })
    .strict(),
  voice: z
    .object({
      provider: z.enum(['generic']).default('generic'),
      /** Signs the call platform's transcript uploads. */
      inboundSecret: z.string().min(16).max(200).default(secret),
      /** Language of the speaker labels in stored transcripts (客户 / Customer). */
      transcriptLocale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    })
    .strict(),
} satisfies Record<ChannelKind, z.ZodType>;

export type ChannelSettings = { [K in ChannelKind]: z.infer<(typeof channelSettings)[K]> };

/** Settings never shown again after creation (only their last 4 characters). */
export const secretFields = new Set(['webhookSecret', 'appSecret', 'encodingAESKey', 'inboundSecret', 'visitorSecret', 'imapPassword']);

export function maskSettings(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, secretFields.has(k) && typeof v === 'string' ? `…${v.slice(-4)}` : v]));
}

/**
 * Settings that must be unique across all enabled inboxes of a channel,
 * because inbound traffic is routed by them (mail by recipient address).
 */
export const uniqueSettings: Partial<Record<ChannelKind, string[]>> = { email: ['address'] };
