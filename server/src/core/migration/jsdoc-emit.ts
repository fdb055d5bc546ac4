import * as ts from 'typescript';

/**
 * TypeScript to JavaScript that still type-checks: plain-JavaScript projects get the generated helper as
 * JavaScript, and with `checkJs` (and `strict`) a bare transpile fails on every parameter (implicit
 * any). The types move into JSDoc, which TypeScript reads in JavaScript files: interfaces become
 * `@typedef`s, parameter, return and generic types `@param`/`@returns`/`@template`, annotated
 * variables and class fields `@type`, and `x as T` a JSDoc cast `(x)`. Written for the helper's own
 * source (no overloads, enums, namespaces or parameter properties), not as a general converter.
 */

/** Whitespace around line breaks becomes one space (a split: a whitespace-newline-whitespace regex backtracks on long blank runs). */
function oneLine(t: string): string {
  if (!t.includes('\n')) return t;
  const lines = t.split('\n');
  const last = lines.length - 1;
  const kept = lines.map((l, i) => (i === 0 ? l.trimEnd() : i === last ? l.trimStart() : l.trim())).filter((l, i) => i === 0 || i === last || l !== '');
  return kept.join(' ');
}

function text(node: ts.Node, sf: ts.SourceFile): string {
  // A type's text on one line, so it cannot end the comment it is put in.
  return oneLine(node.getText(sf)).replace(/\*\//g, '* /');
}

function comment<T extends ts.Node>(node: T, lines: readonly string[]): T {
  if (lines.length === 0) return node;
  const body = lines.length === 1 ? `* ${lines[0]} ` : `*\n${lines.map((l) => ` * ${l}`).join('\n')}\n `;
  return ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, body, true);
}

function signatureTags(fn: ts.SignatureDeclaration, sf: ts.SourceFile): string[] {
  const tags: string[] = [];
  for (const t of fn.typeParameters ?? []) tags.push(`@template ${t.name.text}`);
  for (const p of fn.parameters) {
    if (!p.type || !ts.isIdentifier(p.name)) continue;
    const optional = p.questionToken !== undefined || p.initializer !== undefined;
    tags.push(`@param {${text(p.type, sf)}} ${optional ? `[${p.name.text}]` : p.name.text}`);
  }
  if (fn.type) tags.push(`@returns {${text(fn.type, sf)}}`);
  return tags;
}

/** `@typedef {{ a: string; b?: number }} Name`, with the interface's `extends` as an intersection. */
function typedef(decl: ts.InterfaceDeclaration, sf: ts.SourceFile): string[] {
  const members = decl.members.map((m) => text(m, sf).replace(/[;,]$/, '')).join('; ');
  const bases = (decl.heritageClauses ?? []).flatMap((h) => h.types.map((t) => text(t, sf)));
  const type = [...bases, `{ ${members} }`].join(' & ');
  const params = (decl.typeParameters ?? []).map((t) => `@template ${t.name.text}`);
  return [...params, `@typedef {${type}} ${decl.name.text}`];
}

/** Moves a statement's JSDoc description (not its tags) onto the `@typedef`. */
function description(node: ts.Node): string[] {
  const docs = (node as { jsDoc?: readonly ts.JSDoc[] }).jsDoc ?? [];
  const out: string[] = [];
  for (const d of docs) {
    const c = typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((p) => p.text).join('');
    if (c) out.push(...c.split('\n'));
  }
  return out;
}

const transformer: ts.TransformerFactory<ts.SourceFile> = (context) => (sf) => {
    const visit = (node: ts.Node): ts.VisitResult<ts.Node> => {
      if (ts.isInterfaceDeclaration(node)) {
        return comment(ts.factory.createNotEmittedStatement(node), [...description(node), ...typedef(node, sf)]);
      }
      if (ts.isTypeAliasDeclaration(node)) {
        return comment(ts.factory.createNotEmittedStatement(node), [...description(node), `@typedef {${text(node.type, sf)}} ${node.name.text}`]);
      }
      if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
        const inner = ts.visitNode(node.expression, visit) as ts.Expression;
        if (ts.isAsExpression(node) && ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(sf) === 'const') return inner;
        return comment(ts.factory.createParenthesizedExpression(inner), [`@type {${text(node.type, sf)}}`]);
      }
      const visited = ts.visitEachChild(node, visit, context);
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) {
        return comment(visited, signatureTags(node, sf));
      }
      if (ts.isVariableStatement(node)) {
        const typed = node.declarationList.declarations.filter((d) => d.type);
        const only = typed[0];
        if (typed.length === 1 && node.declarationList.declarations.length === 1 && only?.type) return comment(visited, [`@type {${text(only.type, sf)}}`]);
      }
      if (ts.isPropertyDeclaration(node) && node.type) return comment(visited, [`@type {${text(node.type, sf)}}`]);
      return visited;
    };
    return ts.visitEachChild(sf, visit, context);
};

/** The source as JavaScript of the given module kind, its types kept as JSDoc for `checkJs`. */
export function typedJavaScript(source: string, module: ts.ModuleKind, fileName = 'module.ts'): string {
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module, target: ts.ScriptTarget.ES2022, removeComments: false, useDefineForClassFields: true },
    transformers: { before: [transformer] },
  }).outputText;
  // CommonJS output pre-declares exports as `exports.a = exports.b = void 0;`, which checkJs rejects
  // (undefined is not the declared type). Each export is assigned where it is defined anyway.
  return out.replace(/^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;\r?\n/m, '');
}
