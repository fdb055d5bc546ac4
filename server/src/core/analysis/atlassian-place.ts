import * as ts from 'typescript';
import { ATLASSIAN_WORD } from '../knowledge/atlassian';
import { propertyNameText } from './scope';

/**
 * Whether the code around a node is about Atlassian, for names and labels that do not say so
 * themselves ("API token", `password`, `token`). Real integrations name the place instead: the
 * component (`JiraSettings`), the class (`JiraIssuePlugin`), the command (`jira.signIn`),
 * or a sentence next to the field ("Create one in your Atlassian account"). Only the file's text is
 * read, never its path: the rules' prefilters see the text alone, and a repository named after Jira
 * holds code for other services too.
 */

/** Human text that names an Atlassian product (names use the looser `ATLASSIAN_WORD`). */
export const ATLASSIAN_TEXT = /atlassian|jira|confluence|bitbucket/i;

/** How far up "next to the field" reaches: a form group, a setting row, a question object. */
const NEARBY_CHARS = 600;
/** Functions longer than this are whole modules in disguise: their strings say little about one call. */
const FUNCTION_CHARS = 6000;

/** The name of a function-like or class node, or of the binding that holds it. */
function ownName(n: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isClassExpression(n)) && n.name) return n.name.text;
  if ((ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n) || ts.isPropertyDeclaration(n)) && n.name) return propertyNameText(n.name);
  if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
  if (ts.isPropertyAssignment(n)) return propertyNameText(n.name);
  return undefined;
}

/** `registerCommand('jira.login', () => …)`, `resolver.define('saveJiraToken', …)`: the id a callback is registered under. */
function registeredAs(fn: ts.Node): string | undefined {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] === fn) return undefined;
  const first = call.arguments[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** String fields of a class: `id = 'jira.signIn'`, `static title = 'Jira'`. */
function classStrings(cls: ts.ClassLikeDeclaration): string[] {
  const out: string[] = [];
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.initializer && ts.isStringLiteralLike(m.initializer)) out.push(m.initializer.text);
  }
  return out;
}

/** Names of the functions, methods, components, classes and registered commands around a node. */
export function enclosingNames(node: ts.Node): string[] {
  const names: string[] = [];
  for (let n: ts.Node | undefined = node.parent; n && !ts.isSourceFile(n); n = n.parent) {
    const name = ownName(n);
    if (name !== undefined) names.push(name);
    if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
      const id = registeredAs(n);
      if (id !== undefined) names.push(id);
    }
    if (ts.isClassLike(n)) {
      names.push(...(n.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText())));
      names.push(...classStrings(n));
    }
  }
  return names;
}

/** String literals, template parts and JSX text under a node. */
export function stringsUnder(node: ts.Node, limit = 200): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (out.length >= limit) return;
    if (ts.isStringLiteralLike(n) || ts.isJsxText(n)) out.push(n.text);
    else if (ts.isTemplateExpression(n)) out.push(n.head.text, ...n.templateSpans.map((s) => s.literal.text));
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}

/** The largest ancestor of at most {@link NEARBY_CHARS} characters, inside the node's function. */
export function nearbyGroup(node: ts.Node): ts.Node {
  let group = node;
  for (let n = node.parent; n && !ts.isSourceFile(n) && !ts.isFunctionLike(n) && !ts.isBlock(n); n = n.parent) {
    if (n.end - n.pos > NEARBY_CHARS) break;
    group = n;
  }
  return group;
}

/** Strings next to a node: its form group, setting row or question object. */
export function nearbyStrings(node: ts.Node): string[] {
  return stringsUnder(nearbyGroup(node));
}

/** Strings in the function around a node (a command that asks for a "Jira password" and stores it). */
export function functionStrings(node: ts.Node): string[] {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn || fn.end - fn.pos > FUNCTION_CHARS) return [];
  return stringsUnder(fn);
}

/**
 * Whether the place of a node says Atlassian: the names around it, or the strings next to it
 * (`wide`: the strings of its whole function).
 */
export function nearAtlassian(node: ts.Node, wide = false): boolean {
  if (enclosingNames(node).some((n) => ATLASSIAN_WORD.test(n))) return true;
  const strings = wide ? functionStrings(node) : nearbyStrings(node);
  return strings.some((s) => ATLASSIAN_TEXT.test(s));
}
