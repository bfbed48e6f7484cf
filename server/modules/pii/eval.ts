import { readFile } from 'node:fs/promises';
import { detectPii, piiKinds, type PiiKind, type PiiSpan } from './detect.ts';

/**
 * `kefu eval pii`: run the detectors over a labelled corpus (JSONL lines
 * `{ text, spans: [{ kind, start, end }] }`) and score them per kind. A found
 * span counts when kind, start and end all match the label (`exact`); the
 * `overlap` recall also credits a span of the right kind that overlaps the
 * label, to show how many misses are boundary slips.
 */

export const DEFAULT_PII_CORPUS = new URL('../../demo/pii-corpus.jsonl', import.meta.url);

interface Labelled {
  source?: string;
  text: string;
  spans: { kind: PiiKind; start: number; end: number }[];
}

export interface KindScore {
  precision: number;
  recall: number;
  overlapRecall: number;
  support: number;
  found: number;
}

export interface PiiEvalResult {
  corpus: string;
  messages: number;
  kinds: Partial<Record<PiiKind, KindScore>>;
  overall: KindScore;
  /** Overall figures per corpus source (`template`, `written`). */
  sources: Record<string, KindScore>;
}

type Tally = { tp: number; fp: number; fn: number; overlap: number };
const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 10000) / 10000);
const score = (t: Tally): KindScore => ({
  precision: ratio(t.tp, t.tp + t.fp),
  recall: ratio(t.tp, t.tp + t.fn),
  overlapRecall: ratio(t.overlap, t.tp + t.fn),
  support: t.tp + t.fn,
  found: t.tp + t.fp,
});

const same = (a: { kind: string; start: number; end: number }, b: { kind: string; start: number; end: number }) =>
  a.kind === b.kind && a.start === b.start && a.end === b.end;
const overlaps = (a: { kind: string; start: number; end: number }, b: { kind: string; start: number; end: number }) =>
  a.kind === b.kind && a.start < b.end && b.start < a.end;

function tallyLine(line: Labelled, found: PiiSpan[], tallies: Map<PiiKind, Tally>, log: (s: string) => void) {
  const get = (k: PiiKind) => tallies.get(k) ?? (tallies.set(k, { tp: 0, fp: 0, fn: 0, overlap: 0 }), tallies.get(k)!);
  for (const label of line.spans) {
    const t = get(label.kind);
    if (found.some((f) => same(f, label))) t.tp++;
    else {
      t.fn++;
      log(`missed ${label.kind} "${line.text.slice(label.start, label.end)}" in: ${line.text}`);
    }
    if (found.some((f) => overlaps(f, label))) t.overlap++;
  }
  for (const f of found) {
    if (line.spans.some((l) => same(f, l))) continue;
    get(f.kind).fp++;
    log(`extra ${f.kind} "${f.value}" in: ${line.text}`);
  }
}

function summarise(tallies: Map<PiiKind, Tally>): { kinds: Partial<Record<PiiKind, KindScore>>; overall: KindScore } {
  const total: Tally = { tp: 0, fp: 0, fn: 0, overlap: 0 };
  const kinds: Partial<Record<PiiKind, KindScore>> = {};
  for (const kind of piiKinds) {
    const t = tallies.get(kind);
    if (!t) continue;
    kinds[kind] = score(t);
    for (const key of ['tp', 'fp', 'fn', 'overlap'] as const) total[key] += t[key];
  }
  return { kinds, overall: score(total) };
}

/** Score the detectors on a corpus file. */
export async function evalPii(options: { corpus?: string; log?: (line: string) => void }): Promise<PiiEvalResult> {
  const path = options.corpus ?? DEFAULT_PII_CORPUS.pathname;
  const lines = (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
  const tallies = new Map<PiiKind, Tally>();
  const bySource = new Map<string, Map<PiiKind, Tally>>();
  for (const line of lines) {
    const found = detectPii(line.text);
    tallyLine(line, found, tallies, options.log ?? (() => {}));
    const source = line.source ?? 'corpus';
    if (!bySource.has(source)) bySource.set(source, new Map());
    tallyLine(line, found, bySource.get(source)!, () => {});
  }
  const { kinds, overall } = summarise(tallies);
  const sources = Object.fromEntries([...bySource].map(([source, t]) => [source, summarise(t).overall]));
  return { corpus: path, messages: lines.length, kinds, overall, sources };
}

/** The per-kind table printed above the JSON line. */
export function formatPiiTable(result: PiiEvalResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const row = (name: string, s: KindScore) =>
    `${name.padEnd(11)}${String(s.support).padStart(8)}${String(s.found).padStart(7)}${pct(s.precision)}${pct(s.recall)}${pct(s.overlapRecall)}`;
  const rows = Object.entries(result.kinds).map(([k, s]) => row(k, s));
  const sources = Object.entries(result.sources).map(([k, s]) => row(`  ${k}`, s));
  return [`kind        support  found  prec.  recall overlap`, ...rows, row('overall', result.overall), ...sources].join('\n');
}
