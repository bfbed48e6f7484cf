/**
 * The agent console's lists and search at scale: BENCH_CONVERSATIONS
 * conversations (10,000) holding BENCH_MESSAGES messages (1,000,000) in the
 * demo workspace of a fresh Kefu on embedded PostgreSQL, seeded in SQL
 * (conversations over 90 days, mixed statuses and assignees, bilingual words
 * indexed for search with Kefu's own `searchTerms`). Then, with concurrent
 * clients: the inbox's first page and a page 20 deep, filtered views, a
 * conversation's latest messages, and search for a common and a rare word —
 * beside `GET /health` (one database ping) in the same run as the baseline.
 *
 *   npm run bench:inbox      (env: BENCH_SECONDS=5 BENCH_CONCURRENCY=10 BENCH_MESSAGES=1000000 BENCH_DATABASE_URL=…)
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startKefu, type RunningKefu } from '../server/boot.ts';
import { loadEnv } from '../server/env.ts';
import { benchRateLimits } from './limits.ts';
import { searchTerms } from '../server/nlu/search-terms.ts';
import { formatRow, runLoad } from './http-load.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const conversationCount = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const messageCount = Number(process.env.BENCH_MESSAGES ?? 1_000_000);

/** Words messages are made of: common ones, and 发票抬头 in about 1 of 2,000 messages. */
const WORDS = [
  '你好',
  '退货',
  '退款',
  '快递',
  '物流',
  '订单',
  '发货',
  '地址',
  '修改',
  '优惠券',
  '运费',
  '保修',
  '耳机',
  '手表',
  '充电',
  '怎么',
  '什么',
  '时候',
  '可以',
  '需要',
  '谢谢',
  '请问',
  '客服',
  'refund',
  'order',
  'parcel',
  'shipping',
  'return',
  'hello',
  'where',
  'warranty',
  'address',
  'coupon',
  'charger',
  'please',
  'thanks',
];

