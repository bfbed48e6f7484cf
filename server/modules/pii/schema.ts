import { foreignKey, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { updatedAt } from '../../db/columns.ts';
import { workspaces } from '../workspaces/schema.ts';
import type { PrivacySettings } from './settings.ts';

/** One row per workspace: which personal information is detected and where it is masked; absent = the defaults (masked everywhere). */
export const privacySettings = pgTable(
  'privacy_settings',
  {
    workspaceId: text('workspace_id').notNull(),
    settings: jsonb('settings').$type<PrivacySettings>().notNull(),
    updatedBy: text('updated_by'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId] }), foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade')],
);
