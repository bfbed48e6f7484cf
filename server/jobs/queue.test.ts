import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { purgeExpiredSessionsJob } from '../modules/auth/index.ts';
import { parseToken } from '../lib/secrets.ts';
import { login, sql } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, type TestKefu } from '../test/harness.ts';
import { createJobRunner, jobIdFor, type JobDefinition, type JobRunner } from './queue.ts';

let kefu: TestKefu;
const runs: string[] = [];
/** Fails its first run, so a retry is pending while the same key is sent again. */
const countingJob: JobDefinition = {
  name: 'test.count',
  retry: { limit: 1, delaySeconds: 1, backoff: false },
  async run(_ctx, data) {
    const key = (data as { key: string }).key;
    runs.push(key);
    if (runs.filter((k) => k === key).length === 1) throw new Error('first run fails');
  },
};
let jobs: JobRunner;

beforeAll(async () => {
  kefu = await buildTestKefu();
  jobs = createJobRunner(inject('databaseUrl'), kefu.ctx.log);
  await jobs.start(kefu.ctx, [purgeExpiredSessionsJob, countingJob], { work: true });
});
afterAll(async () => {
  await jobs?.stop();
  await kefu.close();
});

/** Poll `check` until it holds; the bound only keeps a broken job from hanging the run. */
async function eventually(check: () => Promise<boolean>, bound = 15_000): Promise<boolean> {
  for (let waited = 0; waited < bound; waited += 200) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('sessions.purge-expired job', () => {
  it('deletes expired sessions and keeps live ones', async () => {
    const ws = await createTestWorkspace(kefu);
    const { email, password } = ws.users.agent;
    const expired = await login(kefu, email, password);
    const live = await login(kefu, email, password);
    const row = async (token: string) => (await sql(kefu, 'select id from sessions where token_hash = $1', [parseToken('ks', token)!.hash]))[0];
    await sql(kefu, `update sessions set expires_at = now() - interval '1 hour' where token_hash = $1`, [parseToken('ks', expired)!.hash]);
    const purged: number[] = [];
    const off = kefu.ctx.bus.on('sessions.purged', (e) => void purged.push(e.payload.count));

    try {
      await jobs.send(purgeExpiredSessionsJob.name, {});
      expect(await eventually(async () => (await row(expired)) === undefined)).toBe(true);
      // The job announces its run right after the delete it just made.
      expect(await eventually(async () => purged.some((n) => n >= 1))).toBe(true);
    } finally {
      off();
    }
    expect(await row(live)).toBeDefined();
    const me = await kefu.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${live}` } });
    expect(me.statusCode).toBe(200);
  });

  it('refuses to enqueue a job nobody defined', async () => {
    await expect(jobs.send('no.such-job', {})).rejects.toThrow();
  });
});

describe('dedupe keys', () => {
  it('a send repeated with the same key is dropped while the first job is retrying; another key queues its own', async () => {
    await jobs.send(countingJob.name, { key: 'a' }, { dedupeKey: 'msg_a' });
    expect(await eventually(async () => runs.includes('a'))).toBe(true);
    await jobs.send(countingJob.name, { key: 'a' }, { dedupeKey: 'msg_a' });
    await jobs.send(countingJob.name, { key: 'b' }, { dedupeKey: 'msg_b' });
    expect(await eventually(async () => runs.filter((k) => k === 'a').length === 2 && runs.filter((k) => k === 'b').length === 2)).toBe(true);
    const rows = await sql(kefu, `select id::text, singleton_key from pgboss.job where name = 'test.count' order by id`);
    expect(rows.map((r) => r.id).sort()).toEqual([jobIdFor('test.count', 'msg_a'), jobIdFor('test.count', 'msg_b')].sort());
    // The retry of 'a' is the only second run: the repeated send added none.
    expect(runs.filter((k) => k === 'a')).toHaveLength(2);
  });
});
