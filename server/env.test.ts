import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

describe('loadEnv', () => {
  it('fills in defaults for an empty environment', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      HOST: '127.0.0.1',
      KEFU_EMBEDDED_PG_PORT: 0,
      KEFU_SEED_DEMO: true,
      KEFU_SESSION_TTL_HOURS: 168,
      KEFU_BODY_LIMIT_BYTES: 1024 * 1024,
      KEFU_JOBS: true,
      LOG_LEVEL: 'info',
      dataDir: path.resolve('./data'),
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KEFU_ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    [{ PORT: '8080' }, { PORT: 8080 }],
    [{ DATABASE_URL: 'postgresql://kefu@db:5432/kefu' }, { DATABASE_URL: 'postgresql://kefu@db:5432/kefu' }],
    [
      { KEFU_SEED_DEMO: '0', KEFU_JOBS: 'false' },
      { KEFU_SEED_DEMO: false, KEFU_JOBS: false },
    ],
    [{ KEFU_DATA_DIR: '/var/lib/kefu' }, { dataDir: '/var/lib/kefu' }],
    [{ UNRELATED: 'ignored', PATH: '/usr/bin' }, { PORT: 3000 }],
  ])('reads %j', (source, expected) => {
    expect(loadEnv(source)).toMatchObject(expected);
  });

  it('treats empty strings as unset, as .env files write them', () => {
    const env = loadEnv({ PORT: '', LOG_LEVEL: '', DATABASE_URL: '', KEFU_ADMIN_PASSWORD: '' });
    expect(env).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.KEFU_ADMIN_PASSWORD).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['KEFU_ADMIN_PASSWORD', 'short'],
    ['KEFU_ADMIN_EMAIL', 'admin-at-example'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['KEFU_SEED_DEMO', 'yes'],
    ['KEFU_BODY_LIMIT_BYTES', '10'],
    ['KEFU_SESSION_TTL_HOURS', '0'],
    ['REDIS_URL', 'http://cache:6379'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(EnvError);
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(`${name}=`));
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadEnv({ PORT: 'abc', LOG_LEVEL: 'loud' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('LOG_LEVEL="loud"');
  });
});
