import * as ts from 'typescript';
import { checkBudget, NodeMemo } from './session';

/**
 * Same-file name resolution without a type checker: enough to follow a value through local
 * `const`/`let` bindings, destructuring, object spreads and function declarations, as real
 * integrations build a header or a config object in one place and use it in another.
 */

type Declaration =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.BindingElement
  | ts.ImportSpecifier
  | ts.ImportClause
  | ts.NamespaceImport
  | ts.ImportEqualsDeclaration;

// Per analysis (see ./session): an incremental parse reuses nodes, and a reassignment may be new.
const tables = new NodeMemo<ts.Node, Map<string, Declaration>>();
const reassignCache = new NodeMemo<ts.VariableDeclaration, boolean>();

function addBindingNames(name: ts.BindingName, decl: Declaration, into: Map<string, Declaration>): void {
  if (ts.isIdentifier(name)) {
    if (!into.has(name.text)) into.set(name.text, decl);
    return;
  }
  for (const el of name.elements) {
    if (ts.isBindingElement(el)) addBindingNames(el.name, ts.isIdentifier(el.name) ? el : decl, into);
  }
}

function collectStatements(statements: readonly ts.Statement[], into: Map<string, Declaration>): void {
  for (const st of statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) addBindingNames(d.name, d, into);
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      into.set(st.name.text, st);
    } else if (ts.isClassDeclaration(st) && st.name) {
      into.set(st.name.text, st);
    } else if (ts.isImportDeclaration(st) && st.importClause) {
      const clause = st.importClause;
      if (clause.name) into.set(clause.name.text, clause);
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) into.set(nb.name.text, nb);
      else if (nb) for (const el of nb.elements) into.set(el.name.text, el);
    } else if (ts.isImportEqualsDeclaration(st)) {
      into.set(st.name.text, st);
    } else if (ts.isExportDeclaration(st) || ts.isExpressionStatement(st)) {
      continue;
    }
  }
}

function tableFor(container: ts.Node): Map<string, Declaration> {
  let table = tables.get(container);
  if (table) return table;
  table = new Map();
  if (ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container)) {
    collectStatements(container.statements, table);
  } else if (ts.isCaseClause(container) || ts.isDefaultClause(container)) {
    collectStatements(container.statements, table);
  } else if (ts.isFunctionLike(container)) {
    for (const p of container.parameters) addBindingNames(p.name, p, table);
    if (ts.isFunctionExpression(container) && container.name) table.set(container.name.text, container as unknown as ts.FunctionDeclaration);
  } else if (ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) {
    const init = container.initializer;
    if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) addBindingNames(d.name, d, table);
  } else if (ts.isCatchClause(container) && container.variableDeclaration) {
    addBindingNames(container.variableDeclaration.name, container.variableDeclaration, table);
  }
  tables.set(container, table);
  return table;
}

/** Nodes that can declare names; other ancestors are skipped without allocating a table. */
function declaresNames(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isFunctionLike(n) ||
    ts.isForStatement(n) || ts.isForOfStatement(n) || ts.isForInStatement(n) || ts.isCatchClause(n)
  );
}

/** The declaration an identifier refers to in this file, or undefined (a global or an unknown). */
export function findDeclaration(id: ts.Identifier): Declaration | undefined {
  const name = id.text;
  for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
    if (!declaresNames(n)) continue;
    const decl = tableFor(n).get(name);
    if (decl) return decl;
  }
  return undefined;
}

