import * as ts from 'typescript';
import { findDeclaration, propertyNameText, unwrap } from './scope';

/**
 * "Which package export does this expression evaluate to?", without a type checker. Real code
 * reaches a library class in many ways: `import { Version3Client } from 'jira.js'`,
 * `const { Version3Client } = require('jira.js')`, `import * as jira from 'jira.js'; new jira.Version3Client`,
 * `const JiraApi = require('jira-client')`, `import JiraApi from 'jira-client'`, `require('x').default`,
 * `await import('jira.js')`, `import X = require('x')` and local aliases of any of these.
 */
export interface ImportedBinding {
  /** The module specifier as written, e.g. `jira.js` or `jira.js/out/version3`. */
  readonly module: string;
  /** `'*'` for the module object itself, `'default'`, or the exported name. */
  readonly name: string;
}

function moduleOfCall(call: ts.CallExpression): string | undefined {
  const isRequire = ts.isIdentifier(call.expression) && call.expression.text === 'require';
  const isDynamicImport = call.expression.kind === ts.SyntaxKind.ImportKeyword;
  if (!isRequire && !isDynamicImport) return undefined;
  const arg = call.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}

/** A member of a module object (or of its CommonJS default, which is the same object). */
function member(base: ImportedBinding | undefined, name: string): ImportedBinding | undefined {
  if (!base) return undefined;
  if (base.name === '*' || base.name === 'default') return { module: base.module, name };
  return undefined;
}

function fromIdentifier(id: ts.Identifier, depth: number): ImportedBinding | undefined {
  const decl = findDeclaration(id);
  if (!decl) return undefined;
  if (ts.isImportSpecifier(decl)) {
    const spec = decl.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteral(spec)) return undefined;
    return { module: spec.text, name: (decl.propertyName ?? decl.name).text };
  }
  if (ts.isImportClause(decl)) {
    const spec = decl.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: 'default' } : undefined;
  }
  if (ts.isNamespaceImport(decl)) {
    const spec = decl.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: '*' } : undefined;
  }
  if (ts.isImportEqualsDeclaration(decl)) {
    const ref = decl.moduleReference;
    if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) return { module: ref.expression.text, name: '*' };
    return undefined;
  }
  if (ts.isVariableDeclaration(decl) && ts.isIdentifier(decl.name) && decl.initializer) {
    return importedFrom(decl.initializer, depth + 1);
  }
  if (ts.isBindingElement(decl)) {
    // const { Version3Client: V3 } = require('jira.js')
    const pattern = decl.parent;
    const owner = pattern.parent;
    if (!ts.isObjectBindingPattern(pattern) || !ts.isVariableDeclaration(owner) || !owner.initializer) return undefined;
    const key = decl.propertyName ? propertyNameText(decl.propertyName) : ts.isIdentifier(decl.name) ? decl.name.text : undefined;
    return key === undefined ? undefined : member(importedFrom(owner.initializer, depth + 1), key);
  }
  return undefined;
}

/** The package export an expression refers to, or undefined when it is not (visibly) an import. */
export function importedFrom(expr: ts.Expression, depth = 0): ImportedBinding | undefined {
  if (depth > 8) return undefined;
  const e = unwrap(expr);
  if (ts.isIdentifier(e)) return fromIdentifier(e, depth);
  if (ts.isCallExpression(e)) {
    const module = moduleOfCall(e);
    return module === undefined ? undefined : { module, name: '*' };
  }
  if (ts.isPropertyAccessExpression(e)) return member(importedFrom(e.expression, depth + 1), e.name.text);
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    return member(importedFrom(e.expression, depth + 1), e.argumentExpression.text);
  }
  return undefined;
}

/** Whether `specifier` is `pkg` or a path inside it (`jira.js/out/version3`). */
export function isPackage(specifier: string, pkg: string): boolean {
  return specifier === pkg || specifier.startsWith(`${pkg}/`);
}
