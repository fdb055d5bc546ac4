import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Issue 14: every regular expression in the product, fed the strings most likely to make it
 * backtrack. The regexes are read from the source (every regex literal), and each one's attack
 * strings are built from its own characters: long runs of each character or class it mentions,
 * alternations of two, its literal words repeated or followed by a run, each with a failing suffix.
 */

export interface CollectedRegex {
  /** `server/src/…:line`. */
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) tsFiles(p, out);
    else if (/\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Every regex literal under `dir`, with where it is. */
export function collectRegexes(root: string, dir = 'server/src'): CollectedRegex[] {
  const out: CollectedRegex[] = [];
  for (const file of tsFiles(path.join(root, dir)).sort()) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const slash = text.lastIndexOf('/');
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        out.push({ where: `${path.relative(root, file)}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Characters a class or escape may stand for, tried in this order. */
const POOL = [
  ...' \n\t\r',
  ...'aA0_-./:=,;"\'`{}()[]<>+*?#&%$@!|\\^~',
  ...'xyzbcdefghijklmnopqrstuvwXYZ123456789',
  '\u00a0',
  '\u2028',
  '→',
  '…',
];

const MAX_ALPHABET = 16;
const MAX_WORDS = 8;

/** The characters and literal words a regex mentions (classes stand for a few of their members). */
export function regexAlphabet(source: string, flags: string): { chars: string[]; words: string[] } {
  const chars = new Set<string>();
  const words: string[] = [];
  let word = '';
  const endWord = (): void => {
    if (word.length >= 2 && !words.includes(word)) words.push(word);
    word = '';
  };
  const members = (cls: string): string[] => {
    let re: RegExp;
    try {
      re = new RegExp(cls, flags.replace(/[gyd]/g, ''));
    } catch {
      return [];
    }
    return POOL.filter((c) => re.test(c) && new RegExp(`^(?:${cls})$`, flags.replace(/[gyd]/g, '')).test(c)).slice(0, 4);
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      if (/[sSdDwW]/.test(next)) {
        endWord();
        for (const m of members(`\\${next}`)) chars.add(m);
      } else if (/[bB]/.test(next) || /\d/.test(next)) {
        endWord();
      } else if (next === 'u' || next === 'x') {
        const hex = next === 'u' ? source.slice(i + 1, i + 5) : source.slice(i + 1, i + 3);
        const ch = String.fromCharCode(parseInt(hex, 16));
        chars.add(ch);
        word += ch;
        i += hex.length;
      } else {
        const ch = ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next;
        chars.add(ch);
        word += ch;
      }
    } else if (c === '[') {
      endWord();
      let j = i + 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      for (const m of members(source.slice(i, j + 1))) chars.add(m);
      i = j;
    } else if (c === '.') {
      endWord();
      chars.add('a');
      chars.add(' ');
    } else if ('()|?*+{}^$'.includes(c)) {
      // A quantified last character is not part of the word before it.
      if ('?*+{'.includes(c) && word.length > 0) word = word.slice(0, -1);
      endWord();
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      if (c === '(' && source[i + 1] === '?') {
        i++;
        if (source[i + 1] === '<' && /[\w$]/.test(source[i + 2] ?? '')) while (i < source.length && source[i] !== '>') i++;
        else i++;
      }
    } else {
      chars.add(c);
      word += c;
    }
  }
  endWord();
  // Blanks and line breaks are the usual bait; keep them even in a crowded alphabet.
  const ordered = [...new Set([' ', '\n', ...chars])].filter((c) => chars.has(c) || c === ' ' || c === '\n');
  return { chars: ordered.slice(0, MAX_ALPHABET), words: words.slice(0, MAX_WORDS) };
}

/** Attack strings of about `n` characters for one regex. */
export function attackStrings(source: string, flags: string, n: number): string[] {
  const { chars, words } = regexAlphabet(source, flags);
  const fail = '\u0001';
  const run = (unit: string): string => unit.repeat(Math.max(1, Math.floor(n / unit.length)));
  const out = new Set<string>();
  for (const c of chars) {
    out.add(run(c) + fail);
    for (const d of chars.slice(0, 6)) if (d !== c) out.add(run(c + d) + fail);
  }
  for (const w of words) {
    out.add(run(w) + fail);
    out.add(run(`${w}\n`) + fail);
    out.add(run(`${w} `) + fail);
    for (const c of chars) {
      out.add(w + run(c) + fail);
      out.add(w + run(c) + w.slice(0, 1));
    }
  }
  return [...out];
}

/** Runs a regex the way the product does: every match with `g`, the first otherwise. */
export function runRegex(re: RegExp, s: string): number {
  if (!re.global && !re.sticky) return re.exec(s) ? 1 : 0;
  let count = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    count++;
    if (m[0].length === 0) re.lastIndex++;
  }
  return count;
}
