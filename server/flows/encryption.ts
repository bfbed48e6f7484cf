import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import type { JobDefinition } from '../jobs/queue.ts';
import { countTwoFactorSecretsLeft, reencryptTwoFactorSecrets, selectWorkspacesWithClearTotpSecrets } from '../modules/auth/index.ts';
import { countContactRowsLeft, reencryptContacts, reencryptIdentities, selectWorkspacesWithoutHashes } from '../modules/contacts/index.ts';
import {
  countAttachmentsLeft,
  countMessageRowsLeft,
  reencryptAttachmentKeys,
  reencryptMessages,
  selectAttachmentsToMove,
} from '../modules/conversations/index.ts';
import {
  describeKeys,
  REENCRYPT_JOB,
  retireKeys,
  selectWorkspacesRetiring,
  undecryptable,
  withCipher,
  workspaceCipher,
  type BatchResult,
} from '../modules/encryption/index.ts';
import { attachmentColumn } from '../storage/attachments.ts';
import { readBlob, rewriteBlob } from '../storage/blob-store.ts';

const BATCH = 200;

/** Rows each table still has to move to the active key. */
export interface RowsLeft {
  contacts: number;
  messages: number;
  attachments: number;
  /** Staff TOTP secrets (a handful per workspace): they hold back retirement, the admin page does not list them. */
  twoFactorSecrets: number;
}

async function rowsLeft(db: DbOrTx, workspaceId: string): Promise<RowsLeft> {
  const cipher = await workspaceCipher(db, workspaceId, true);
  return {
    contacts: await countContactRowsLeft(db, workspaceId, cipher.activeKeyId),
    messages: await countMessageRowsLeft(db, workspaceId, cipher.activeKeyId, cipher.encryptMessages),
    attachments: await countAttachmentsLeft(db, workspaceId, cipher.activeKeyId),
    twoFactorSecrets: await countTwoFactorSecretsLeft(db, workspaceId, cipher.activeKeyId),
  };
}

/** Walk one table in keyset batches until the end; returns the rows that did not decrypt. */
async function walk(step: (afterId: string) => Promise<BatchResult>): Promise<number> {
  let failed = 0;
  for (let after: string | null = ''; after !== null;) {
    const result = await step(after);
    failed += result.failed;
    after = result.next;
  }
  return failed;
}

/** Move one batch of attachment files to the active key: decrypt, encrypt, replace in place, then record the key. */
async function moveAttachments(ctx: AppContext, workspaceId: string, afterId: string): Promise<BatchResult> {
  const cipher = await workspaceCipher(ctx.db, workspaceId);
  const rows = await selectAttachmentsToMove(ctx.db, workspaceId, cipher.activeKeyId, afterId, BATCH);
  let failed = 0;
  for (const row of rows) {
    const bad = await undecryptable(async () => {
      const stored = await readBlob(ctx, row.storageKey);
      const plain = await withCipher(ctx.db, workspaceId, (c) => c.openBlob(attachmentColumn(row.id), stored));
      await rewriteBlob(ctx, row.storageKey, cipher.sealBlob(attachmentColumn(row.id), plain), row.contentType);
      await reencryptAttachmentKeys(ctx.db, workspaceId, row.id, cipher.activeKeyId);
    });
    if (bad) failed++;
  }
  return { next: rows.length === BATCH ? rows.at(-1)!.id : null, moved: rows.length - failed, failed };
}

/**
 * Move every row of a workspace to its active data key (and encrypt
 * plaintext ones: contacts always, messages when opted in), then retire the
 * keys that were retiring — only when nothing is left under them. Keyset
 * batches; rows already under the active key are skipped, so a rerun after a
 * crash resumes cheaply, and messages arriving meanwhile need nothing.
 */
