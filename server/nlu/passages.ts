import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * Long articles answer questions one passage at a time: the article is cut
 * at its h2/h3 headings, and a section longer than `max` characters is cut
 * again between sentences (。！？ for Chinese, `. ! ?` before a space for
 * English). Each passage knows its heading path and the anchor of its
 * section, the same id the rendered page gives that heading (see
 * `headingAnchors`), so an answer can link to the exact section.
 */

export interface Passage {
  /** Anchor of the section: the h3's (or h2's) id; '' for text before the first heading. */
  anchor: string;
  /** Enclosing headings, outermost first: [] (intro), [h2] or [h2, h3]. */
  headings: string[];
  /** Plain text: Markdown marks, links and images removed, list items on their own lines. */
  text: string;
  /** Position in the article, from 0. */
  index: number;
}

export interface PassageOptions {
  /** A chunk is closed once it reaches this length and the next sentence would pass `max`. */
  min: number;
  max: number;
}

export const DEFAULT_PASSAGE_OPTIONS: PassageOptions = { min: 300, max: 600 };

/** The parser both the splitter and the renderer read headings with (same options, so the same headings). */
export const markdownParseOptions = { html: false, linkify: true } as const;
const parser = new MarkdownIt(markdownParseOptions);

/**
 * A URL-safe slug that keeps Chinese: letters and digits of any script, lower
 * case, everything else one dash. Empty when the text has no letter or digit.
 * @example slugify('1. 退货条件（7 天）') // '1-退货条件-7-天'
 */
export function slugify(text: string, maxLength = 64): string {
  const slug = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return [...slug].slice(0, maxLength).join('').replace(/-+$/, '');
}

/** Plain text of an inline token: text and code kept, marks, images and links dropped. */
export function inlineText(token: Token): string {
  let out = '';
  for (const child of token.children ?? []) {
    if (child.type === 'text' || child.type === 'code_inline') out += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * The id of every heading of a parsed document, in order: its slug, with
 * `-2`, `-3`… for repeats and `section-N` for a heading with no letters.
 * @example headingAnchors(parser.parse('## 退货\n## 退货', {})) // ['退货', '退货-2']
 */
export function headingAnchors(tokens: readonly Token[]): string[] {
  const used = new Set<string>();
  const anchors: string[] = [];
  tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const base = slugify(inlineText(tokens[i + 1]!)) || `section-${anchors.length + 1}`;
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    anchors.push(anchor);
  });
  return anchors;
}

interface Section {
  anchor: string;
  headings: string[];
  /** Text blocks: paragraphs, list items, table rows, code. */
  blocks: string[];
}

/**
 * Cuts a Markdown article into passages: one per h2/h3 section, several for
 * a long one. The h1 (the title) is not part of any passage.
 *
 * @example
 * splitPassages('# 退货政策\n\n## 退货条件\n签收 7 天内……')
 * // [{ anchor: '退货条件', headings: ['退货条件'], text: '签收 7 天内……', index: 0 }]
 */
export function splitPassages(markdown: string, options: PassageOptions = DEFAULT_PASSAGE_OPTIONS): Passage[] {
  const passages: Passage[] = [];
  for (const section of sectionsOf(parser.parse(markdown, {}))) {
    const text = section.blocks.join('\n');
    if (!text) continue;
    for (const chunk of chunkText(section.blocks, options)) {
      passages.push({ anchor: section.anchor, headings: section.headings, text: chunk, index: passages.length });
    }
  }
  return passages;
}

function sectionsOf(tokens: Token[]): Section[] {
  const anchors = headingAnchors(tokens);
  const sections: Section[] = [{ anchor: '', headings: [], blocks: [] }];
  let h2: string | undefined;
  let heading = 0;
  let row: string[] | undefined;
  const ordinals: number[] = [];
  const bullet = () => (ordinals.length ? (ordinals.at(-1)! > 0 ? `${ordinals.at(-1)}. ` : '- ') : '');
  tokens.forEach((token, i) => {
    const current = sections.at(-1)!;
    if (token.type === 'heading_open') {
      const anchor = anchors[heading++]!;
      const title = inlineText(tokens[i + 1]!);
      if (token.tag === 'h2') sections.push({ anchor, headings: [(h2 = title)], blocks: [] });
      else if (token.tag === 'h3') sections.push({ anchor, headings: h2 ? [h2, title] : [title], blocks: [] });
      else if (token.tag !== 'h1' && title) current.blocks.push(title);
    } else if (token.type === 'ordered_list_open') ordinals.push(Number(token.attrGet('start') ?? 1) - 1 || 0);
    else if (token.type === 'bullet_list_open') ordinals.push(-1);
    else if (token.type === 'ordered_list_close' || token.type === 'bullet_list_close') ordinals.pop();
    else if (token.type === 'list_item_open' && ordinals.length && ordinals.at(-1)! >= 0) ordinals[ordinals.length - 1]! += 1;
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      if (row.some(Boolean)) current.blocks.push(row.join(' | '));
      row = undefined;
    } else if (token.type === 'inline' && tokens[i - 1]?.type !== 'heading_open') {
      const text = inlineText(token);
      if (row) row.push(text);
      else if (text) current.blocks.push(tokens[i - 2]?.type === 'list_item_open' ? bullet() + text : text);
    } else if ((token.type === 'fence' || token.type === 'code_block') && token.content.trim()) current.blocks.push(token.content.trim());
  });
  return sections;
}

/** Sentence ends: Chinese 。！？ (with closing quotes), or . ! ? before a space or the end. */
const SENTENCE = /(?:[^。！？!?.]|[.!?](?=[^\s.!?]))*(?:[。！？]+|[.!?]+(?=\s|$)|$)["'”’」』）)]*\s*/gsu;

/** Sentences of a block; the last keeps whatever follows the last sentence end. */
export function sentencesOf(text: string): string[] {
  return [...text.matchAll(SENTENCE)].map(([s]) => s).filter((s) => s.trim().length > 0);
}

/** Packs a section's sentences into chunks of about min..max characters; a sentence longer than max is cut. */
function chunkText(blocks: readonly string[], { min, max }: PassageOptions): string[] {
  const pieces = blocks.flatMap((block) => {
    const sentences = sentencesOf(block).flatMap((s) => cutLong(s, max));
    return sentences.map((s, i) => (i === sentences.length - 1 ? `${s.trimEnd()}\n` : s));
  });
  const chunks: string[] = [];
  let chunk = '';
  for (const piece of pieces) {
    const next = chunk.length + piece.length;
    if (chunk && next > max && (chunk.trim().length >= min || next > max * 1.5)) {
      chunks.push(chunk.trim());
      chunk = '';
    }
    chunk += piece;
  }
  const tail = chunk.trim();
  if (tail && chunks.length && tail.length < min / 2 && chunks.at(-1)!.length + tail.length < max * 1.25) chunks.push(`${chunks.pop()}\n${tail}`);
  else if (tail) chunks.push(tail);
  return chunks;
}

/** A sentence longer than max, cut after a comma or space where one falls in the second half of the window. */
function cutLong(sentence: string, max: number): string[] {
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = Math.max(window.lastIndexOf('，'), window.lastIndexOf(', '), window.lastIndexOf('；'), window.lastIndexOf(' '));
    const cut = at > max / 2 ? at + 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}
