import { foreignKey, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { tstz, updatedAt } from '../../db/columns.ts';
import { workspaces } from '../../modules/workspaces/schema.ts';

/**
 * The current access_token of each WeChat official account a workspace
 * connects, shared by every Kefu node: WeChat keeps one token valid per
 * account (fetching a new one retires the old after 5 minutes), so nodes
 * must not each fetch their own. Refreshed under an advisory lock (repo.ts).
 */
export const wechatAccessTokens = pgTable(
  'wechat_access_tokens',
  {
    workspaceId: text('workspace_id').notNull(),
    appId: text('app_id').notNull(),
    /** SHA-256 of the API base URL and AppSecret the token was fetched with; when either changes, the next call fetches anew. */
    credentialHash: text('credential_hash').notNull(),
    accessToken: text('access_token').notNull(),
    /** When Kefu stops using it: a few minutes before WeChat's own expiry. */
    expiresAt: tstz('expires_at').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.appId] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export type WechatAccessTokenRow = typeof wechatAccessTokens.$inferSelect;
