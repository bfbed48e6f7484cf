import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { decodeCursor, toPage } from '../../lib/pagination.ts';
import type { Actor } from '../../lib/principal.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { keepUnmasked, maskForLog, maskPhoneNumber, maskValue, privacyFor } from '../pii/index.ts';
import {
  ensureIdentity,
  findContact,
  findContactByEmailOrPhone,
  findContactByIdentity,
  insertContact,
  lockContact,
  moveIdentities,
  selectContacts,
  selectIdentities,
  updateContactRow,
} from './repo.ts';
import { normalizeEmail, normalizePhone } from './normalize.ts';
import type { ContactIdentityRow, ContactRow, IdentityKind } from './schema.ts';

export { normalizeEmail, normalizePhone };

export interface ContactProfile {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  locale?: string | null;
}

/** Follow merges to the contact that holds everything now. */
async function liveContact(tx: DbOrTx, workspaceId: string, id: string): Promise<ContactRow> {
  let contact = await findContact(tx, workspaceId, id);
  for (let hops = 0; contact?.mergedInto && hops < 10; hops++) contact = await findContact(tx, workspaceId, contact.mergedInto);
  if (!contact) throw appError('not_found');
  return contact;
}

/**
 * Who wrote: find the contact behind a channel identity, or the contact with
 * the same email or phone (so a customer who chats on the widget and later
 * emails lands in one contact), or create one. Fills in profile fields the
 * contact lacks. Call inside the transaction that stores the message.
 */
export async function resolveContact(
  tx: DbOrTx,
  workspaceId: string,
  identity: { kind: IdentityKind; value: string },
  profile: ContactProfile = {},
): Promise<ContactRow> {
  const email = normalizeEmail(profile.email ?? (identity.kind === 'email' ? identity.value : null));
  const phone = normalizePhone(profile.phone ?? (identity.kind === 'phone' ? identity.value : null));
  const holder = await findContactByIdentity(tx, workspaceId, identity.kind, identity.value);
  const known = holder !== undefined;
  let contact = holder
    ? holder.mergedInto
      ? await liveContact(tx, workspaceId, holder.mergedInto)
      : holder
    : await findContactByEmailOrPhone(tx, workspaceId, email ?? undefined, phone ?? undefined);
  contact ??= await insertContact(tx, {
    workspaceId,
    id: newId('contact'),
    name: profile.name?.trim() || null,
    email,
    phone,
    locale: profile.locale ?? null,
  });
  if (!known) {
    const held = await ensureIdentity(tx, { workspaceId, id: newId('identity'), contactId: contact.id, kind: identity.kind, value: identity.value });
    // Someone else claimed this identity a moment ago: join them.
    if (held.contactId !== contact.id) contact = await liveContact(tx, workspaceId, held.contactId);
  }
  const fill = {
    ...(!contact.name && profile.name?.trim() ? { name: profile.name.trim() } : {}),
    ...(!contact.email && email ? { email } : {}),
    ...(!contact.phone && phone ? { phone } : {}),
    ...(!contact.locale && profile.locale ? { locale: profile.locale } : {}),
  };
  return Object.keys(fill).length ? updateContactRow(tx, workspaceId, contact.id, fill) : contact;
}

/** How one contact field's value is kept in the audit log: email and phone masked, text attributes with any PII in them masked. */
function auditValue(key: string, value: unknown): unknown {
  if (typeof value === 'string' && key === 'email') return maskValue({ kind: 'email', value });
  if (typeof value === 'string' && key === 'phone') return maskPhoneNumber(value);
  if (key === 'attributes' && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? maskForLog(v) : v]));
  }
  return value;
}

/**
 * Contact fields as the audit log keeps them. The log outlives the contact's
 * own row in backups and exports and is read by every admin, so it records
 * that an email or phone changed and what it looks like masked (`138****5678`),
 * never the value itself (docs/security.md).
 */
function forAudit(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, auditValue(k, v)]));
}

export async function getContact(db: DbOrTx, workspaceId: string, id: string): Promise<{ contact: ContactRow; identities: ContactIdentityRow[] }> {
  const contact = await findContact(db, workspaceId, id);
  if (!contact) throw appError('not_found');
  return { contact, identities: await selectIdentities(db, workspaceId, id) };
}

