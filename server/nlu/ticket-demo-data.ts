import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { seededRandom } from './linear-model.ts';
import { leafPaths, maxPriority, TICKET_PRIORITIES, TicketCategoryTree, type TicketCategoryNode, type TicketPriority } from './ticket-categories.ts';

const DEMO = new URL('../demo/', import.meta.url);
const LANGS = ['zh', 'en'] as const;
type Lang = (typeof LANGS)[number];
type Pool = Record<Lang, string[]>;

/** One labelled demo ticket, as server/demo/tickets.jsonl holds it. */
export interface DemoTicket {
  text: string;
  locale: 'zh-CN' | 'en';
  category: string[];
  priority: TicketPriority;
  /** `<leaf>.<zh|en>.<n>`: the hand-written phrasing it came from (the template-held-out split groups by it). */
  template: string;
}

export const DemoTicketRow = z.object({
  text: z.string().min(1),
  locale: z.string().optional(),
  category: z.array(z.string()).min(1).max(3),
  priority: z.enum(TICKET_PRIORITIES),
  template: z.string().optional(),
});

const Phrasings = z.object({
  phrasings: z.record(z.string(), z.object({ zh: z.array(z.string()), en: z.array(z.string()) })),
  slots: z.record(z.string(), z.object({ zh: z.array(z.string()), en: z.array(z.string()) })),
  openers: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  closers: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  angry: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  threat: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  calm: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
  asides: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
});
type Phrasings = z.infer<typeof Phrasings>;

/** The demo workspace's ticket category tree (server/demo/ticket-categories.json). */
export function loadTicketCategories(): TicketCategoryNode[] {
  return TicketCategoryTree.parse(JSON.parse(readFileSync(new URL('ticket-categories.json', DEMO), 'utf8')));
}

/** The labelled demo tickets (server/demo/tickets.jsonl, or another file of the same shape: a JSON array or JSON lines). */
export function loadDemoTickets(file: string | URL = new URL('tickets.jsonl', DEMO)): z.infer<typeof DemoTicketRow>[] {
  const raw = readFileSync(file, 'utf8').trim();
  const rows: unknown[] = raw.startsWith('[')
    ? (JSON.parse(raw) as unknown[])
    : raw
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown);
  return rows.map((row) => DemoTicketRow.parse(row));
}

/** Variants written per phrasing. */
const VARIANTS = 3;
// The last phrasing of each leaf and language is what the template-held-out split tests on: its tickets also draw only the fragment pools' last entries.

/**
 * Turns the hand-written phrasings (server/demo/ticket-phrasings.json) into
 * labelled tickets: slots filled (order numbers, amounts, products, cities),
 * openers and sign-offs, angry or threatening or calm tones that set the
 * priority, side remarks, typos and colloquial spellings. Deterministic for a seed.
 */
export function generateDemoTickets(tree: TicketCategoryNode[], source: Phrasings, seed = 7): DemoTicket[] {
  const random = seededRandom(seed);
  const defaults = new Map(leafPaths(tree).map((path) => [path.join('/'), leafDefault(tree, path)]));
  const out: DemoTicket[] = [];
  for (const path of leafPaths(tree)) {
    const leaf = path[path.length - 1] as string;
    const phrasings = source.phrasings[leaf];
    if (!phrasings) throw new Error(`no phrasings for ${leaf}`);
    for (const lang of LANGS) {
      phrasings[lang].forEach((phrasing, index) => {
        for (let v = 0; v < VARIANTS; v++) {
          const held = index === phrasings[lang].length - 1;
          const pick = (pool: Pool) => choose(pool[lang], held, random);
          const base = defaults.get(path.join('/')) ?? 'normal';
          const { text, priority } = compose(phrasing, lang, base, source, pick, random);
          out.push({ text, locale: lang === 'zh' ? 'zh-CN' : 'en', category: path, priority, template: `${leaf}.${lang}.${index}` });
        }
      });
    }
  }
  return out;
}

function leafDefault(tree: TicketCategoryNode[], path: string[]): TicketPriority {
  let level = tree;
  let priority: TicketPriority = 'normal';
  for (const key of path) {
    const node = level.find((n) => n.key === key);
    if (!node) break;
    if (node.defaultPriority) priority = node.defaultPriority;
    level = node.children;
  }
  return priority;
}

/** Held-out tickets draw a pool's last entry; the others any but the last. */
function choose(pool: string[], held: boolean, random: () => number): string {
  if (pool.length < 2) return pool[0] ?? '';
  return held ? (pool[pool.length - 1] as string) : (pool[Math.floor(random() * (pool.length - 1))] as string);
}

