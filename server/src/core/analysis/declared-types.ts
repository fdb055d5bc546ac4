import * as ts from 'typescript';
import type { ModuleReader } from './modules';
import { findDeclaration, propertyNameText, unwrap } from './scope';
import { constructed, lookup, typeDecls, type TypeDecl } from './type-lookup';

/**
 * The fields of the type a value is declared with, without a type checker: `writeSettings(s:
 * Settings)` writes whatever `Settings` holds, and real CLIs keep the token two levels down
 * (`Settings extends BaseSettings { jira: JiraSection }`, `JiraSection { email; token }`). Classes,
 * interfaces and type aliases are read in the same file and in relative imports (type-only too).
 */

export interface TypedField {
  /** From the written object: `jira.token`. */
  readonly path: string;
  /** The types passed through, outermost first: `Config`, `JiraConfig`. */
  readonly owners: readonly string[];
  /** Names of the other fields of the leaf's type (`email`, `apiUrl`). */
  readonly siblings: readonly string[];
}

/** A field and what says its type (resolved only when the walk goes into it). */
interface Field { readonly name: string; readonly type?: ts.TypeNode | undefined; readonly init?: ts.Expression | undefined }

/** Field levels followed: the written type's fields and theirs. */
const LEVELS = 2;
const MAX_FIELDS = 200;

function fieldsOf(decl: TypeDecl, read: ModuleReader | undefined, seen: Set<TypeDecl>): Field[] {
  if (seen.has(decl)) return [];
  seen.add(decl);
  const sf = decl.getSourceFile();
  const out: Field[] = [];
  for (const m of ts.isTypeAliasDeclaration(decl) ? [] : decl.members) {
    if (!(ts.isPropertySignature(m) || ts.isPropertyDeclaration(m))) continue;
    const name = propertyNameText(m.name);
    const init = ts.isPropertyDeclaration(m) ? m.initializer : undefined;
    // Methods written as properties hold no data.
    if (name === undefined || (m.type && ts.isFunctionTypeNode(m.type)) || (init && ts.isFunctionLike(unwrap(init)))) continue;
    out.push({ name, type: m.type, init });
  }
  // constructor(public filePath: string)
  const ctor = ts.isClassLike(decl) ? decl.members.find(ts.isConstructorDeclaration) : undefined;
  for (const p of ctor?.parameters ?? []) if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length) out.push({ name: p.name.text, type: p.type });
  if (ts.isTypeAliasDeclaration(decl)) for (const d of typeDecls(decl.type, sf, read)) out.push(...fieldsOf(d, read, seen));
  for (const h of ts.isTypeAliasDeclaration(decl) || ts.isTypeLiteralNode(decl) ? [] : (decl.heritageClauses ?? [])) {
    for (const t of h.types) if (ts.isIdentifier(t.expression)) for (const d of lookup(t.expression.text, sf, read)) out.push(...fieldsOf(d, read, seen));
  }
  return out;
}

function declName(d: TypeDecl): string {
  return ts.isTypeLiteralNode(d) ? '' : (d.name?.text ?? '');
}

/** The declarations an expression's type comes from: its annotation, its `new X()`, a typed `this.x`, `x as T`. */
function declaredDecls(expr: ts.Expression, read: ModuleReader | undefined, depth = 0): TypeDecl[] {
  const sf = expr.getSourceFile();
  if (depth > 4) return [];
  if (ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr)) return typeDecls(expr.type, sf, read);
  const e = unwrap(expr);
  if (ts.isNewExpression(e)) return constructed(e, read);
  if (ts.isIdentifier(e)) {
    const d = findDeclaration(e);
    if (d && (ts.isParameter(d) || ts.isVariableDeclaration(d))) {
      const typed = typeDecls(d.type, sf, read);
      return typed.length > 0 || !d.initializer ? typed : declaredDecls(d.initializer, read, depth + 1);
    }
    return [];
  }
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(e, ts.isClassLike);
    const name = e.name.text;
    const m = cls?.members.find((x): x is ts.PropertyDeclaration => ts.isPropertyDeclaration(x) && propertyNameText(x.name) === name);
    if (m) return m.type ? typeDecls(m.type, sf, read) : constructed(m.initializer, read);
    const ctor = cls?.members.find(ts.isConstructorDeclaration);
    const p = ctor?.parameters.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
    return p ? typeDecls(p.type, sf, read) : [];
  }
  return [];
}

/**
 * Fields of the declared type of a written value, two levels deep. A call writes what it is given
 * (`settings.merge(settings, target)`): its receiver and arguments are read too.
 */
export function declaredFields(expr: ts.Expression, read: ModuleReader | undefined): TypedField[] {
  const e = unwrap(expr);
  const sources = ts.isCallExpression(e) ? [...(ts.isPropertyAccessExpression(e.expression) ? [e.expression.expression] : []), ...e.arguments.slice(0, 4)] : [expr];
  const out: TypedField[] = [];
  const walk = (decls: readonly TypeDecl[], prefix: string, owners: readonly string[], level: number): void => {
    for (const d of decls) {
      const fields = fieldsOf(d, read, new Set());
      const names = fields.map((f) => f.name);
      const here = [...owners, declName(d)];
      for (const f of fields) {
        if (out.length >= MAX_FIELDS) return;
        const path = prefix ? `${prefix}.${f.name}` : f.name;
        out.push({ path, owners: here, siblings: names });
        if (level + 1 < LEVELS) walk(f.type ? typeDecls(f.type, f.type.getSourceFile(), read) : constructed(f.init, read), path, here, level + 1);
      }
    }
  };
  for (const s of sources) walk(declaredDecls(s, read), '', [], 0);
  return out;
}
