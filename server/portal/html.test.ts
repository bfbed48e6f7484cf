import { describe, expect, it } from 'vitest';
import { escapeHtml, markup, jsonScript, textParagraphs, trustedHtml } from './html.ts';

describe('the html template helper', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['" onmouseover="x', '&quot; onmouseover=&quot;x'],
    ["' autofocus onfocus='x", '&#39; autofocus onfocus=&#39;x'],
    ['a & b', 'a &amp; b'],
    ['`${x}`', '&#96;${x}&#96;'],
    ['退款多久到账？', '退款多久到账？'],
  ])('escapes %s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
    expect(markup`<p title="${input}">${input}</p>`.value).toBe(`<p title="${expected}">${expected}</p>`);
  });

  it('nests templates without escaping them twice, prints lists, and skips empty values', () => {
    const items = ['<a>', 'b'];
    expect(markup`<ul>${items.map((i) => markup`<li>${i}</li>`)}</ul>${null}${undefined}${false}${0}`.value).toBe(
      '<ul><li>&lt;a&gt;</li><li>b</li></ul>0',
    );
    expect(markup`${trustedHtml('<em>ok</em>')}`.value).toBe('<em>ok</em>');
  });

  it('turns text into paragraphs, still escaped', () => {
    expect(textParagraphs('第一行\n<b>第二行</b>\n\n第二段').value).toBe('<p>第一行<br />&lt;b&gt;第二行&lt;/b&gt;</p><p>第二段</p>');
  });

  it('keeps JSON-LD inside its script element', () => {
    expect(jsonScript({ text: '</script><script>alert(1)</script>' }).value).toBe('{"text":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}');
  });
});
