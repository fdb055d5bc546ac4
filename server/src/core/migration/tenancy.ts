import * as ts from 'typescript';
import { findDeclaration, propertyNameText } from '../analysis/scope';
import type { TextEdit } from '../model';

/**
 * What makes a one-token rewrite wrong, and the names the helper's imports must not collide with.
 *
 * Multi-tenant code takes the credential per call (`getIssue(siteUrl, email, apiToken, key)`) or per
 * instance (`new JiraClient(site, email, token)` keeping `this.token`): replacing it with the helper's
 * one process-wide token would silently ignore the caller's tenant. The fix is refused there, saying
 * why, and the developer keys the helper's token store by user or site by hand.
 */

const CREDENTIAL_NAME = /token|secret|passw|pwd|cred|apikey|api_key|auth/i;
const MAX_DEPTH = 4;

function functionName(fn: ts.SignatureDeclaration): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return `${fn.name.getText()}()`;
  if (ts.isConstructorDeclaration(fn)) return `the ${fn.parent.name?.getText() ?? 'class'} constructor`;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `${parent.name.text}()`;
  if (ts.isPropertyAssignment(parent)) return `${propertyNameText(parent.name) ?? 'this function'}()`;
  return 'this function';
}

/**
 * A credential of the construction that comes from the caller (a parameter) or the instance (a
 * `this.` field), followed through local `const`s; described for the refusal, or undefined.
 */
export function perCallCredential(root: ts.Node, depth = 0, names: RegExp = CREDENTIAL_NAME): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let found: string | undefined;
  const visit = (n: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && names.test(n.name.text)) {
      found = `\`this.${n.name.text}\` is kept per instance (each client may hold another tenant's token)`;
      return;
    }
    if (ts.isIdentifier(n) && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n)) {
      const decl = findDeclaration(n);
      if (decl && ts.isParameter(decl) && names.test(n.text)) {
        found = `\`${n.text}\` is a parameter of ${functionName(decl.parent)} (each caller may pass another user's or tenant's token)`;
        return;
      }
      if (decl && ts.isBindingElement(decl) && names.test(n.text)) {
        const param = ts.findAncestor(decl, ts.isParameter);
        if (param) {
          found = `\`${n.text}\` comes from the arguments of ${functionName(param.parent)} (each caller may pass another user's or tenant's token)`;
          return;
        }
      }
      if (decl && ts.isVariableDeclaration(decl) && decl.initializer && !ts.isSourceFile(decl.parent.parent.parent)) {
        found = perCallCredential(decl.initializer, depth + 1, names);
        if (found !== undefined) return;
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(root);
  return found;
}

const ANY_NAME = /[\s\S]/;

/**
 * The tenant a request serves is the caller's when both its site and its credential come from the
 * caller or the instance (`getIssue(siteUrl, email, apiToken, key)`, `this.baseUrl` with
 * `this.apiToken`): then a one-token rewrite is refused, with this reason. A token parameter on a
 * fixed site is one account's token handed down, and migrates.
 */
export function multiTenant(credential: ts.Node, site: readonly ts.Node[]): string | undefined {
  const token = perCallCredential(credential);
  if (token === undefined) return undefined;
  const perCallSite = site.map((n) => perCallCredential(n, 0, ANY_NAME)).find((x) => x !== undefined);
  if (perCallSite === undefined) return undefined;
  return `the site and the token come from the caller (${token.replace(/ \(each .*\)$/, '')}): this code serves several tenants, and one OAuth token for the whole process would ignore them. Key the helper's token store by site or user and pass that key, by hand`;
}

/** Every name declared in the file (functions, variables, parameters, classes, imports), except imports of `specifier`. */
function declaredNames(sf: ts.SourceFile, specifier: string): Set<string> {
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === specifier) return;
    if ((ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isImportSpecifier(n) || ts.isImportClause(n) || ts.isBindingElement(n) || ts.isNamespaceImport(n)) && n.name && ts.isIdentifier(n.name)) {
      out.add(n.name.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/**
 * The helper's names the file already uses for something else (its own `getAccessToken` that reads
 * the API token, a local `getCloudId`): imported under `getAtlassian…` names instead, so the import
 * neither collides (TS2440) nor is shadowed by the local one.
 */
export function helperAliases(sf: ts.SourceFile, specifier: string, names: readonly string[]): Map<string, string> {
  const declared = declaredNames(sf, specifier);
  const out = new Map<string, string>();
  for (const n of names) {
    if (!declared.has(n)) continue;
    let alias = n.replace(/^get/, 'getAtlassian');
    for (let i = 2; declared.has(alias); i++) alias = `${n.replace(/^get/, 'getAtlassian')}${i}`;
    out.set(n, alias);
  }
  return out;
}

/** The edits with each helper call renamed to its alias. */
export function renameCalls(edits: readonly TextEdit[], aliases: ReadonlyMap<string, string>): TextEdit[] {
  if (aliases.size === 0) return [...edits];
  return edits.map((e) => {
    let text = e.newText;
    for (const [name, alias] of aliases) text = text.replace(new RegExp(`\\b${name}\\(`, 'g'), `${alias}(`);
    return text === e.newText ? e : { ...e, newText: text };
  });
}

/** Import names with their aliases, written as the file imports (`a as b`, or `a: b` in a `require` pattern). */
export function aliasedNames(names: readonly string[], aliases: ReadonlyMap<string, string>, esm: boolean): string[] {
  return names.map((n) => {
    const alias = aliases.get(n);
    return alias === undefined ? n : esm ? `${n} as ${alias}` : `${n}: ${alias}`;
  });
}
