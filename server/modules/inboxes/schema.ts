import { boolean, foreignKey, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';

export const channelKinds = ['widget', 'api', 'email', 'wechat', 'sms', 'voice'] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** One channel instance of a workspace (a widget on a site, a mailbox, a WeChat official account…). */
export const inboxes = pgTable(
  'inboxes',
  {
    ...tenantColumns(),
    channel: text('channel', { enum: channelKinds }).notNull(),
    name: text('name').notNull(),
    /** Channel settings, validated by the channel adapter's schema. Secrets live here too. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    enabled: boolean('enabled').notNull().default(true),
    /** The bot answers new conversations first; a person takes over on handoff. */
    botEnabled: boolean('bot_enabled').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type InboxRow = typeof inboxes.$inferSelect;
