import * as ts from 'typescript';
import { findDeclaration } from '../analysis/scope';
import type { Range, TextEdit } from '../model';

/**
 * After a migration edit, the values that only fed the API-token credential (`const apiToken =
 * process.env.JIRA_API_TOKEN`, the destructured `jiraApiToken`, the import of `loadCredentials`) are
 * dead: removing them takes the token out of the code, not just out of the request.
 */

type Candidate = ts.VariableDeclaration | ts.ImportSpecifier | ts.ImportClause;

function inside(pos: number, end: number, ranges: readonly Range[]): boolean {
  return ranges.some((r) => pos >= r.start && end <= r.end);
}

function overlaps(r: Range, ranges: readonly Range[]): boolean {
  return ranges.some((x) => r.start < x.end && x.start < r.end);
}

function isExported(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/** The statement's whole lines, so no blank indentation is left behind. */
function lineRange(sf: ts.SourceFile, node: ts.Node): Range {
  const text = sf.text;
  const start = node.getStart(sf);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  let end = node.getEnd();
  const after = /^[ \t]*(?:\r?\n)?/.exec(text.slice(end))?.[0] ?? '';
  if (/^[ \t]*$/.test(before) && /\n$/.test(after)) return { start: lineStart, end: end + after.length };
  return { start, end };
}

function identifiersIn(node: ts.Node, out: ts.Identifier[]): void {
  if (ts.isIdentifier(node)) out.push(node);
  ts.forEachChild(node, (c) => identifiersIn(c, out));
}

function candidateOf(id: ts.Identifier): Candidate | undefined {
  const d = findDeclaration(id);
  if (!d) return undefined;
  if (ts.isImportSpecifier(d) || ts.isImportClause(d)) return d;
  if (ts.isVariableDeclaration(d)) return d;
  if (ts.isBindingElement(d)) {
    const owner = ts.findAncestor(d, ts.isVariableDeclaration);
    return owner ?? undefined;
  }
  return undefined;
}

function boundNames(c: Candidate): ts.Identifier[] {
  if (ts.isImportSpecifier(c)) return [c.name];
  if (ts.isImportClause(c)) return c.name ? [c.name] : [];
  const out: ts.Identifier[] = [];
  const walk = (n: ts.BindingName): void => {
    if (ts.isIdentifier(n)) out.push(n);
    else for (const el of n.elements) if (ts.isBindingElement(el)) walk(el.name);
  };
  walk(c.name);
  return out;
}

/** The edit removing a candidate, or undefined when it cannot go on its own. */
function removal(c: Candidate, sf: ts.SourceFile): { range: Range; freed: ts.Node | undefined } | undefined {
  if (ts.isVariableDeclaration(c)) {
    const list = c.parent;
    const stmt = list.parent;
    if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !ts.isVariableStatement(stmt) || isExported(stmt)) return undefined;
    return { range: lineRange(sf, stmt), freed: c.initializer };
  }
  const decl = ts.isImportSpecifier(c) ? c.parent.parent.parent : c.parent;
  if (!ts.isImportDeclaration(decl)) return undefined;
  const clause = decl.importClause;
  const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
  const others = (named?.length ?? 0) + (clause?.name ? 1 : 0) - 1;
  if (others === 0) return { range: lineRange(sf, decl), freed: undefined };
  if (ts.isImportSpecifier(c) && named) {
    const i = named.indexOf(c);
    const next = named[i + 1];
    const prev = named[i - 1];
    if (next) return { range: { start: c.getStart(sf), end: next.getStart(sf) }, freed: undefined };
    if (prev) return { range: { start: prev.getEnd(), end: c.getEnd() }, freed: undefined };
  }
  return undefined;
}

const IDENT_PART = /[\w$\u0080-\uffff]/;

/** The identifier that starts exactly at `pos`, found by descending the tree (no whole-file walk). */
function identifierAt(sf: ts.SourceFile, pos: number): ts.Identifier | undefined {
  let node: ts.Node = sf;
  for (;;) {
    if (ts.isIdentifier(node)) return node.getStart(sf) === pos ? node : undefined;
    let next: ts.Node | undefined;
    ts.forEachChild(node, (c) => {
      if (c.pos <= pos && pos < c.end) {
        next = c;
        return true;
      }
      return undefined;
    });
    if (!next) return undefined;
    node = next;
  }
}

const byNameCache = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/**
 * Every identifier of the file named `name`, in source order. Found from the text (each whole-word
 * occurrence, then the node there), so a fix costs a few descents rather than a walk of the file.
 */
export function identifiersNamed(sf: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let cache = byNameCache.get(sf);
  if (!cache) byNameCache.set(sf, (cache = new Map()));
  let list = cache.get(name);
  if (list) return list;
  list = [];
  const text = sf.text;
  if (name.length > 0) {
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (IDENT_PART.test(text.charAt(at - 1)) || IDENT_PART.test(text.charAt(at + name.length))) continue;
      const id = identifierAt(sf, at);
      if (id && id.text === name) list.push(id);
    }
  }
  cache.set(name, list);
  return list;
}

/** Identifiers inside any of the ranges, in source order (descends only where a range is). */
function identifiersWithin(sf: ts.SourceFile, ranges: readonly Range[]): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  if (ranges.length === 0) return out;
  const visit = (n: ts.Node): void => {
    if (!ranges.some((r) => n.end > r.start && n.pos < r.end)) return;
    if (ts.isIdentifier(n)) {
      if (inside(n.getStart(sf), n.getEnd(), ranges)) out.push(n);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Removals of declarations that the edits leave unused (seeded by what the edits replace). */
export function pruneUnused(sf: ts.SourceFile, edits: readonly TextEdit[]): TextEdit[] {
  const mine = edits.filter((e) => e.file === undefined);
  const replaced: Range[] = mine.filter((e) => e.range.end > e.range.start).map((e) => e.range);
  const kept = new Set(mine.flatMap((e) => e.newText.match(/[A-Za-z_$][\w$]*/g) ?? []));
  const out: TextEdit[] = [];
  const dead: Range[] = [...replaced];
  const done = new Set<Candidate>();
  let seeds = identifiersWithin(sf, replaced);
  for (let round = 0; round < 6 && seeds.length > 0; round++) {
    const next: ts.Identifier[] = [];
    for (const seed of seeds) {
      const c = candidateOf(seed);
      if (!c || done.has(c)) continue;
      done.add(c);
      const names = boundNames(c);
      if (names.length === 0 || names.some((n) => kept.has(n.text))) continue;
      const sameName = [...new Set(names.map((n) => n.text))].flatMap((t) => identifiersNamed(sf, t));
      const live = sameName.some((id) => {
        if (names.includes(id)) return false;
        const parent = id.parent;
        if ((ts.isPropertyAccessExpression(parent) && parent.name === id) || (ts.isPropertyAssignment(parent) && parent.name === id)) return false;
        if (ts.isBindingElement(parent) && parent.propertyName === id) return false;
        if (inside(id.getStart(sf), id.getEnd(), dead)) return false;
        return candidateOf(id) === c;
      });
      if (live) continue;
      const r = removal(c, sf);
      if (!r || overlaps(r.range, [...replaced, ...out.map((e) => e.range)])) continue;
      out.push({ range: r.range, newText: '' });
      dead.push(r.range);
      if (r.freed) identifiersIn(r.freed, next);
    }
    seeds = next;
  }
  return out;
}
