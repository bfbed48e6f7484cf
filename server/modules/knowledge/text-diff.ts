/**
 * Word diff that works for Chinese: text is cut into tokens — each CJK
 * character alone (Chinese has no spaces between words), runs of letters or
 * digits, runs of spaces, line breaks, single punctuation marks — and the
 * token lists are compared with Myers' algorithm (the shortest edit script).
 */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const TOKEN = new RegExp(`\\r?\\n|[${CJK}]|(?:(?![${CJK}])[\\p{L}\\p{N}_])+|[^\\S\\r\\n]+|[^]`, 'gu');
/** Beyond this many edits the texts are shown as replaced whole: the cost of Myers grows with edits². */
const MAX_EDITS = 1_000;

/** The tokens a diff compares. */
export function diffTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * The changes turning `before` into `after`, as equal / deleted / inserted runs.
 *
 * @example diffText('退货运费由买家承担', '退货运费由卖家承担')
 * // [{op:'equal',text:'退货运费由'},{op:'delete',text:'买'},{op:'insert',text:'卖'},{op:'equal',text:'家承担'}]
 */
export function diffText(before: string, after: string): DiffPart[] {
  const a = diffTokens(before);
  const b = diffTokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const middle = shortestEdit(middleA, middleB) ?? [
    ...middleA.map((text) => ({ op: 'delete' as const, text })),
    ...middleB.map((text) => ({ op: 'insert' as const, text })),
  ];
  const parts = [
    ...a.slice(0, start).map((text) => ({ op: 'equal' as const, text })),
    ...middle,
    ...a.slice(endA).map((text) => ({ op: 'equal' as const, text })),
  ];
  return merge(parts);
}

/** Consecutive runs of the same kind joined; deletions before insertions within a change. */
function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (last?.op === part.op) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

/** Myers' O((N+M)·D) diff; undefined when more than MAX_EDITS edits are needed. */
function shortestEdit(a: string[], b: string[]): DiffPart[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace, off);
    }
  }
  return undefined;
}

function backtrack(a: string[], b: string[], trace: Int32Array[], off: number): DiffPart[] {
  const out: DiffPart[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? k + 1 : k - 1;
    const prevX = v[off + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      out.push({ op: 'equal', text: a[x]! });
    }
    if (d > 0) out.push(x === prevX ? { op: 'insert', text: b[--y]! } : { op: 'delete', text: a[--x]! });
  }
  return out.reverse();
}

/** Items added to and removed from a list (similar questions, tags). */
export function diffList(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const now = new Set(after);
  return { added: after.filter((s) => !was.has(s)), removed: before.filter((s) => !now.has(s)) };
}