export const listContactsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export async function listContacts(db: DbOrTx, workspaceId: string, query: z.infer<typeof listContactsQuery>) {
  const rows = await selectContacts(db, workspaceId, { before: decodeCursor(query.cursor), limit: query.limit + 1, q: query.q });
  return toPage(rows, query.limit);
}

export const contactPatch = z
  .object({
    name: z.string().trim().min(1).max(200).nullable(),
    email: z.email().max(254).nullable(),
    phone: z.string().max(40).nullable(),
    locale: z.enum(['zh-CN', 'en']).nullable(),
    attributes: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
  })
  .partial()
  .strict();

export async function updateContact(ctx: AppContext, actor: Actor, id: string, patch: z.infer<typeof contactPatch>): Promise<ContactRow> {
  const workspaceId = actor.principal.workspaceId;
  const privacy = await privacyFor(ctx.db, workspaceId);
  return ctx.db.transaction(async (tx) => {
    const before = await lockContact(tx, workspaceId, id);
    if (!before || before.mergedInto) throw appError('not_found');
    // The console shows these masked to most roles: a form saved around them sends the stars back.
    const email = keepUnmasked(before.email, patch.email, privacy);
    const phone = keepUnmasked(before.phone, patch.phone, privacy);
    const normalized = {
      ...patch,
      ...(patch.name !== undefined ? { name: keepUnmasked(before.name, patch.name, privacy) } : {}),
      ...(email !== undefined ? { email: email === before.email ? email : normalizeEmail(email) } : {}),
      ...(phone !== undefined ? { phone: phone === before.phone ? phone : normalizePhone(phone) } : {}),
      ...(patch.attributes !== undefined ? { attributes: keepUnmaskedAttributes(before.attributes, patch.attributes, privacy) } : {}),
    };
    const after = await updateContactRow(tx, workspaceId, id, normalized);
    const keys = Object.keys(normalized) as (keyof typeof normalized)[];
    const changed = changedFields(before, after, keys);
    await recordAudit(tx, actor, {
      action: 'contact.updated',
      targetType: 'contact',
      targetId: id,
      before: forAudit(changed.before),
      after: forAudit(changed.after),
    });
    return after;
  });
}

/** Attribute values sent back exactly as the console showed them masked keep their stored value. */
function keepUnmaskedAttributes<T extends Record<string, unknown>>(
  current: Record<string, unknown>,
  incoming: T,
  privacy: Parameters<typeof keepUnmasked>[2],
): T {
  return Object.fromEntries(
    Object.entries(incoming).map(([key, value]) => {
      const was = current[key];
      return [key, typeof value === 'string' && typeof was === 'string' ? keepUnmasked(was, value, privacy) : value];
    }),
  ) as T;
}

/**
 * The contact-side half of a merge, inside the merge flow's transaction:
 * identities move to the survivor, which takes the profile fields it lacks,
 * and the other contact points at it from now on.
 */
export async function absorbContact(tx: DbOrTx, actor: Actor, survivorId: string, mergedId: string): Promise<ContactRow> {
  const workspaceId = actor.principal.workspaceId;
  if (survivorId === mergedId) throw appError('validation_failed', [{ path: ['contactId'], message: 'cannot merge a contact into itself' }]);
  const [first, second] = [survivorId, mergedId].sort();
  const locked = new Map([
    [first!, await lockContact(tx, workspaceId, first!)],
    [second!, await lockContact(tx, workspaceId, second!)],
  ]);
  const survivor = locked.get(survivorId);
  const merged = locked.get(mergedId);
  if (!survivor || !merged || survivor.mergedInto || merged.mergedInto) throw appError('not_found');
  await moveIdentities(tx, workspaceId, mergedId, survivorId);
  await updateContactRow(tx, workspaceId, mergedId, { mergedInto: survivorId });
  const result = await updateContactRow(tx, workspaceId, survivorId, {
    name: survivor.name ?? merged.name,
    email: survivor.email ?? merged.email,
    phone: survivor.phone ?? merged.phone,
    locale: survivor.locale ?? merged.locale,
    attributes: { ...merged.attributes, ...survivor.attributes },
  });
  await recordAudit(tx, actor, {
    action: 'contact.merged',
    targetType: 'contact',
    targetId: survivorId,
    before: forAudit({ mergedContactId: mergedId, name: merged.name, email: merged.email, phone: merged.phone }),
    after: forAudit({ name: result.name, email: result.email, phone: result.phone }),
  });
  return result;
}
