import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Every id prefix in Kefu, so a log line says what an id points at. */
export const idPrefixes = {
  workspace: 'wsp',
  user: 'usr',
  role: 'rol',
  invitation: 'inv',
  session: 'ses',
  apiKey: 'key',
  audit: 'aud',
  contact: 'ctc',
  identity: 'cid',
  inbox: 'inb',
  conversation: 'conv',
  message: 'msg',
  attachment: 'att',
  webhook: 'whk',
  delivery: 'dlv',
  faq: 'faq',
  article: 'art',
  intent: 'int',
  flow: 'flw',
  request: 'req',
  team: 'team',
  cannedResponse: 'cnr',
  gapSuggestion: 'gap',
  graphEntity: 'kge',
  graphRelation: 'kgr',
  ticket: 'tkt',
  ticketCategory: 'tcat',
  ticketActivity: 'tact',
  ticketField: 'tfld',
  slaPolicy: 'slap',
  calendar: 'cal',
  slaTimer: 'slat',
  automationRule: 'rule',
  automationRun: 'arun',
  survey: 'srv',
  surveyResponse: 'csat',
  task: 'task',
  consent: 'cns',
  contactExport: 'cexp',
  retentionRun: 'rret',
  loginChallenge: 'chl',
  encryptionKey: 'ekey',
} as const;

export type IdKind = keyof typeof idPrefixes;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

let lastTime = -1;
const lastRandom: number[] = [];

/** Next random part: fresh in a new millisecond, the previous one plus one within the same one. */
function randomPart(now: number): { time: number; digits: number[] } {
  if (now > lastTime) {
    lastTime = now;
    const bytes = randomBytes(16);
    for (let i = 0; i < 16; i++) lastRandom[i] = bytes[i]! % 32;
    return { time: lastTime, digits: lastRandom };
  }
  // Same millisecond (or the clock stepped back): count up so ids keep their creation order.
  let i = 15;
  while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
  if (i >= 0) lastRandom[i]! += 1;
  else lastTime += 1; // 32^16 ids in one millisecond: borrow the next one
  return { time: lastTime, digits: lastRandom };
}

/**
 * A new time-ordered id (monotonic ULID body) with the kind's prefix, so ids
 * sort by creation time — within one process also inside one millisecond —
 * and newest-first lists and keyset pagination can use them.
 *
 * @example newId('user') // 'usr_01jd3k7q8m4x2c5v9n0b6t1r7e'
 */
export function newId(kind: IdKind): string {
  const { time, digits } = randomPart(Date.now());
  return `${idPrefixes[kind]}_${encodeTime(time)}${digits.map((d) => ALPHABET[d]).join('')}`;
}

/** zod schema for an id of one kind; anything else is a 400 `validation_failed`. */
export function idSchema(kind: IdKind) {
  return z.string().regex(new RegExp(`^${idPrefixes[kind]}_[0-9a-z]{26}$`), `must be a ${kind} id (${idPrefixes[kind]}_…)`);
}