export async function reencryptWorkspace(ctx: AppContext, workspaceId: string): Promise<RowsLeft> {
  const { keys } = await describeKeys(ctx.db, workspaceId);
  const retiring = keys.filter((k) => k.purpose === 'data' && k.status === 'retiring').map((k) => k.id);
  const failed =
    (await walk((after) => reencryptContacts(ctx.db, workspaceId, after, BATCH))) +
    (await walk((after) => reencryptIdentities(ctx.db, workspaceId, after, BATCH))) +
    (await walk((after) => reencryptMessages(ctx.db, workspaceId, after, BATCH))) +
    (await walk((after) => moveAttachments(ctx, workspaceId, after))) +
    (await walk((after) => reencryptTwoFactorSecrets(ctx.db, workspaceId, after, BATCH)));
  const left = await rowsLeft(ctx.db, workspaceId);
  const total = left.contacts + left.messages + left.attachments + left.twoFactorSecrets;
  if (total === 0 && retiring.length) {
    await retireKeys(ctx.db, workspaceId, retiring);
    ctx.log.info({ workspaceId, retired: retiring }, 'encryption keys retired: no row uses them any more');
  } else if (total > 0) {
    ctx.log.warn(
      { workspaceId, left, undecryptable: failed },
      'rows left under older keys after re-encryption (see decryption_failed in docs/encryption.md)',
    );
  }
  return left;
}

/** The durable job behind rotation and the message opt-in. */
export const reencryptJob: JobDefinition = {
  name: REENCRYPT_JOB,
  retry: { limit: 5, delaySeconds: 30, backoff: true },
  async run(ctx, data) {
    const { workspaceId, pass = 1 } = data as { workspaceId: string; pass?: number };
    const left = await reencryptWorkspace(ctx, workspaceId);
    // A write that took its key just before the rotation may land after this pass: look again shortly, a few times.
    const total = left.contacts + left.messages + left.attachments + left.twoFactorSecrets;
    if (total > 0 && pass < REENCRYPT_PASSES) {
      await ctx.jobs.send(REENCRYPT_JOB, { workspaceId, pass: pass + 1 }, { startAfter: new Date(Date.now() + 10_000) });
    }
  },
};

/** Passes of the re-encryption job over one workspace before the rest waits for the next boot or rotation. */
const REENCRYPT_PASSES = 3;

/**
 * Boot, before serving: contacts stored before encryption existed get their
 * hashes (and ciphertext) now, so lookups by identity, email and phone find
 * them and no duplicate identity can be created beside them.
 */
export async function backfillBeforeServing(ctx: AppContext): Promise<void> {
  for (const workspaceId of await selectWorkspacesWithoutHashes(ctx.db)) {
    ctx.log.info({ workspaceId }, 'encrypting contacts stored before encryption at rest');
    await reencryptWorkspace(ctx, workspaceId);
  }
  await sealClearTotpSecrets(ctx);
}

/**
 * Boot, before serving: staff TOTP secrets stored in clear (before they were
 * sealed) are sealed now — only that table, a few rows per workspace.
 */
async function sealClearTotpSecrets(ctx: AppContext): Promise<void> {
  for (const workspaceId of await selectWorkspacesWithClearTotpSecrets(ctx.db)) {
    ctx.log.info({ workspaceId }, 'sealing two-factor secrets stored before encryption at rest');
    await walk((after) => reencryptTwoFactorSecrets(ctx.db, workspaceId, after, BATCH));
  }
}

/** Boot: rotations a stopped node left half-way carry on. */
export async function resumeReencryption(ctx: AppContext): Promise<void> {
  for (const workspaceId of await selectWorkspacesRetiring(ctx.db)) await ctx.jobs.send(REENCRYPT_JOB, { workspaceId });
}

/** What the admin page shows: keys (ids, status, dates — never bytes), the setting, rows left. */
export async function encryptionStatus(ctx: AppContext, workspaceId: string) {
  const { keys, encryptMessages } = await describeKeys(ctx.db, workspaceId);
  const data = keys.filter((k) => k.purpose === 'data');
  const { contacts, messages, attachments } = await rowsLeft(ctx.db, workspaceId);
  return {
    activeKeyId: data.find((k) => k.status === 'active')!.id,
    encryptMessages,
    keys: data.map((k) => ({ id: k.id, status: k.status, createdAt: k.createdAt.toISOString(), retiredAt: k.retiredAt?.toISOString() ?? null })),
    rowsLeft: { contacts, messages, attachments },
  };
}
