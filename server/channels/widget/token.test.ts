import { describe, expect, it } from 'vitest';
import { issueVisitorToken, verifyVisitorToken } from './token.ts';

const secret = 'a'.repeat(40);
const inbox = 'inb_01jd3k7q8m4x2c5v9n0b6t1r7e';
const { visitorId, token } = issueVisitorToken(secret, inbox);

describe('visitor tokens', () => {
  it.each([
    ['the token as issued', token, visitorId],
    ['another inbox', token, null, 'inb_01jd3k7q8m4x2c5v9n0b6t1r7f'],
    ['another secret', token, null, inbox, 'b'.repeat(40)],
    ['a changed signature', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, null],
    [
      'a changed visitor id',
      token.replace(
        visitorId,
        visitorId.replace(/^./, (c) => (c === 'x' ? 'y' : 'x')),
      ),
      null,
    ],
    ['a truncated signature', token.slice(0, -5), null],
    ['an extra part', `${token}.x`, null],
    ['another version', token.replace('kwv1', 'kwv2'), null],
    ['nothing', undefined, null],
    ['an empty string', '', null],
  ])('%s', (_name, given, expected, inboxId = inbox, key = secret) => {
    expect(verifyVisitorToken(key, inboxId, given)).toBe(expected);
  });

  it('keeps the visitor id when re-signing, and makes a new one otherwise', () => {
    expect(issueVisitorToken(secret, inbox, visitorId).token).toBe(token);
    expect(issueVisitorToken(secret, inbox).visitorId).not.toBe(visitorId);
  });
});