async function seed(kefu: RunningKefu, workspaceId: string, inboxId: string): Promise<number> {
  const started = performance.now();
  const client = await kefu.pool.connect();
  try {
    await client.query('begin');
    // Seeding only: the rows are consistent by construction, so skip per-row foreign-key triggers.
    await client.query('set local session_replication_role = replica');
    await client.query(
      `insert into contacts (workspace_id, id, name) select $1, 'ctc_' || lpad(g::text, 26, '0'), '客户' || g from generate_series(1, $2) g`,
      [workspaceId, conversationCount],
    );
    await client.query(
      `insert into conversations (workspace_id, id, inbox_id, contact_id, status, assignee_id, priority, last_seq, last_message_at, created_at)
       select $1, 'conv_' || lpad(g::text, 26, '0'), $2, 'ctc_' || lpad(g::text, 26, '0'),
         (array['open', 'open', 'pending', 'resolved', 'resolved', 'resolved', 'bot'])[1 + g % 7],
         case when g % 3 = 0 then null else (select id from users where workspace_id = $1 order by id limit 1) end,
         (array['normal', 'normal', 'normal', 'high', 'low'])[1 + g % 5],
         $3, now() - (g % 90) * interval '1 day' - (g % 86400) * interval '1 second', now() - interval '91 days'
       from generate_series(1, $4) g`,
      [workspaceId, inboxId, Math.ceil(messageCount / conversationCount), conversationCount],
    );
    const perConversation = Math.ceil(messageCount / conversationCount);
    await client.query(
      `with words as (select $5::text[] as w),
       picks as (
         select c, s, (c * 31 + s) % 2000 = 0 as rare,
           array(select 1 + ((c * 7919 + s * 104729 + k * 31) % array_length($5::text[], 1)) from generate_series(1, 6) k) as ix
         from generate_series(1, $2) c, generate_series(1, $3) s
         where (c - 1) * $3 + s <= $4
       ), made as (
         select c, s,
           array_to_string(array(select ($5::text[])[i] from unnest(ix) i), ' ') || case when rare then ' 发票抬头' else '' end as content,
           array_to_string(array(select ($7::text[])[i] from unnest(ix) i), ' ') || case when rare then ' ' || $8 else '' end as terms
         from picks
       ), inserted as (
         insert into messages (workspace_id, id, conversation_id, inbox_id, seq, type, sender_type, content, status, created_at)
         select $1, 'msg_' || lpad(((c - 1) * $3 + s)::text, 26, '0'), 'conv_' || lpad(c::text, 26, '0'), $6, s,
           case when s % 2 = 1 then 'incoming' else 'outgoing' end, case when s % 2 = 1 then 'contact' else 'user' end,
           content, 'sent', now() - interval '90 days' + ((c - 1) * $3 + s) * interval '7 seconds'
         from made
         returning workspace_id, id, conversation_id, content, created_at
       )
       insert into message_search (workspace_id, message_id, conversation_id, created_at, terms)
       select i.workspace_id, i.id, i.conversation_id, date_trunc('milliseconds', i.created_at), to_tsvector('simple', m.terms)
       from inserted i join made m on i.id = 'msg_' || lpad(((m.c - 1) * $3 + m.s)::text, 26, '0')`,
      [workspaceId, conversationCount, perConversation, messageCount, WORDS, inboxId, WORDS.map(searchTerms), searchTerms('发票抬头')],
    );
    await client.query('commit');
    await client.query('analyze');
  } finally {
    client.release();
  }
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kefu-bench-inbox-'));
  await chmod(dataDir, 0o755);
  const password = 'bench-password-123';
  // BENCH_DATABASE_URL: run on that (empty) database instead of embedded PostgreSQL, and keep it for EXPLAIN afterwards.
  const kefu = await startKefu(
    loadEnv({
      ...benchRateLimits,
      PORT: '0',
      KEFU_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      KEFU_ADMIN_PASSWORD: password,
      KEFU_JOBS: 'false',
      ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
    }),
  );
  try {
    const login = await fetch(`${kefu.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.kefu.local', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const get = async (url: string) => (await fetch(`${kefu.url}${url}`, { headers })).json() as Promise<Record<string, unknown>>;
    const workspace = (await get('/api/v1/workspace')) as { id: string };
    const inboxes = (await get('/api/v1/inboxes')) as { items: { id: string }[] };
    const seedSeconds = await seed(kefu, workspace.id, inboxes.items[0]!.id);

    let cursor = '';
    for (let page = 0; page < 20; page++) {
      const body = (await get(`/api/v1/conversations?limit=25${cursor ? `&cursor=${cursor}` : ''}`)) as { nextCursor: string | null };
      cursor = body.nextCursor ?? '';
    }
    const load = (url: string) => runLoad({ url: `${kefu.url}${url}`, headers, concurrency, seconds });
    const q = (word: string) => encodeURIComponent(word);
    const rows = [
      formatRow('`GET /health` (one database ping; baseline)', await load('/health')),
      formatRow('inbox, first page (25, all statuses)', await load('/api/v1/conversations?limit=25')),
      formatRow('inbox, page 21 (keyset cursor)', await load(`/api/v1/conversations?limit=25&cursor=${cursor}`)),
      formatRow('open conversations', await load('/api/v1/conversations?limit=25&status=open')),
      formatRow('unassigned', await load('/api/v1/conversations?limit=25&assigneeId=none')),
      formatRow("one conversation's latest 50 messages", await load(`/api/v1/conversations/conv_${'1'.padStart(26, '0')}/messages?limit=50`)),
      formatRow('search a common word (退款)', await load(`/api/v1/messages/search?q=${q('退款')}`)),
      formatRow('search two words (退款 快递)', await load(`/api/v1/messages/search?q=${q('退款 快递')}`)),
      formatRow('search a rare word (发票抬头, 1 in 2,000)', await load(`/api/v1/messages/search?q=${q('发票抬头')}`)),
    ];
    process.stdout.write(
      [
        `Inbox and search — ${conversationCount.toLocaleString('en')} conversations, ${messageCount.toLocaleString('en')} messages (seeded in ${seedSeconds.toFixed(0)} s), ` +
          `${concurrency} concurrent clients, ${seconds} s each, ${os.cpus().length} cores, Node ${process.version}`,
        '',
        '| request | requests | errors | req/s | p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await kefu.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