/** Strips parentheses, type assertions, `!`, `satisfies` and `await`. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else return e;
  }
}

/** Whether a `let`/`var` binding is assigned again in its scope (then its value is unknown). */
export function reassigned(decl: ts.VariableDeclaration): boolean {
  const list = decl.parent;
  if (ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0) return false;
  if (!ts.isIdentifier(decl.name)) return false;
  // Each question walks the binding's whole scope: asked once per declaration, not once per use.
  const known = reassignCache.get(decl);
  if (known !== undefined) return known;
  const name = decl.name.text;
  let found = false;
  const scope = ts.findAncestor(decl, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isFunctionLike(n)) ?? decl.getSourceFile();
  const visit = (n: ts.Node): void => {
    if (found) return;
    // One walk per `let` binding: a file of thousands of them is quadratic, so the budget is checked here.
    checkBudget();
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === name) {
      found = true;
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(scope);
  reassignCache.set(decl, found);
  return found;
}

/**
 * Follows an expression to the expression that produces its value: identifiers to their
 * initializers (through destructuring of object literals), as far as the file says.
 */
export function resolveExpression(expr: ts.Expression, depth = 0): ts.Expression {
  const e = unwrap(expr);
  if (depth > 12 || !ts.isIdentifier(e)) return e;
  const decl = findDeclaration(e);
  if (!decl) return e;
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) && !reassigned(decl)) {
    return resolveExpression(decl.initializer, depth + 1);
  }
  if (ts.isBindingElement(decl)) {
    // const { auth } = config  →  config.auth
    const pattern = decl.parent;
    const owner = pattern.parent;
    if (ts.isObjectBindingPattern(pattern) && ts.isVariableDeclaration(owner) && owner.initializer) {
      const key = decl.propertyName && ts.isIdentifier(decl.propertyName) ? decl.propertyName.text : e.text;
      const source = resolveExpression(owner.initializer, depth + 1);
      if (ts.isObjectLiteralExpression(source)) {
        const prop = getProperty(source, key, depth + 1);
        if (prop) return resolveExpression(prop, depth + 1);
      }
      if (decl.initializer) return resolveExpression(decl.initializer, depth + 1);
    }
  }
  return e;
}

/** The text of a property name when it is static. */
export function propertyNameText(name: ts.PropertyName | ts.MemberName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const inner = unwrap(name.expression);
    if (ts.isStringLiteralLike(inner)) return inner.text;
  }
  return undefined;
}

/**
 * The value expression of property `key` in an object literal, honouring spreads (`{...base, key}`)
 * and shorthand properties; the last definition wins, as at run time. Case-insensitive when asked,
 * for header names.
 */
export function getProperty(obj: ts.ObjectLiteralExpression, key: string, depth = 0, ignoreCase = false): ts.Expression | undefined {
  const same = (a: string): boolean => (ignoreCase ? a.toLowerCase() === key.toLowerCase() : a === key);
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (!p) continue;
    if (ts.isPropertyAssignment(p) && same(propertyNameText(p.name) ?? '')) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && same(p.name.text)) return p.name;
    if (ts.isSpreadAssignment(p) && depth < 12) {
      const inner = resolveExpression(p.expression, depth + 1);
      if (ts.isObjectLiteralExpression(inner)) {
        const found = getProperty(inner, key, depth + 1, ignoreCase);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** All static property entries of an object literal after spreads, last one winning. */
export function objectEntries(obj: ts.ObjectLiteralExpression, depth = 0): Map<string, ts.Expression> {
  const out = new Map<string, ts.Expression>();
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p)) {
      const k = propertyNameText(p.name);
      if (k !== undefined) out.set(k, p.initializer);
    } else if (ts.isShorthandPropertyAssignment(p)) {
      out.set(p.name.text, p.name);
    } else if (ts.isSpreadAssignment(p) && depth < 12) {
      const inner = resolveExpression(p.expression, depth + 1);
      if (ts.isObjectLiteralExpression(inner)) for (const [k, v] of objectEntries(inner, depth + 1)) out.set(k, v);
    }
  }
  return out;
}

/** The name an expression is known by, for name-based heuristics: `process.env.JIRA_TOKEN` → `JIRA_TOKEN`, `cfg.apiToken` → `apiToken`. */
/** The name an expression reads: `x`, `a.x`, `a['x']` (no unwrapping of the expression itself). */
export function memberName(e: ts.Expression): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) {
    const arg = unwrap(e.argumentExpression);
    if (ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

export function nameOf(expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  const member = memberName(e);
  if (member !== undefined) return member;
  if (ts.isCallExpression(e)) {
    // getEnv('JIRA_TOKEN'), config.get('jira.apiToken'), core.getInput('jira-token')
    const first = e.arguments[0];
    if (first && ts.isStringLiteralLike(unwrap(first))) return (unwrap(first) as ts.StringLiteralLike).text;
  }
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    return nameOf(e.left);
  }
  return undefined;
}
