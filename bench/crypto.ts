/**
 * Cost of encryption at rest (docs/encryption.md).
 *
 * 1. One field: µs per encrypt and decrypt of a short value (an email) and a
 *    message-sized one, and per blind-index hash.
 * 2. The widget's hot path — a known customer's next message, stored through
 *    `receiveMessage` (the one-statement group-commit path) — in a workspace
 *    with message encryption off (baseline) and one with it on, same run.
 *
 *   DATABASE_URL=postgres://… npm run bench:crypto     (env: BENCH_FIELDS=20000 BENCH_MESSAGES=300)
 *
 * A database of its own is created on DATABASE_URL's server and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { createWorkspace } from '../server/flows/create-workspace.ts';
import { receiveMessage } from '../server/flows/receive-message.ts';
import { createInbox, type InboxRow } from '../server/modules/inboxes/index.ts';
import { enableMessageEncryption, workspaceCipher } from '../server/modules/encryption/index.ts';
import { systemActor } from '../server/lib/principal.ts';

const print = (line: string) => process.stdout.write(`${line}\n`);
const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const FIELDS = num('BENCH_FIELDS', 20_000);
const MESSAGES = num('BENCH_MESSAGES', 300);

function micros(n: number, run: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) run(i);
  return Number(process.hrtime.bigint() - start) / 1000 / n;
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a database of its own is created there)');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `kefu_bench_crypto_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  const kefu = await startKefu(
    loadEnv({
      ...benchRateLimits,
      DATABASE_URL: url.toString(),
      PORT: '0',
      LOG_LEVEL: 'warn',
      KEFU_SEED_DEMO: 'false',
      KEFU_SMTP_PORT: '0',
      KEFU_IMAP_POLL: 'false',
      KEFU_MASTER_KEY: randomBytes(32).toString('base64'),
      KEFU_DATA_DIR: path.join(os.tmpdir(), `kefu-bench-crypto-${process.pid}`),
    }),
  );
  try {
    const inboxes: InboxRow[] = [];
    for (const encrypted of [false, true]) {
      const tag = randomBytes(4).toString('hex');
      const { workspace } = await createWorkspace(kefu.ctx, {
        name: `Bench ${tag}`,
        slug: `bench-${tag}`,
        admin: { email: `admin-${tag}@bench.test`, name: 'Admin', password: `pw-${tag}-secret` },
        members: [],
      });
      if (encrypted) await enableMessageEncryption(kefu.ctx.db, workspace.id);
      inboxes.push(await createInbox(kefu.ctx, systemActor(workspace.id), { channel: 'api', name: 'api', settings: {}, botEnabled: false }));
    }
    const cipher = await workspaceCipher(kefu.ctx.db, inboxes[1]!.workspaceId);
    const email = 'zhang.san@example.cn';
    const text = '你好，我的订单 DS2026112000123 还没有发货，能帮我查一下物流吗？谢谢！'.repeat(2);
    const sealedEmail = cipher.seal('contacts.email', email);
    const sealedText = cipher.seal('messages.content', text);
    micros(2000, () => cipher.open('messages.content', cipher.seal('messages.content', text))); // warm up
    print(`field (${FIELDS} each):`);
    print(`  encrypt email     ${micros(FIELDS, () => cipher.seal('contacts.email', email)).toFixed(2)} µs`);
    print(`  decrypt email     ${micros(FIELDS, () => cipher.open('contacts.email', sealedEmail)).toFixed(2)} µs`);
    print(`  encrypt message   ${micros(FIELDS, () => cipher.seal('messages.content', text)).toFixed(2)} µs  (${Buffer.byteLength(text)} bytes)`);
    print(`  decrypt message   ${micros(FIELDS, () => cipher.open('messages.content', sealedText)).toFixed(2)} µs`);
    print(`  blind-index hash  ${micros(FIELDS, () => cipher.hash('contacts.email', email)).toFixed(2)} µs`);

    print(`widget path: ${MESSAGES} follow-up messages of one customer, sequential:`);
    for (const [i, inbox] of inboxes.entries()) {
      const identity = { kind: 'widget' as const, value: `visitor-${i}` };
      await receiveMessage(kefu.ctx, inbox, { identity, profile: { email: `v${i}@bench.test` }, message: { sourceId: `first-${i}`, content: text } });
      for (let n = 0; n < 30; n++) await receiveMessage(kefu.ctx, inbox, { identity, message: { sourceId: `warm-${i}-${n}`, content: text } });
      const start = process.hrtime.bigint();
      for (let n = 0; n < MESSAGES; n++)
        await receiveMessage(kefu.ctx, inbox, { identity, message: { sourceId: `m-${i}-${n}`, content: `${text} ${n}` } });
      const us = Number(process.hrtime.bigint() - start) / 1000 / MESSAGES;
      print(`  encryption ${i === 0 ? 'off (baseline)' : 'on            '}  ${us.toFixed(0)} µs per message`);
    }
  } finally {
    await kefu.stop();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
