import { createHmac } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** How long a receiver has to answer, connection included. */
export const WEBHOOK_TIMEOUT_MS = 5000;
/** Enough of an answer for an error message; the rest is not read. */
const MAX_ANSWER_BYTES = 2048;

/** An attempt that retrying cannot fix: a refused address, a redirect, a 4xx other than 408/429. */
export class PermanentWebhookError extends Error {}

const privateRanges = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast, reserved, broadcast
  ['240.0.0.0', 4],
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127], // unspecified and loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  privateRanges.addSubnet(net, prefix, 'ipv6');

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (mapped, NAT64). */
const embedsIPv4 = new BlockList();
embedsIPv4.addSubnet('::ffff:0:0', 96, 'ipv6');
embedsIPv4.addSubnet('64:ff9b::', 96, 'ipv6');

function embeddedIPv4(address: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted) return dotted[1]!;
  const groups = address.split(':');
  const high = parseInt(groups.at(-2) || '0', 16);
  const low = parseInt(groups.at(-1) || '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * True for loopback, private, link-local, carrier-grade NAT, multicast and
 * unspecified addresses (IPv4, IPv6, and IPv4 inside IPv6), and for anything
 * that is not an IP address at all.
 *
 * @example isPrivateAddress('169.254.169.254') // true
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '').split('%')[0]!;
  const family = isIP(bare);
  if (family === 4) return privateRanges.check(bare, 'ipv4');
  if (family !== 6) return true;
  if (embedsIPv4.check(bare, 'ipv6')) return privateRanges.check(embeddedIPv4(bare), 'ipv4');
  return privateRanges.check(bare, 'ipv6');
}

const refusal = (host: string, address: string) =>
  new PermanentWebhookError(
    `refused: ${host} is ${host === address ? 'a' : `${address}, a`} loopback, private or link-local address (set KEFU_WEBHOOK_ALLOW_PRIVATE=1 to allow)`,
  );

/** dns.lookup that fails when any address of the name is private, so the socket only ever connects to a checked address. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address, family);
    const all = Array.isArray(address) ? address : [{ address, family }];
    const bad = all.find((a) => isPrivateAddress(a.address));
    if (bad) return callback(refusal(hostname, bad.address), address, family);
    callback(null, address, family);
  });
};

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the signature of every webhook Kefu sends. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookAnswer {
  status: number;
  body: string;
}

function describeFailure(err: unknown): string {
  if (err instanceof PermanentWebhookError) return err.message;
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  return e.code ? `network error (${e.code})` : `network error (${e.message ?? 'unknown'})`;
}

/**
 * POST `body` (JSON) to `url` with `headers`; resolves with the HTTP answer,
 * or rejects with a message fit for a delivery record. Unless `allowPrivate`,
 * a host that is or resolves to a private address is refused
 * ({@link PermanentWebhookError}) — checked at connect time, so DNS cannot
 * change the answer in between. Redirects are not followed.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<WebhookAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new PermanentWebhookError('refused: not an http(s) URL'));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) return Promise.reject(refusal(host, host));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<WebhookAnswer>((resolve, reject) => {
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      ...(allowPrivate ? {} : { lookup: publicOnlyLookup }),
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_ANSWER_BYTES) });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_ANSWER_BYTES) {
          finish();
          res.destroy();
        }
      });
      res.on('end', finish);
      res.on('error', () => finish()); // the status is known; a cut-off body does not change it
    });
    req.on('error', (err) => reject(err instanceof PermanentWebhookError ? err : new Error(describeFailure(err), { cause: err })));
    req.end(body);
  });
}

export type AnswerVerdict = { delivered: true } | { delivered: false; error: string; permanent: boolean };

/**
 * What an answer means: 2xx is delivered; 408, 429 and 5xx are worth a
 * retry; a redirect (not followed) or another 4xx is permanent.
 *
 * @example judgeAnswer({ status: 503, body: '' }) // { delivered: false, error: 'HTTP 503', permanent: false }
 */
export function judgeAnswer(answer: WebhookAnswer): AnswerVerdict {
  if (answer.status >= 200 && answer.status < 300) return { delivered: true };
  const error = `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}`;
  if (answer.status >= 300 && answer.status < 400)
    return { delivered: false, error: `${error} (redirects are not followed; use the final URL)`, permanent: true };
  const permanent = answer.status >= 400 && answer.status < 500 && answer.status !== 408 && answer.status !== 429;
  return { delivered: false, error, permanent };
}
