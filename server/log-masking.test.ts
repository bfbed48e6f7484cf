import { Writable } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from './app.ts';
import { createKefuLogger } from './boot.ts';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/client.ts';
import { loadEnv } from './env.ts';
import { EventBus } from './events/bus.ts';
import { createInlineJobs } from './jobs/queue.ts';
import { createLocalHub } from './realtime/hub.ts';

function captureLogs() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, log: createKefuLogger({ LOG_LEVEL: 'info' }, sink) };
}

describe('log lines carry no raw personal information', () => {
  it('masks phones, emails and IDs in messages, fields, child bindings and errors', () => {
    const { lines, log } = captureLogs();
    log.info('customer wrote: 我的手机13812345678，身份证11010519491231002X');
    log.info({ contact: { email: 'li.lei@qq.com', phone: '+86 138 1234 5678' }, attempts: 3 }, 'contact updated');
    log.child({ to: '13987654321' }).warn('sms send slow');
    log.error({ err: new Error('mailbox unavailable for han.meimei@163.com') }, 'delivery failed');
    log.info({ url: 'http://127.0.0.1:3000', client: '203.0.113.42' }, 'kefu started');

    const all = lines.join('\n');
    for (const raw of ['13812345678', '11010519491231002X', 'li.lei@qq.com', '138 1234 5678', '13987654321', 'han.meimei@163.com']) {
      expect(all).not.toContain(raw);
    }
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]!.msg).toBe('customer wrote: 我的手机138****5678，身份证1101**********002X');
    expect(parsed[1]!.contact).toEqual({ email: '***@qq.com', phone: '138****5678' });
    expect(parsed[1]!.attempts).toBe(3);
    expect(parsed[2]!.to).toBe('139****4321');
    expect((parsed[3]!.err as { message: string }).message).toBe('mailbox unavailable for ***@163.com');
    expect(parsed[4]).toMatchObject({ url: 'http://127.0.0.1:3000', client: '203.*.*.*' });
  });

  it('masks a phone number in a request URL in the request log', async () => {
    const { lines, log } = captureLogs();
    const database = openDatabase(inject('databaseUrl'), { max: 2 });
    const ctx: AppContext = {
      env: loadEnv({ NODE_ENV: 'test' }),
      db: database.db,
      bus: new EventBus(log),
      log,
      realtime: createLocalHub(log),
      jobs: createInlineJobs((): AppContext => ctx, []),
    };
    const app = await buildApp(ctx, { pool: database.pool });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/contacts?q=13812345678' });
      expect(res.statusCode).toBe(401);
      const urls = lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
      expect(urls).toContain('/api/v1/contacts?q=138****5678');
      expect(lines.join('\n')).not.toContain('13812345678');
    } finally {
      await app.close();
      await database.close();
    }
  });
});
