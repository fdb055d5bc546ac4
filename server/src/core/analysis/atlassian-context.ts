import * as ts from 'typescript';
import { ATLASSIAN_REST_PATH } from '../knowledge/atlassian';
import { isAtlassianContextFile, OTHER_VENDOR } from './names';
import { NodeMemo } from './session';

/**
 * Whether the code around a credential is about Jira or Confluence, when its host is decided at run
 * time. Real integrations name what they talk to (`class JiraService`, `createAuthHeaders(config:
 * ConfluenceConfig)`, `jiraBaseUrl`, `src/jira/client.ts`) and keep the REST paths they call beside
 * the client. Atlassian Cloud accepts no account password over Basic auth (deprecated in 2019), so
 * a Basic credential in such code is an API token on Cloud (on Data Center it may be a password).
 * The nearest naming wins: a `GitHubClient` inside a Jira sync tool is not Atlassian's.
 */

/** What made the code Atlassian's, for the message ("class JiraService"). */
export interface ContextEvidence {
  readonly reason: string;
}

/** A product word in a name: Jira, Confluence, Atlassian, JQL, Jira Service Management. */
const PRODUCT_WORD = /jira|confluence|atlassian|(?:^|[^a-z])jql|servicedesk/i;
const MAX_TEXT_SCAN = 200_000;
/** REST path prefixes as code writes them, also where a literal ends before the next segment. */
const REST_PREFIX = /\/rest\/api\/(?:2|3|latest)\b|\/wiki\/rest\/api\b|\/wiki\/api\/v2\b|\/rest\/agile\/|\/rest\/servicedeskapi\b/;
/** Per analysis (see ./session): evidence comes from the whole file, not only the node's subtree. */
const cache = new NodeMemo<ts.Node, ContextEvidence | null>();

function say(reason: string): ContextEvidence {
  return { reason };
}

/** `Jira`, `ConfluenceConfig`, `Promise<JiraIssue>`: the names a type annotation uses. */
function typeNames(t: ts.TypeNode | undefined, out: string[] = [], depth = 0): string[] {
  if (!t || depth > 4) return out;
  if (ts.isTypeReferenceNode(t)) {
    out.push(ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text);
    for (const a of t.typeArguments ?? []) typeNames(a, out, depth + 1);
  } else if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) for (const m of t.types) typeNames(m, out, depth + 1);
  else if (ts.isArrayTypeNode(t)) typeNames(t.elementType, out, depth + 1);
  return out;
}

/** The names a declaration gives itself and its signature: its name, parameter and return types, heritage. */
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

/** An Atlassian REST path or site host in the string literals of a class or function body. */
function restPathInside(n: ts.Node): boolean {
  const text = n.getText();
  if (text.length > MAX_TEXT_SCAN) return false;
  return ATLASSIAN_REST_PATH.test(text) || REST_PREFIX.test(text) || /\.atlassian\.net|api\.atlassian\.com/.test(text);
}

function decide(names: readonly string[]): 'atlassian' | 'other' | undefined {
  // Several names: the product word decides unless another vendor is named as well.
  const product = names.some((x) => PRODUCT_WORD.test(x));
  const other = names.some((x) => OTHER_VENDOR.test(x) && !PRODUCT_WORD.test(x));
  if (product && !other) return 'atlassian';
  if (other && !product) return 'other';
  return undefined;
}

/** The file's own name and the folders just above it: `src/jira/client.ts`, `confluence/http/index.ts`. */
function pathWords(sf: ts.SourceFile): string[] {
  return sf.fileName.split('/').slice(-4);
}

/** Relative modules the file imports from (`./jira/types`), and packages named for a product. */
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

/**
 * Walks out from `node`: each enclosing function, class and binding may name the product (or
 * another vendor, which ends the search); then the REST paths in the enclosing class or top-level
 * function; then the file's path and imports, and Atlassian hosts or REST paths anywhere in it.
 */
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
