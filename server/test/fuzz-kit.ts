import fc from 'fast-check';
import { expect } from 'vitest';
import { errorCatalogue, type ErrorCode } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { TestKefu } from './harness.ts';

/**
 * Shared pieces of the property tests (server/fuzz-*.test.ts): the contract
 * every response keeps, arbitraries for hostile input, and a runner whose
 * seed is fixed by `KEFU_FUZZ_SEED` and printed by fast-check on failure.
 */

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface FuzzRequest {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  contentType?: string;
  /** The client address; a fresh one per request keeps per-address rate limits out of the way. */
  remoteAddress?: string;
}

/** Runs per property; raise it (KEFU_FUZZ_RUNS=5000) for a long soak. */
export const RUNS = Number(process.env.KEFU_FUZZ_RUNS) || 100;
const SEED = process.env.KEFU_FUZZ_SEED ? Number(process.env.KEFU_FUZZ_SEED) : undefined;

/** fast-check parameters: a reproducible seed when KEFU_FUZZ_SEED is set (fast-check prints the seed of a failure). */
export const params = (numRuns = RUNS): fc.Parameters<unknown> => ({ numRuns, ...(SEED === undefined ? {} : { seed: SEED }) });

const randomAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

/**
 * Send one request and check the contract every response keeps: never a 5xx;
 * a 4xx is a catalogued JSON error whose status matches the catalogue, or,
 * where `htmlErrors` allows it (the help center's pages), an HTML page.
 */
export async function sendChecked(kefu: TestKefu, req: FuzzRequest, options: { htmlErrors?: boolean } = {}) {
  const headers: Record<string, string> = { ...req.headers };
  if (req.payload !== undefined && !headers['content-type']) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await kefu.app.inject({
    method: req.method,
    url: req.url,
    headers,
    remoteAddress: req.remoteAddress ?? randomAddress(),
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
  const label = `${req.method} ${req.url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, label).toBeGreaterThanOrEqual(200);
  expect(res.statusCode, label).toBeLessThan(500);
  if (res.statusCode < 400) return res;
  const type = String(res.headers['content-type'] ?? '');
  if (options.htmlErrors && type.startsWith('text/html')) return res;
  expect(type, label).toMatch(/^application\/json/);
  const body = JSON.parse(res.body) as { error: { code: ErrorCode; message: string; requestId: string } };
  expect(Object.keys(body), label).toEqual(['error']);
  expect(body.error, label).toEqual(
    expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
  );
  expect(Object.keys(errorCatalogue), label).toContain(body.error.code);
  expect(errorCatalogue[body.error.code].status, label).toBe(res.statusCode);
  return res;
}

/** Assert the property over `arb`: every generated request keeps the contract. */
export function checkAll(kefu: TestKefu, arb: fc.Arbitrary<FuzzRequest>, numRuns = RUNS, options: { htmlErrors?: boolean } = {}) {
  return fc.assert(
    fc.asyncProperty(arb, async (req) => void (await sendChecked(kefu, req, options))),
    params(numRuns),
  );
}

// Strings clients really send, plus the ones that break naive code: NUL, lone surrogates, SQL, huge.
export const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\udfff',
  "' or 1=1 --",
  '%',
  '%00',
  '../../etc/passwd',
  'x'.repeat(5000),
  '🀄️客服',
  '\n',
  'null',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  ']]></xml>',
);
export const spiked = fc.tuple(fc.string(), nasty, fc.string()).map(([a, b, c]) => `${a}${b}${c}`);
export const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), nasty, spiked);
export const json = fc.oneof(
  fc.jsonValue(),
  fc.anything().map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown),
);
/** Mostly a value the schema accepts, so requests get past validation to the services and the database. */
export const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: text, weight: 1 }, { arbitrary: json, weight: 1 });

export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Objects shaped like the endpoint's schema with a field gone wrong, missing or extra, or arbitrary JSON. */
export function shapedObjects(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const fields = Object.entries(shape).map(([k, arb]) => [k, fc.option(maybe(arb), { nil: undefined, freq: 6 })] as const);
  const shaped = fc.record(Object.fromEntries(fields));
  const extra = fc.tuple(shaped, fc.dictionary(fc.string(), json, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
  return fc.oneof({ arbitrary: json, weight: 1 }, { arbitrary: shaped, weight: 4 }, { arbitrary: extra, weight: 1 });
}

/** `shapedObjects` as JSON text. */
export const bodies = (shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> => shapedObjects(shape).map((v) => JSON.stringify(v));

export const rawBodies = fc.oneof(
  text,
  fc.string({ unit: 'binary-ascii' }),
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,]',
    '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{}}}',
    '<xml><a>1</a></xml>',
    '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>',
  ),
);
const jsonTypes = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/json;;'];
const otherTypes = [
  'text/plain',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/',
  ';',
  '*/*',
];
export const contentTypes = fc.oneof(fc.constantFrom(...jsonTypes, ...otherTypes), fc.string({ unit: 'binary-ascii', maxLength: 40 }));

/** One URL path segment: encoded text, raw ASCII, or broken percent-encoding. */
export const segment = fc.oneof(
  text.map((s) => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'))),
  fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[/?#\s]/g, '')),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '..', '%2F', '%C0%AF', '0', '-1', '99999999999999999999'),
);

/** Query strings with the known keys (valid or not) plus unknown ones, or raw bytes. */
export function queryStrings(keys: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = fc.record(Object.fromEntries(Object.entries(keys).map(([k, arb]) => [k, fc.oneof(arb, text)])), { requiredKeys: [] });
  const pairs = fc.tuple(known, fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(keys)), fc.string()), text, { maxKeys: 3 }));
  const encoded = pairs.map(([a, b]) => new URLSearchParams({ ...b, ...a } as Record<string, string>).toString());
  const raw = fc.string({ unit: 'binary-ascii' }).map((s) => s.replace(/[#\s]/g, ''));
  return fc.oneof(encoded, encoded, raw);
}

/** A well-formed id of the kind (fresh, so unknown), a lookalike, or one of `known`. */
export const idLike = (kind: Parameters<typeof newId>[0], known: string[] = []) =>
  fc.oneof(fc.constant(newId(kind)), fc.stringMatching(/^[a-z]{3,4}_[0-9a-z]{26}$/), ...(known.length ? [fc.constantFrom(...known)] : []));

/** Fail if `body` contains any of `markers` (strings unique to another workspace). */
export function expectNoMarkers(body: string, markers: string[], label: string): void {
  for (const marker of markers) expect(body.includes(marker), `${label} leaked ${marker}: ${body.slice(0, 300)}`).toBe(false);
}
