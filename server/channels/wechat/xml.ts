/**
 * The small, strict XML dialect WeChat speaks: one `<xml>` root, elements,
 * text and CDATA, an optional `<?xml …?>` declaration. No DOCTYPE, no entity
 * declarations, no processing instructions: only the five predefined
 * entities and character references are decoded, so nothing can expand.
 * Attributes are read past and ignored (WeChat sends none).
 */

export interface XmlElement {
  name: string;
  /** Text and CDATA directly inside the element, concatenated. */
  text: string;
  children: XmlElement[];
}

export class XmlError extends Error {}

const LIMITS = { depth: 8, elements: 2000 };
const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ATTRIBUTE = /\s+[A-Za-z_][A-Za-z0-9_.:-]*\s*=\s*("[^"<]*"|'[^'<]*')/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(raw: string): string {
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError('bare & in text');
    if (PREDEFINED[ref]) return PREDEFINED[ref];
    const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? Number(ref.slice(1)) : NaN;
    if (!(code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)))) {
      throw new XmlError(`unknown entity &${ref};`);
    }
    return String.fromCodePoint(code);
  });
}

/** Parse one WeChat XML document into its root element; throws `XmlError` on anything else. */
export function parseXml(input: string): XmlElement {
  let i = input.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipSpace = () => {
    while (i < input.length && /\s/.test(input[i]!)) i++;
  };
  skipSpace();
  if (input.startsWith('<?xml', i)) {
    const end = input.indexOf('?>', i);
    if (end < 0) throw new XmlError('unterminated declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  const readName = () => {
    NAME.lastIndex = i;
    const m = NAME.exec(input);
    if (!m) throw new XmlError(`expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  while (i < input.length) {
    const top = stack[stack.length - 1];
    if (input.startsWith('<![CDATA[', i)) {
      const end = input.indexOf(']]>', i + 9);
      if (end < 0 || !top) throw new XmlError('misplaced or unterminated CDATA');
      top.text += input.slice(i + 9, end);
      i = end + 3;
    } else if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
    } else if (input.startsWith('<!', i) || input.startsWith('<?', i)) {
      throw new XmlError('DOCTYPE, entity declarations and processing instructions are refused');
    } else if (input.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (input[i] !== '>' || top?.name !== name) throw new XmlError(`unexpected closing tag ${name}`);
      i++;
      stack.pop();
    } else if (input[i] === '<') {
      i++;
      const element: XmlElement = { name: readName(), text: '', children: [] };
      for (ATTRIBUTE.lastIndex = i; ATTRIBUTE.exec(input); ATTRIBUTE.lastIndex = i) i = ATTRIBUTE.lastIndex;
      skipSpace();
      const selfClosing = input.startsWith('/>', i);
      if (!selfClosing && input[i] !== '>') throw new XmlError(`malformed tag ${element.name}`);
      i += selfClosing ? 2 : 1;
      if (++count > LIMITS.elements || stack.length >= LIMITS.depth) throw new XmlError('document too large or too deep');
      if (top) top.children.push(element);
      else if (root) throw new XmlError('more than one root element');
      else root = element;
      if (!selfClosing) stack.push(element);
    } else {
      const end = input.indexOf('<', i);
      const raw = input.slice(i, end < 0 ? input.length : end);
      if (top) top.text += decodeText(raw);
      else if (raw.trim()) throw new XmlError('text outside the root element');
      i += raw.length;
    }
  }
  if (!root || stack.length) throw new XmlError('unterminated document');
  return root;
}

/** Text of the first child element named `name` (trimmed unless `raw`), or undefined. */
export function childText(element: XmlElement, name: string, raw = false): string | undefined {
  const child = element.children.find((c) => c.name === name);
  if (!child) return undefined;
  return raw ? child.text : child.text.trim();
}

/** Characters XML 1.0 cannot carry at all; dropped from outgoing text. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function cdata(value: string): string {
  return `<![CDATA[${value.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/**
 * Build a flat WeChat XML document: strings go in CDATA, numbers as text.
 *
 * @example buildXml({ ToUserName: 'o6_b', CreateTime: 1700000000 }) // '<xml><ToUserName><![CDATA[o6_b]]></ToUserName><CreateTime>1700000000</CreateTime></xml>'
 */
export function buildXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}>${typeof value === 'number' ? String(Math.trunc(value)) : cdata(value)}</${name}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