function compose(phrasing: string, lang: Lang, base: TicketPriority, source: Phrasings, pick: (pool: Pool) => string, random: () => number) {
  const [subject, body] = phrasing.includes(' | ') ? (phrasing.split(' | ') as [string, string]) : [null, phrasing];
  const filled = (s: string) => fill(s, lang, source, pick, random);
  let text = subject === null ? filled(body) : layout(filled(subject), filled(body), lang, random);
  const roll = random();
  const quiet = base === 'low';
  let priority = base;
  if (roll < (quiet ? 0.03 : 0.13)) {
    text = `${text}${lang === 'zh' ? '' : ' '}${pick(source.threat)}`;
    priority = 'urgent';
  } else if (roll < (quiet ? 0.1 : 0.33)) {
    text = random() < 0.5 ? `${pick(source.angry)}${lang === 'zh' ? '' : ' '}${text}` : `${text}${lang === 'zh' ? '' : ' '}${pick(source.angry)}`;
    priority = maxPriority(base, 'high');
  } else if (roll < 0.45) text = `${text}${lang === 'zh' ? '，' : ' '}${pick(source.calm)}`;
  if (random() < 0.12) text = `${text}${lang === 'zh' ? '' : ' '}${pick(source.asides)}`;
  text = `${pick(source.openers)}${text}${pick(source.closers)}`;
  if (random() < 0.2) text = lang === 'zh' ? colloquialZh(text, random) : typoEn(text, random);
  return { text: text.trim(), priority };
}

/** Subject and description as a customer fills the form: on two lines, joined, or the description alone. */
function layout(subject: string, body: string, lang: Lang, random: () => number): string {
  const r = random();
  if (r < 0.45) return `${subject}\n${body}`;
  if (r < 0.7) return lang === 'zh' ? `${subject}，${body}` : `${subject}. ${body}`;
  if (r < 0.8) return lang === 'zh' ? `【${subject}】${body}` : `Re: ${subject} - ${body}`;
  return body;
}

function fill(text: string, lang: Lang, source: Phrasings, pick: (pool: Pool) => string, random: () => number): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  return text.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'order') return lang === 'zh' ? (random() < 0.5 ? `E${digits(14)}` : digits(18)) : `#${random() < 0.5 ? 'A' : ''}${digits(8)}`;
    if (slot === 'amount') return String([29, 59.9, 99, 129, 199, 349, 899, 1299, 2399][Math.floor(random() * 9)]);
    if (slot === 'days') return String(3 + Math.floor(random() * 12));
    if (slot === 'phone4') return digits(4);
    const pool = source.slots[slot];
    if (!pool) throw new Error(`unknown slot {${slot}}`);
    return pick(pool);
  });
}

const ZH_COLLOQUIAL: [RegExp, string][] = [
  [/怎么/g, '咋'],
  [/什么/g, '啥'],
  [/已经/g, '以经'],
  [/的/g, '得'],
  [/吗/g, '嘛'],
  [/[，。]/g, ' '],
  [/？/g, '？？？'],
];

/** Colloquial Chinese and slips: 咋/啥, 以经, 的→得, no punctuation. */
function colloquialZh(text: string, random: () => number): string {
  let out = text;
  for (const [pattern, replacement] of ZH_COLLOQUIAL) if (random() < 0.35) out = out.replace(pattern, replacement);
  return out;
}

/** English slips: two letters swapped in one word, all lower case, or no punctuation. */
function typoEn(text: string, random: () => number): string {
  const words = text.split(' ');
  const at = words.findIndex((w, i) => i >= Math.floor(random() * words.length) && /^[a-z]{5,}$/.test(w));
  if (at >= 0) {
    const w = words[at] as string;
    const k = 1 + Math.floor(random() * (w.length - 2));
    words[at] = w.slice(0, k) + (w[k + 1] as string) + (w[k] as string) + w.slice(k + 2);
  }
  let out = words.join(' ');
  if (random() < 0.4) out = out.toLowerCase();
  if (random() < 0.3) out = out.replace(/[.,!?]/g, '');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = Phrasings.parse(JSON.parse(readFileSync(new URL('ticket-phrasings.json', DEMO), 'utf8')));
  const tickets = generateDemoTickets(loadTicketCategories(), source);
  writeFileSync(new URL('tickets.jsonl', DEMO), tickets.map((t) => `${JSON.stringify(t)}\n`).join(''));
  process.stderr.write(`wrote ${tickets.length} tickets to server/demo/tickets.jsonl\n`);
}
