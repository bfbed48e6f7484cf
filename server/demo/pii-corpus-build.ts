/**
 * Build `pii-corpus.jsonl` from the templates: every template filled with
 * fresh values several times (seeded, so the file is reproducible), each
 * line `{ lang, text, spans: [{ kind, start, end, value }] }` with the
 * personal values labelled where they were put.
 *
 *     node --import tsx server/demo/pii-corpus-build.ts > server/demo/pii-corpus.jsonl
 */
import { addressMakers, makeNegative, seeded } from './pii-corpus-negatives.ts';
import { enTemplates, zhTemplates } from './pii-corpus-templates.ts';
import { makers, type Made, type Rng } from './pii-corpus-values.ts';
import { writtenMessages } from './pii-corpus-written.ts';

export interface CorpusSpan {
  kind: string;
  start: number;
  end: number;
  value: string;
}
export interface CorpusLine {
  /** `template`: filled from pii-corpus-templates.ts; `written`: pii-corpus-written.ts. */
  source: 'template' | 'written';
  lang: 'zh' | 'en';
  text: string;
  spans: CorpusSpan[];
}

function make(slot: string, r: Rng): Made {
  const maker = makers[slot] ?? addressMakers[slot];
  const made = maker ? maker(r) : makeNegative(slot, r);
  if (!made) throw new Error(`unknown slot {${slot}}`);
  return made;
}

/** One filled template with its labelled spans. */
export function fill(template: string, lang: 'zh' | 'en', r: Rng): CorpusLine {
  let text = '';
  const spans: CorpusSpan[] = [];
  let at = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    text += template.slice(at, m.index);
    const made = make(m[1]!, r);
    if (made.kind) spans.push({ kind: made.kind, start: text.length, end: text.length + made.value.length, value: made.value });
    text += made.value;
    at = m.index + m[0].length;
  }
  return { source: 'template', lang, text: text + template.slice(at), spans };
}

/** A hand-written line with `[[kind|value]]` labels. */
export function parseWritten(marked: string): CorpusLine {
  let text = '';
  const spans: CorpusSpan[] = [];
  let at = 0;
  for (const m of marked.matchAll(/\[\[(\w+)\|(.+?)\]\]/g)) {
    text += marked.slice(at, m.index);
    spans.push({ kind: m[1]!, start: text.length, end: text.length + m[2]!.length, value: m[2]! });
    text += m[2]!;
    at = m.index + m[0].length;
  }
  text += marked.slice(at);
  return { source: 'written', lang: /[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en', text, spans };
}

/** The whole corpus: each template filled `times` times. */
export function buildCorpus(times = 5, seed = 20261122): CorpusLine[] {
  const r = seeded(seed);
  const lines: CorpusLine[] = [];
  for (let i = 0; i < times; i++) {
    for (const t of zhTemplates) lines.push(fill(t, 'zh', r));
    for (const t of enTemplates) lines.push(fill(t, 'en', r));
  }
  for (const marked of writtenMessages) lines.push(parseWritten(marked));
  const seen = new Set<string>();
  return lines.filter((l) => !seen.has(l.text) && seen.add(l.text));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of buildCorpus()) process.stdout.write(`${JSON.stringify(line)}\n`);
}
