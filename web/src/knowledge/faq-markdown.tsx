import type { ReactNode } from 'react';

/**
 * Markdown-lite, the format of FAQ answers: paragraphs, `-`/`1.` lists,
 * **bold**, `code` and [links](https://…). Rendered as React elements, so any
 * HTML in an answer shows as text and never runs.
 */
const INLINE = /\*\*(.+?)\*\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
const SAFE_URL = /^(https?:|mailto:|\/)/i;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const key = out.length;
    if (m[1] !== undefined) out.push(<strong key={key}>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<code key={key}>{m[2]}</code>);
    else if (SAFE_URL.test(m[4]!))
      out.push(
        <a key={key} href={m[4]} target="_blank" rel="noreferrer noopener">
          {m[3]}
        </a>,
      );
    else out.push(m[0]);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function block(lines: string[], key: number): ReactNode {
  if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
    return (
      <ul key={key}>
        {lines.map((l, i) => (
          <li key={i}>{inline(l.replace(/^\s*[-*]\s+/, ''))}</li>
        ))}
      </ul>
    );
  }
  if (lines.every((l) => /^\s*\d+[.、)]\s*/.test(l))) {
    return (
      <ol key={key}>
        {lines.map((l, i) => (
          <li key={i}>{inline(l.replace(/^\s*\d+[.、)]\s*/, ''))}</li>
        ))}
      </ol>
    );
  }
  return <p key={key}>{lines.flatMap((l, i) => (i === 0 ? inline(l) : [<br key={`br${i}`} />, ...inline(l)]))}</p>;
}

/** An answer as the customer sees it on the web. */
export function MarkdownLite({ text }: { text: string }) {
  const blocks = text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.split('\n').filter((l) => l.trim() !== ''))
    .filter((b) => b.length > 0);
  return <div className="markdown-lite">{blocks.map(block)}</div>;
}
