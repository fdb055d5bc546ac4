/**
 * A strict little XML 1.0 reader for the tests (no XML parser is a dependency): elements, attributes,
 * text, the five predefined entities and numeric character references. It throws on what a real parser
 * rejects and a hostile name could cause: a tag left open or closed out of order, an unescaped `<` or
 * `&`, a duplicate attribute, a character XML cannot hold (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF), text after the root.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (entities decoded), children's text excluded. */
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new Error(`unescaped < at ${at}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`bare & at ${at}`);
    if (body in ENTITIES) return ENTITIES[body] ?? '';
    const num = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(body);
    if (!num?.[1]) throw new Error(`unknown entity &${body}; at ${at}`);
    const code = num[1].startsWith('x') ? parseInt(num[1].slice(1), 16) : parseInt(num[1], 10);
    const c = String.fromCodePoint(code);
    if (FORBIDDEN.test(c) || code === 0) throw new Error(`character reference to U+${code.toString(16)} at ${at}`);
    return c;
  });
}

export function parseXml(xml: string): XmlElement {
  const bad = FORBIDDEN.exec(xml);
  if (bad) throw new Error(`character U+${bad[0].charCodeAt(0).toString(16)} not allowed in XML at ${bad.index}`);
  let i = 0;
  const decl = /^<\?xml[^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    const top = stack[stack.length - 1];
    if (top) top.text += decode(text, i);
    else if (text.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    if (lt < 0) break;
    if (xml.startsWith('</', lt)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(xml.slice(lt));
      const open = stack.pop();
      if (!m || !open || m[1] !== open.name) throw new Error(`mismatched closing tag at ${lt}`);
      i = lt + m[0].length;
      continue;
    }
    const name = NAME.exec(xml.slice(lt + 1))?.[0];
    if (!name) throw new Error(`bad tag at ${lt}`);
    if (!top && root) throw new Error(`second root element at ${lt}`);
    let j = lt + 1 + name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))?.[0] ?? '';
      j += ws.length;
      if (xml.startsWith('/>', j) || xml.startsWith('>', j)) break;
      if (ws === '') throw new Error(`no space before attribute at ${j}`);
      const a = /^([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"]*)"/.exec(xml.slice(j));
      if (!a?.[1] || a[2] === undefined) throw new Error(`bad attribute at ${j}`);
      if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]} at ${j}`);
      attributes[a[1]] = decode(a[2], j);
      j += a[0].length;
    }
    const el: XmlElement = { name, attributes, children: [], text: '' };
    if (top) top.children.push(el);
    else root = el;
    if (xml.startsWith('/>', j)) {
      i = j + 2;
    } else {
      stack.push(el);
      i = j + 1;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]?.name ?? ''}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every descendant element named `name`, in document order. */
export function elements(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    out.push(...elements(c, name));
  }
  return out;
}
