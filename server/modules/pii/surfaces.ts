import type { DbOrTx } from '../../db/client.ts';
import { detectPii, type PiiKind, type PiiSpan } from './detect.ts';
import { maskSpans } from './mask.ts';
import { findPrivacySettings } from './repo.ts';
import { compilePrivacy, modeFor, withDefaults, type CompiledPrivacy, type PiiSurface } from './settings.ts';

/**
 * Compiled settings per database handle and workspace. A save on this node
 * replaces its entry at once; other nodes pick the change up within
 * {@link CACHE_TTL_MS}.
 */
const CACHE_TTL_MS = 30_000;
interface Entry {
  compiled: CompiledPrivacy;
  loadedAt: number;
  loading?: Promise<CompiledPrivacy>;
}
const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(db: DbOrTx): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

async function load(db: DbOrTx, workspaceId: string): Promise<CompiledPrivacy> {
  const compiled = compilePrivacy(withDefaults(await findPrivacySettings(db, workspaceId)));
  cacheOf(db).set(workspaceId, { compiled, loadedAt: Date.now() });
  return compiled;
}

/** The workspace's compiled privacy settings (cached). */
export async function privacyFor(db: DbOrTx, workspaceId: string): Promise<CompiledPrivacy> {
  const entry = cacheOf(db).get(workspaceId);
  if (entry && Date.now() - entry.loadedAt < CACHE_TTL_MS) return entry.compiled;
  return load(db, workspaceId);
}

/**
 * The cached settings without waiting (for synchronous senders such as a
 * socket): a stale entry is used while a fresh one loads; undefined before
 * the first load.
 */
export function cachedPrivacy(db: DbOrTx, workspaceId: string): CompiledPrivacy | undefined {
  const entry = cacheOf(db).get(workspaceId);
  if (entry && Date.now() - entry.loadedAt >= CACHE_TTL_MS && !entry.loading) {
    entry.loading = load(db, workspaceId).catch(() => {
      entry.loading = undefined;
      return entry.compiled;
    });
  }
  return entry?.compiled;
}

/** Put freshly saved settings in the cache (called after the save commits). */
export function rememberPrivacy(db: DbOrTx, workspaceId: string, compiled: CompiledPrivacy): void {
  cacheOf(db).set(workspaceId, { compiled, loadedAt: Date.now() });
}

/** Keys whose values are ids, times or enums: never personal information, never walked. */
const SKIPPED_KEY = /^(?:id|.*Id|.*Ids|.*_id|.*At|.*_at|type|status|senderType|kind|seq|locale|priority|channel|contentType)$/;

const NUMBER_KINDS = new Set<PiiKind>(['mobile', 'bank_card', 'cn_id']);
const LETTER = /[A-Za-z]/;

/**
 * The personal information in `text`: what the detectors find, less numbers
 * glued to Latin letters (`DS2026112000123` is an order number even when its
 * digits pass the card check).
 */
export function findPii(text: string, compiled: CompiledPrivacy): PiiSpan[] {
  return detectPii(text, { kinds: compiled.kinds, custom: compiled.custom }).filter(
    (s) => !NUMBER_KINDS.has(s.kind) || !(LETTER.test(text[s.start - 1] ?? '') || LETTER.test(text[s.end] ?? '')),
  );
}

/** Mask every string inside `text` by the compiled settings; `kinds` collects what was found. */
export function maskText(text: string, compiled: CompiledPrivacy, kinds?: Set<PiiKind>): string {
  const spans = findPii(text, compiled);
  if (!spans.length) return text;
  for (const span of spans) kinds?.add(span.kind);
  return maskSpans(text, spans);
}

/**
 * What an edit should store: `incoming`, unless it is `current` exactly as
 * the console shows it masked. A form saved around a field it showed masked
 * (a ticket's subject, a contact's phone) sends the stars back; storing them
 * would lose the real value.
 *
 * @example keepUnmasked('电话13812345678', '电话138****5678', compiled) // '电话13812345678'
 */
export function keepUnmasked<T extends string | null | undefined>(current: string | null, incoming: T, compiled: CompiledPrivacy): T | string {
  if (typeof incoming !== 'string' || current === null || incoming === current) return incoming;
  return maskText(current, compiled) === incoming ? current : incoming;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` (JSON-like: objects, arrays, strings) with personal
 * information masked in every string except ids, times and enums. The input
 * is never changed, so one shared event can be masked for some listeners and
 * sent clear to others.
 *
 * @example maskDeep({ id: 'msg_1', content: '电话13812345678' }, compiled) // { id: 'msg_1', content: '电话138****5678' }
 */
export function maskDeep<T>(value: T, compiled: CompiledPrivacy, kinds?: Set<PiiKind>): T {
  if (typeof value === 'string') return maskText(value, compiled, kinds) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => maskDeep(v, compiled, kinds)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SKIPPED_KEY.test(key) ? v : maskDeep(v, compiled, kinds);
  return out as T;
}

/**
 * `value` as `surface` may carry it for a caller of `roleId` (none for
 * machine surfaces: webhooks, logs, LLM prompts): masked unless the
 * workspace's policy says clear.
 *
 * @example const body = await maskForSurface(ctx.db, workspaceId, 'webhooks', payload)
 */
export async function maskForSurface<T>(db: DbOrTx, workspaceId: string, surface: PiiSurface, value: T, roleId?: string): Promise<T> {
  const compiled = await privacyFor(db, workspaceId);
  return modeFor(compiled, surface, roleId) === 'clear' ? value : maskDeep(value, compiled);
}
