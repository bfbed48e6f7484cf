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

/** What a new message stores: its content (encrypted or not) and its search words (hashed or not). */
export async function sealContent(db: DbOrTx, workspaceId: string, content: string): Promise<{ content: string; terms: string }> {
  const cipher = await workspaceCipher(db, workspaceId);
  return sealWith(cipher, content);
}

export function sealWith(cipher: Cipher, content: string): { content: string; terms: string } {
  const terms = searchTerms(content);
  if (!cipher.encryptMessages) return { content, terms };
  return { content: content ? cipher.seal(CONTENT, content) : content, terms: cipher.hashTerms(terms) };
}

/** Messages (or anything with `content`) of one workspace with their content decrypted. */
export async function openMessages<T extends { content: string }>(db: DbOrTx, workspaceId: string, rows: T[]): Promise<T[]> {
  if (!rows.some((r) => r.content.startsWith('ENC1:'))) return rows;
  return withCipher(db, workspaceId, (c) => rows.map((r) => ({ ...r, content: c.open(CONTENT, r.content) })));
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
  return (await openMessages(db, workspaceId, contents.map((content) => ({ content })))).map((r) => r.content);
}
