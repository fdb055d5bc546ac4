import * as ts from 'typescript';
import { ATLASSIAN_WORD, isPlaceholderValue } from '../knowledge/atlassian';
import { atlassianContext } from './atlassian-context';
import { OTHER_VENDOR } from './names';
import type { RelatedReport } from '../model';
import { relatedAt } from './credential-related';
import { tokenInputs, type TokenInput } from './credential-summary';
import { importedValue, moduleMember, namespaceModule } from './modules';
import { findDeclaration, nameOf, unwrap } from './scope';
import { evaluate, holes, propertyOf, resolveValue, staticText } from './values';

/**
 * `new JiraService({ apiUsername, apiToken: config.apiToken })`, `new JiraApi(email, token, url)`,
 * `createClient(endpoint, user, password)`: a call into a class or helper of another project module
 * that sends the token it is given with Basic auth (see ./credential-summary). Reported where the
 * token enters, with the place it is sent from as a related location.
 */

export interface WrapperCall {
  readonly node: ts.NewExpression | ts.CallExpression;
  /** `JiraService`, `createClient`. */
  readonly callee: string;
  /** What is passed as the token: `config.apiToken`, or `a literal` (never its value). */
  readonly credential: string;
  /** The token argument is a literal. */
  readonly literal: boolean;
  readonly input: TokenInput;
  /** Where the wrapper sends it: `core/JiraService.js:28`. */
  readonly site: string;
  readonly related: RelatedReport[];
}

type Callable = ts.ClassLikeDeclaration | ts.FunctionLikeDeclaration;

/** The class or function an imported name stands for in its own module. */
function importedCallable(id: ts.Identifier): Callable | undefined {
  const decl = findDeclaration(id);
  if (!decl || !(ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isBindingElement(decl) || ts.isVariableDeclaration(decl))) return undefined;
  // `const JiraService = require('./core/JiraService')`: the module's `module.exports`.
  const ns = ts.isVariableDeclaration(decl) ? namespaceModule(id) : undefined;
  if (ts.isVariableDeclaration(decl) && ns === undefined) return undefined;
  const v = ns !== undefined ? moduleMember(id.getSourceFile(), ns, 'default') : importedValue(id);
  if (!v) return undefined;
  if (ts.isClassDeclaration(v)) return v;
  if (ts.isFunctionDeclaration(v)) return v.body ? v : undefined;
  const init = ts.isVariableDeclaration(v) ? v.initializer : v;
  const e = init ? unwrap(init) : undefined;
  if (e && (ts.isClassExpression(e) || ts.isFunctionExpression(e) || ts.isArrowFunction(e))) return e;
  return undefined;
}

/** `core/JiraService.js:28`: where a wrapper sends the token, for the message. */
function lineOf(n: ts.Node): string {
  const sf = n.getSourceFile();
  return `${sf.fileName}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`;
}

/**
 * Names a file binds at its top level from relative modules (`import { JiraApi } from './api'`,
 * `const JiraService = require('./core/JiraService')`): the only callees worth resolving.
 */
export function projectImportNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const relative = (e: ts.Expression | undefined): boolean => e !== undefined && ts.isStringLiteralLike(e) && /^\.\.?(?:\/|$)/.test(e.text);
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) out.add(name.text);
    else for (const el of name.elements) if (ts.isBindingElement(el)) bind(el.name);
  };
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && st.importClause && !st.importClause.isTypeOnly && relative(st.moduleSpecifier)) {
      if (st.importClause.name) out.add(st.importClause.name.text);
      const nb = st.importClause.namedBindings;
      if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) if (!el.isTypeOnly) out.add(el.name.text);
    } else if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer ? unwrap(d.initializer) : undefined;
        if (init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' && relative(init.arguments[0])) bind(d.name);
      }
    }
  }
  return out;
}

/** A call or construction that hands an Atlassian API token to a project wrapper; undefined otherwise. */
export function wrapperCall(node: ts.NewExpression | ts.CallExpression, path: string): WrapperCall | undefined {
  const callee = unwrap(node.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const decl = importedCallable(callee);
  if (!decl || decl.getSourceFile() === node.getSourceFile()) return undefined;
  const args = node.arguments ?? [];
  for (const input of tokenInputs(decl)) {
    const arg = args[input.index];
    if (!arg) continue;
    let value: ts.Expression = arg;
    let spelled = nameOf(arg) ?? 'an argument';
    if (input.key !== undefined) {
      const r = resolveValue(arg);
      if (ts.isObjectLiteralExpression(r.expr)) {
        const prop = propertyOf(r.expr, input.key, r.env);
        if (!prop) continue;
        value = prop.expr;
        spelled = nameOf(prop.expr) ?? input.key;
      } else spelled = `${spelled}.${input.key}`;
    }
    const v = evaluate(value);
    const literal = staticText(v);
    if (literal !== undefined && isPlaceholderValue(literal)) continue;
    const source = holes(v)[0];
    // A wrapper that does not say whom it calls: the caller's names or code must say Atlassian.
    if (!input.atlassian && !holes(v).some((h) => h.aliases.some((a) => ATLASSIAN_WORD.test(a) && !OTHER_VENDOR.test(a))) && !atlassianContext(node)) continue;
    const credential = literal !== undefined ? 'a literal token' : (source?.name ?? spelled);
    const site = lineOf(input.site.node);
    const related = [relatedAt(input.site.node, path, `sent with Basic auth here (${site})`)];
    if (value !== arg || literal === undefined) related.push(relatedAt(value, path, 'token passed here'));
    return { node, callee: callee.text, credential, literal: literal !== undefined, input, site, related };
  }
  return undefined;
}
