import { describe, expect, it, vi } from 'vitest';
import { idPrefixes, idSchema, newId, type IdKind } from './ids.ts';
import { decodeCursor, encodeCursor, toPage } from './pagination.ts';
import { hashPassword, issueToken, parseToken, sha256, verifyPassword } from './secrets.ts';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../db/client.ts';
import { AppError, appError, toAppError } from './errors.ts';
import { unstorableTextPath } from './http.ts';

describe('ids', () => {
  it.each(Object.entries(idPrefixes) as [IdKind, string][])('%s ids start with %s_ and have a 26-character body', (kind, prefix) => {
    const id = newId(kind);
    expect(id).toMatch(new RegExp(`^${prefix}_[0-9a-z]{26}$`));
    expect(idSchema(kind).safeParse(id).success).toBe(true);
  });

  it('sorts ids from later milliseconds after earlier ones', () => {
    vi.useFakeTimers();
    try {
      const ids: string[] = [];
      for (const t of [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1) + 1, Date.UTC(2024, 0, 1) + 31, Date.UTC(2024, 0, 1) + 32, Date.UTC(2031, 5, 6)]) {
        vi.setSystemTime(t);
        ids.push(newId('audit'));
      }
      expect([...ids].sort()).toEqual(ids);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sorts ids made within one millisecond in the order they were made', () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 2, 3) });
    try {
      const ids = Array.from({ length: 500 }, () => newId('audit'));
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
    } finally {
      vi.useRealTimers();
    }
  });

  it.each([
    ['another kind', newId('role')],
    ['no prefix', newId('user').slice(4)],
    ['upper case', newId('user').toUpperCase()],
    ['too short', newId('user').slice(0, -1)],
    ['too long', `${newId('user')}0`],
    ['empty', ''],
    ['sql', "usr_' or 1=1 --                "],
  ])('idSchema refuses %s', (_label, value) => {
    expect(idSchema('user').safeParse(value).success).toBe(false);
  });
});

describe('secrets', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const hash = await hashPassword('correct horse 电池 staple');
    expect(hash).not.toContain('correct');
    expect(await verifyPassword('correct horse 电池 staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse 电池 stapl', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
    expect(await verifyPassword('correct horse 电池 staple', null)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('parses the tokens it issues, of the kind asked for only', () => {
    const workspaceId = newId('workspace');
    const { token, hash } = issueToken('ks', workspaceId);
    expect(parseToken('ks', token)).toEqual({ workspaceId, hash });
    expect(hash).toBe(sha256(token.split('.')[1]!));
    expect(parseToken('kk', token)).toBeNull();
    expect(parseToken('ki', token)).toBeNull();
  });

  it.each([
    ['garbage', 'hello'],
    ['empty', ''],
    ['no secret', `ks_${newId('workspace')}.`],
    ['short secret', `ks_${newId('workspace')}.abc`],
    ['not a workspace id', `ks_usr_${'0'.repeat(26)}.${'a'.repeat(43)}`],
    ['trailing text', `${issueToken('ks', newId('workspace')).token} `],
    ['newline', `${issueToken('ks', newId('workspace')).token}\n`],
  ])('parseToken refuses %s', (_label, token) => {
    expect(parseToken('ks', token)).toBeNull();
  });
});

describe('pagination', () => {
  it('round-trips a cursor', () => {
    const id = newId('user');
    const cursor = encodeCursor(id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toBe(id);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each(['', 'bogus', encodeCursor('usr_short'), encodeCursor("usr_' or 1=1"), '%%%'])('refuses cursor %j', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
  });

  it('offers a next cursor only when there is another page', () => {
    const rows = ['usr_3', 'usr_2', 'usr_1'].map((id) => ({ id }));
    expect(toPage(rows, 2)).toEqual({ items: rows.slice(0, 2), nextCursor: encodeCursor('usr_2') });
    expect(toPage(rows.slice(0, 2), 2)).toEqual({ items: rows.slice(0, 2), nextCursor: null });
    expect(toPage([], 2)).toEqual({ items: [], nextCursor: null });
  });
});

describe('unstorableTextPath', () => {
  it.each([
    ['plain text', { name: '莲花 Lotus 🀄️', tags: ['a', 'b'] }, null],
    ['numbers and nulls', [1, null, true, { a: 0 }], null],
    ['NUL in a top-level string', 'a\u0000b', []],
    ['NUL deep inside', { a: [{ b: 'ok' }, { c: 'x\u0000' }] }, ['a', 1, 'c']],
    ['NUL in a key', { a: { 'k\u0000': 1 } }, ['a', 'k\u0000']],
    ['lone high surrogate', { name: 'a\ud800b' }, ['name']],
    ['lone low surrogate at the end', ['ok', '\udfff'], [1]],
    ['a proper surrogate pair', { name: '\ud83c\udc04' }, null],
  ])('%s', (_label, value, expected) => {
    expect(unstorableTextPath(value)).toEqual(expected);
  });

  it('walks deeply nested input without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableTextPath(deep)).toHaveLength(200_000);
  });
});

describe('toAppError', () => {
  const syntaxError = Object.assign(new SyntaxError('Unexpected token'), { statusCode: 400 });
  it.each([
    ['an AppError as it is', appError('last_admin'), 'last_admin'],
    ['a JSON syntax error', syntaxError, 'invalid_json'],
    ['an oversized body', { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }, 'body_too_large'],
    ['an unsupported media type', { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }, 'unsupported_media_type'],
    ['another client error', { code: 'FST_ERR_SOMETHING', statusCode: 400 }, 'bad_request'],
    ['a server shutting down', { code: '57P01' }, 'database_unavailable'],
    ['anything else', new Error('boom'), 'internal'],
  ])('maps %s', (_label, err, code) => {
    expect(toAppError(err).code).toBe(code);
  });

  it('maps an unreachable database, as the query layer reports it, to database_unavailable', async () => {
    const database = openDatabase('postgres://postgres@127.0.0.1:1/nowhere', { max: 1 });
    try {
      const err: unknown = await database.db.execute(sql`select 1`).then(
        () => null,
        (e: unknown) => e,
      );
      expect(toAppError(err)).toMatchObject({ code: 'database_unavailable', status: 503 });
    } finally {
      await database.close();
    }
  });
});
