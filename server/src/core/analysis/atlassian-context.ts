import * as ts from 'typescript';
import { ATLASSIAN_REST_PATH } from '../knowledge/atlassian';
import { isAtlassianContextFile, OTHER_VENDOR } from './names';

// Restored from a transpiled copy after it was overwritten by mistake; its original comments were lost.

/** Why the code around a node is about Atlassian, in a few words for a related location. */
export interface ContextEvidence {
  readonly reason: string;
}

const PRODUCT_WORD = /jira|confluence|atlassian|(?:^|[^a-z])jql|servicedesk/i;
const MAX_TEXT_SCAN = 200_000;
/** REST path prefixes as code writes them, also where a literal ends before the next segment. */
const REST_PREFIX = /\/rest\/api\/(?:2|3|latest)\b|\/wiki\/rest\/api\b|\/wiki\/api\/v2\b|\/rest\/agile\/|\/rest\/servicedeskapi\b/;
const cache = new WeakMap<ts.Node, ContextEvidence | null>();

function say(reason: string): ContextEvidence {
  return { reason };
}

function typeNames(t: ts.TypeNode | undefined, out: string[] = [], depth = 0): string[] {
  if (!t || depth > 4) return out;
  if (ts.isTypeReferenceNode(t)) {
    out.push(ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text);
    for (const a of t.typeArguments ?? []) typeNames(a, out, depth + 1);
  } else if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) for (const m of t.types) typeNames(m, out, depth + 1);
  else if (ts.isArrayTypeNode(t)) typeNames(t.elementType, out, depth + 1);
  return out;
}

function ownNames(n: ts.Node): string[] {
  const out: string[] = [];
  if (ts.isClassLike(n)) {
    if (n.name) out.push(n.name.text);
    for (const h of n.heritageClauses ?? []) for (const t of h.types) if (ts.isIdentifier(t.expression)) out.push(t.expression.text);
  } else if (ts.isFunctionLike(n)) {
    const name = 'name' in n && n.name && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) ? n.name.text : undefined;
    if (name) out.push(name);
    for (const p of n.parameters) {
      if (ts.isIdentifier(p.name)) out.push(p.name.text);
      typeNames(p.type, out);
    }
    typeNames(n.type, out);
  } else if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) {
    out.push(n.name.text);
    typeNames(n.type, out);
  } else if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) out.push(n.name.text);
  return out;
}

function restPathInside(n: ts.Node): boolean {
  const text = n.getText();
  if (text.length > MAX_TEXT_SCAN) return false;
  return ATLASSIAN_REST_PATH.test(text) || REST_PREFIX.test(text) || /\.atlassian\.net|api\.atlassian\.com/.test(text);
}

function decide(names: readonly string[]): 'atlassian' | 'other' | undefined {
  const product = names.some((x) => PRODUCT_WORD.test(x));
  const other = names.some((x) => OTHER_VENDOR.test(x) && !PRODUCT_WORD.test(x));
  if (product && !other) return 'atlassian';
  if (other && !product) return 'other';
  return undefined;
}

function pathWords(sf: ts.SourceFile): string[] {
  return sf.fileName.split('/').slice(-4);
}

function importNames(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      out.push(st.moduleSpecifier.text);
      const clause = st.importClause;
      if (clause?.name) out.push(clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) out.push(el.name.text);
    }
  }
  return out;
}

export function atlassianContext(node: ts.Node): ContextEvidence | undefined {
  const hit = cache.get(node);
  if (hit !== undefined) return hit ?? undefined;
  const result = search(node);
  cache.set(node, result ?? null);
  return result;
}

function search(node: ts.Node): ContextEvidence | undefined {
  let outer: ts.Node | undefined;
  for (let n: ts.Node | undefined = node; n && !ts.isSourceFile(n); n = n.parent) {
    const names = ownNames(n);
    const verdict = names.length > 0 ? decide(names) : undefined;
    if (verdict === 'other') return undefined;
    if (verdict === 'atlassian') return say(describe(n, names));
    if (ts.isClassLike(n) || ts.isFunctionLike(n)) outer = n;
  }
  if (outer && restPathInside(outer)) return say(ts.isClassLike(outer) ? 'REST paths in this class' : 'REST paths in this function');
  const sf = node.getSourceFile();
  const fileVerdict = decide([...pathWords(sf), ...importNames(sf)]);
  if (fileVerdict === 'atlassian') return say(`file ${sf.fileName.slice(sf.fileName.lastIndexOf('/') + 1)}`);
  if (fileVerdict === undefined && sf.text.length <= MAX_TEXT_SCAN && isAtlassianContextFile(sf.text)) return say('Atlassian REST paths in this file');
  return undefined;
}

function describe(n: ts.Node, names: readonly string[]): string {
  const word = names.find((x) => PRODUCT_WORD.test(x)) ?? '';
  if (ts.isClassLike(n)) return `class ${n.name?.text ?? word}`;
  if (ts.isFunctionLike(n)) return n.name && ts.isIdentifier(n.name) && n.name.text === word ? `function ${word}` : `${word} in the signature`;
  return word;
}
