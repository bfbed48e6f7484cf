import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantColumns, tstz, updatedAt } from '../../db/columns.ts';
import { conversations } from '../conversations/schema.ts';
import { inboxes } from '../inboxes/schema.ts';
import { users } from '../users/schema.ts';
import { workspaces } from '../workspaces/schema.ts';

export const presences = ['online', 'away', 'offline'] as const;
export type Presence = (typeof presences)[number];

/** Capacity of an agent nobody has configured yet. */
export const DEFAULT_CAPACITY = 5;

/**
 * How a person takes conversations: skills, how many at once, and whether
 * they take any now. One row per user, created the first time it changes
 * (a user without a row is offline with no skills and the default capacity).
 */
export const agentProfiles = pgTable(
  'agent_profiles',
  {
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    skills: text('skills').array().notNull().default([]),
    capacity: integer('capacity').notNull().default(DEFAULT_CAPACITY),
    presence: text('presence', { enum: presences }).notNull().default('offline'),
    /** When the agent last got a conversation or came online: among equally busy agents, the oldest goes first. */
    idleSince: tstz('idle_since').notNull().defaultNow(),
    /** Last sign of life of a console socket of this agent (any node); null after presence was set without one. */
    lastSeenAt: tstz('last_seen_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

/** A group of agents; its skills count as every member's. */
export const teams = pgTable(
  'teams',
  {
    ...tenantColumns(),
    name: text('name').notNull(),
    skills: text('skills').array().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }).onDelete('cascade'),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    workspaceId: text('workspace_id').notNull(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    index('team_members_user_idx').on(t.workspaceId, t.userId),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }).onDelete('cascade'),
  ],
);

/** Per inbox: which team takes its conversations and which skills they need. No row: anyone, no skills. */
export const routingRules = pgTable(
  'routing_rules',
  {
    workspaceId: text('workspace_id').notNull(),
    inboxId: text('inbox_id').notNull(),
    teamId: text('team_id'),
    skills: text('skills').array().notNull().default([]),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.inboxId] }),
    foreignKey({ columns: [t.workspaceId, t.inboxId], foreignColumns: [inboxes.workspaceId, inboxes.id] }).onDelete('cascade'),
  ],
);

/**
 * A conversation's turn at being routed. Waiting while `assigned_at` is null
 * and the conversation is open without an assignee; the row stays after
 * assignment (`assigned_at`), which the expected-wait estimate reads.
 */
export const routingQueue = pgTable(
  'routing_queue',
  {
    workspaceId: text('workspace_id').notNull(),
    conversationId: text('conversation_id').notNull(),
    /** What the agent must be able to do: the inbox rule's skills, plus any a handoff adds. */
    skills: text('skills').array().notNull().default([]),
    waitingSince: tstz('waiting_since').notNull().defaultNow(),
    /** The last position announced to the customer and the console; 0 once it is not waiting. */
    position: integer('position').notNull().default(0),
    assignedAt: tstz('assigned_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId] }),
    index('routing_queue_waiting_idx')
      .on(t.workspaceId, t.waitingSince)
      .where(sql`${t.assignedAt} is null`),
    index('routing_queue_assigned_idx').on(t.workspaceId, t.assignedAt),
    foreignKey({ columns: [t.workspaceId, t.conversationId], foreignColumns: [conversations.workspaceId, conversations.id] }).onDelete('cascade'),
  ],
);

export type AgentProfileRow = typeof agentProfiles.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;
export type RoutingRuleRow = typeof routingRules.$inferSelect;
export type RoutingQueueRow = typeof routingQueue.$inferSelect;
