import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import type { AppContext } from '../context.ts';
import { openDatabase } from '../db/client.ts';
import { loadEnv } from '../env.ts';
import { EventBus } from '../events/bus.ts';
import { createLocalHub } from '../realtime/hub.ts';
import { createInlineJobs } from '../jobs/queue.ts';
import { createWorkspace } from '../flows/create-workspace.ts';
import { createLogger } from './log-context.ts';

describe('request ids in log lines', () => {
  it('tags every line written while serving a request, including listeners on the shared logger', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger('info', sink);
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
      const email = `log-${Date.now()}@example.test`;
      await createWorkspace(ctx, { name: 'Log Shop', slug: `log-${Date.now()}`, admin: { email, name: 'A', password: 'password-1234' } });
      ctx.bus.on('user.logged_in', () => ctx.log.info('listener saw a login'));
      lines.length = 0;

      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'password-1234' },
        headers: { 'x-request-id': 'trace-abc.1' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-request-id']).toBe('trace-abc.1');
      await ctx.bus.drain();

      expect(lines.map((l) => l.msg)).toContain('listener saw a login');
      for (const line of lines) expect(line.reqId, JSON.stringify(line)).toBe('trace-abc.1');
      expect(JSON.stringify(lines)).not.toContain('password-1234');

      const bad = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { 'x-request-id': 'has spaces\nand newline' } });
      expect(bad.headers['x-request-id']).toMatch(/^req_[0-9a-f]{16}$/);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
