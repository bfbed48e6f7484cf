import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { hmacSignature, requestSigningBase, verifySignedRequest, webhookSigningBase } from './signature.ts';

const secret = 'a-long-enough-inbox-secret';
const now = 1_700_000_000_000;
const ts = String(now / 1000);
const path = '/channels/api/inb_x/messages';
const body = Buffer.from('{"content":"你好"}');
// Computed the way docs/channels/api.md tells integrators to.
const good = `sha256=${createHmac('sha256', secret).update(`${ts}.POST.${path}.{"content":"你好"}`).digest('hex')}`;

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('verifySignedRequest', () => {
  it.each([
    { name: 'a correct signature', req: { signature: good, timestamp: ts }, want: 'ok' },
    { name: 'upper-case hex', req: { signature: good.toUpperCase().replace('SHA256=', 'sha256='), timestamp: ts }, want: 'ok' },
    { name: 'no signature', req: { signature: undefined, timestamp: ts }, want: 'signature_missing' },
    { name: 'no timestamp', req: { signature: good, timestamp: undefined }, want: 'signature_missing' },
    { name: 'a timestamp in milliseconds', req: { signature: good, timestamp: String(now) }, want: 'signature_stale' },
    { name: 'six minutes old', req: { signature: good, timestamp: String(now / 1000 - 360) }, want: 'signature_stale' },
    { name: 'six minutes ahead', req: { signature: good, timestamp: String(now / 1000 + 360) }, want: 'signature_stale' },
    { name: 'a signature for another time', req: { signature: good, timestamp: String(now / 1000 - 1) }, want: 'signature_invalid' },
    { name: 'another path', req: { signature: good, timestamp: ts, path: '/channels/api/inb_y/messages' }, want: 'signature_invalid' },
    { name: 'another method', req: { signature: good, timestamp: ts, method: 'PUT' }, want: 'signature_invalid' },
    { name: 'another body', req: { signature: good, timestamp: ts, body: Buffer.from('{"content":"你好!"}') }, want: 'signature_invalid' },
    { name: 'no sha256= prefix', req: { signature: good.slice(7), timestamp: ts }, want: 'signature_invalid' },
  ])('$name → $want', ({ req, want }) => {
    expect(codeOf(() => verifySignedRequest(secret, { method: 'POST', path, body, ...req }, now))).toBe(want);
  });

  it('signs bytes, so a body that is not valid UTF-8 still verifies exactly', () => {
    const raw = Buffer.from([0x7b, 0xff, 0x7d]);
    const signature = hmacSignature(secret, requestSigningBase(ts, 'POST', path, raw));
    expect(codeOf(() => verifySignedRequest(secret, { signature, timestamp: ts, method: 'POST', path, body: raw }, now))).toBe('ok');
  });

  it('signs outgoing webhooks over "<timestamp>.<body>"', () => {
    expect(hmacSignature(secret, webhookSigningBase(ts, '{}'))).toBe(`sha256=${createHmac('sha256', secret).update(`${ts}.{}`).digest('hex')}`);
  });
});
