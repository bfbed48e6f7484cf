import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { contacts, openContactFields, type ContactRow } from '../contacts/index.ts';
import { teamMembers, teams } from '../routing/index.ts';
import { users } from '../users/index.ts';

/** Lookups of the people and teams a ticket points at, always inside the workspace. */
export async function findContactRow(db: DbOrTx, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return row ? (await openContactFields(db, workspaceId, [row]))[0] : undefined;
}

export async function teamExists(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return rows.length > 0;
}

export async function userExists(db: DbOrTx, workspaceId: string, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return rows.length > 0;
}

/** The members of a team, for notices meant for whoever works the team's tickets. */
export async function selectTeamMemberIds(db: DbOrTx, workspaceId: string, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), eq(teamMembers.teamId, teamId)));
  return rows.map((r) => r.userId);
}
