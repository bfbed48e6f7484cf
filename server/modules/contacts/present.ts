import { z } from 'zod';
import type { ContactIdentityRow, ContactRow } from './schema.ts';

export const identityView = z.object({ id: z.string(), kind: z.string(), value: z.string(), createdAt: z.string() });

export const contactView = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  mergedInto: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function presentContact(row: ContactRow): z.infer<typeof contactView> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    locale: row.locale,
    attributes: row.attributes,
    mergedInto: row.mergedInto,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentIdentity(row: ContactIdentityRow): z.infer<typeof identityView> {
  return { id: row.id, kind: row.kind, value: row.value, createdAt: row.createdAt.toISOString() };
}
