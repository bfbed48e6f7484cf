/** Every table, for drizzle-kit and the typed query layer. Modules own their tables. */
export * from '../modules/workspaces/schema.ts';
export * from '../modules/users/schema.ts';
export * from '../modules/auth/schema.ts';
export * from '../modules/audit/schema.ts';
export * from '../modules/contacts/schema.ts';
export * from '../modules/inboxes/schema.ts';
export * from '../modules/conversations/schema.ts';
export * from '../modules/knowledge/schema.ts';
export * from '../modules/knowledge/article-schema.ts';
export * from '../modules/knowledge/graph-schema.ts';
export * from '../modules/bot/schema.ts';
export * from '../modules/routing/schema.ts';
export * from '../modules/canned/schema.ts';
export * from '../modules/helpcenter/schema.ts';
export * from '../channels/wechat/schema.ts';
export * from '../modules/gaps/schema.ts';
