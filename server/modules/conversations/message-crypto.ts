import type { DbOrTx } from '../../db/client.ts';
import { searchTerms } from '../../nlu/search-terms.ts';
import { withCipher, workspaceCipher, type Cipher } from '../encryption/index.ts';

/*
 * Message content at rest (docs/encryption.md): encrypted when the workspace
 * opted in (`encryptMessages`), its search words then stored as keyed hashes.
 * Repos seal on the way in and open on the way out; nothing above them sees
 * ciphertext. Rows written before the opt-in stay plaintext until a rotation.
 */

export const CONTENT = 'messages.content';
const ATTRIBUTES = 'messages.content_attributes';
/** Attributes that carry the customer's words (an email's subject and original text): sealed with the content. */
const SENSITIVE_ATTRIBUTES = ['email'];

type Attributes = Record<string, unknown>;

/** Content attributes as stored: the sensitive ones as `{ $enc: 'ENC1:…' }` when the workspace encrypts messages. */
export function sealAttributes(cipher: Cipher, attributes: Attributes | undefined): Attributes | undefined {
  if (!attributes || !cipher.encryptMessages || !SENSITIVE_ATTRIBUTES.some((k) => k in attributes)) return attributes;
  const out = { ...attributes };
  for (const key of SENSITIVE_ATTRIBUTES) {
    if (key in out) out[key] = { $enc: cipher.seal(`${ATTRIBUTES}.${key}`, JSON.stringify(out[key])) };
  }
  return out;
}

function openAttributes(cipher: Cipher, attributes: Attributes): Attributes {
  const sealed = SENSITIVE_ATTRIBUTES.filter((k) => typeof (attributes[k] as { $enc?: unknown } | undefined)?.$enc === 'string');
  if (!sealed.length) return attributes;
  const out = { ...attributes };
  for (const key of sealed) out[key] = JSON.parse(cipher.open(`${ATTRIBUTES}.${key}`, (attributes[key] as { $enc: string }).$enc)) as unknown;
  return out;
}

const hasSealedAttributes = (attributes: unknown) =>
  typeof attributes === 'object' &&
  attributes !== null &&
  SENSITIVE_ATTRIBUTES.some(
    (k) => (attributes as Attributes)[k] && typeof (attributes as Attributes)[k] === 'object' && '$enc' in ((attributes as Attributes)[k] as object),
  );

/** What a new message stores: its content (encrypted or not) and its search words (hashed or not). */
export async function sealContent(db: DbOrTx, workspaceId: string, content: string): Promise<{ content: string; terms: string; cipher: Cipher }> {
  const cipher = await workspaceCipher(db, workspaceId);
  return { ...sealWith(cipher, content), cipher };
}

export function sealWith(cipher: Cipher, content: string): { content: string; terms: string } {
  const terms = searchTerms(content);
  if (!cipher.encryptMessages) return { content, terms };
  return { content: content ? cipher.seal(CONTENT, content) : content, terms: cipher.hashTerms(terms) };
}

/** Messages (or anything with `content`) of one workspace with their content decrypted. */
export async function openMessages<T extends { content: string; contentAttributes?: Attributes }>(
  db: DbOrTx,
  workspaceId: string,
  rows: T[],
): Promise<T[]> {
  if (!rows.some((r) => r.content.startsWith('ENC1:') || hasSealedAttributes(r.contentAttributes))) return rows;
  return withCipher(db, workspaceId, (c) =>
    rows.map((r) => ({
      ...r,
      content: c.open(CONTENT, r.content),
      ...(r.contentAttributes ? { contentAttributes: openAttributes(c, r.contentAttributes) } : {}),
    })),
  );
}

export async function openMessage<T extends { content: string }>(db: DbOrTx, workspaceId: string, row: T | undefined): Promise<T | undefined> {
  return row ? (await openMessages(db, workspaceId, [row]))[0] : undefined;
}

/** Search words as the index stores them in this workspace: as they are, or also as keyed hashes. */
export async function searchTermsFor(db: DbOrTx, workspaceId: string, terms: string): Promise<{ plain: string; hashed: string }> {
  return { plain: terms, hashed: (await workspaceCipher(db, workspaceId)).hashTerms(terms) };
}

/** Bare content strings of one workspace, decrypted (for repos that read content by hand). */
export async function openContents(db: DbOrTx, workspaceId: string, contents: string[]): Promise<string[]> {
  return (
    await openMessages(
      db,
      workspaceId,
      contents.map((content) => ({ content })),
    )
  ).map((r) => r.content);
}
