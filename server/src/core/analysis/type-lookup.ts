import * as ts from 'typescript';
import { isRelativeSpecifier, relativeModule, type ModuleReader } from './modules';
import { unwrap } from './scope';

/**
 * Finds a class, interface or type alias by name, as a type annotation names it: in the same file or,
 * through a relative import (type-only too, one re-import deep), in another module of the project.
 * Those modules are read with the caller's reader and parsed once per reader, never executed.
 */

export type TypeDecl = ts.InterfaceDeclaration | ts.ClassLikeDeclaration | ts.TypeAliasDeclaration | ts.TypeLiteralNode;
/** Type modules come from the audit's shared module cache (see ./modules), with `.d.ts` files too. */
function readModule(from: ts.SourceFile, specifier: string, read: ModuleReader): ts.SourceFile | undefined {
  return relativeModule(from, specifier, read, ['.d.ts']);
}

/** Declarations named `name` in `sf` (interfaces merge), or those a relative import brings in. */
export function lookup(name: string, sf: ts.SourceFile, read: ModuleReader | undefined, hops = 0): TypeDecl[] {
  const found: TypeDecl[] = [];
  for (const st of sf.statements) {
    if ((ts.isInterfaceDeclaration(st) || ts.isClassDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name?.text === name) found.push(st);
  }
  if (found.length > 0 || !read || hops > 1) return found;
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !st.importClause || !ts.isStringLiteral(st.moduleSpecifier) || !isRelativeSpecifier(st.moduleSpecifier.text)) continue;
    const nb = st.importClause.namedBindings;
    const el = nb && ts.isNamedImports(nb) ? nb.elements.find((e) => e.name.text === name) : undefined;
    if (!el) continue;
    const target = readModule(sf, st.moduleSpecifier.text, read);
    return target ? lookup((el.propertyName ?? el.name).text, target, read, hops + 1) : [];
  }
  return found;
}

/** The declarations a type node names: `Config`, `Partial<Config>`, `Config | undefined`, `{ token: string }`. */
export function typeDecls(t: ts.TypeNode | undefined, sf: ts.SourceFile, read: ModuleReader | undefined, depth = 0): TypeDecl[] {
  if (!t || depth > 4) return [];
  if (ts.isTypeLiteralNode(t)) return [t];
  if (ts.isParenthesizedTypeNode(t)) return typeDecls(t.type, sf, read, depth + 1);
  if (ts.isUnionTypeNode(t) || ts.isIntersectionTypeNode(t)) return t.types.flatMap((m) => typeDecls(m, sf, read, depth + 1));
  if (!ts.isTypeReferenceNode(t)) return [];
  const name = ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.right.text;
  const own = lookup(name, sf, read);
  return own.length > 0 ? own : (t.typeArguments ?? []).flatMap((a) => typeDecls(a, sf, read, depth + 1));
}

/** `new JiraConfig()` as a field or variable initializer. */
export function constructed(e: ts.Expression | undefined, read: ModuleReader | undefined): TypeDecl[] {
  const x = e ? unwrap(e) : undefined;
  return x && ts.isNewExpression(x) && ts.isIdentifier(x.expression) ? lookup(x.expression.text, x.getSourceFile(), read) : [];
}
