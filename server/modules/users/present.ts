import { z } from 'zod';
import { isoDate } from '../../lib/http.ts';
import type { InvitationRow, RoleRow, UserRow } from './schema.ts';

export const userView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  roleId: z.string(),
  locale: z.string(),
  status: z.enum(['active', 'disabled']),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export const roleView = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  builtin: z.boolean(),
});

export const invitationView = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  roleId: z.string(),
  invitedBy: z.string(),
  expiresAt: z.string(),
  createdAt: z.string(),
});

/** A user as the API shows it: never the password hash. */
export function presentUser(row: UserRow): z.infer<typeof userView> {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roleId: row.roleId,
    locale: row.locale,
    status: row.status,
    lastLoginAt: isoDate(row.lastLoginAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentRole(row: RoleRow): z.infer<typeof roleView> {
  return { id: row.id, key: row.key, name: row.name, permissions: row.permissions, builtin: row.builtin };
}

export function presentInvitation(row: InvitationRow): z.infer<typeof invitationView> {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roleId: row.roleId,
    invitedBy: row.invitedBy,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}
