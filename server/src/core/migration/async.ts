import * as ts from 'typescript';
import { findDeclaration } from '../analysis/scope';
import type { TextEdit } from '../model';
import { awaitLegal, enclosingFunction, type Refusal } from './edits';
import { identifiersNamed } from './prune';

/** What making a function async changed: its name, and whether callers in other files must now await it. */
export interface MadeAsync {
  readonly edits: TextEdit[];
  readonly name: string;
  readonly exported: boolean;
}

function isExported(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

/**
 * Makes the same-file function around `node` async so it can await an OAuth token, and awaits each of
 * its calls in the file (each must be where `await` is legal). A function used other than by calling
 * it (passed as a callback, assigned) is refused: its users cannot be seen.
 */
export function makeAsync(node: ts.Node, sf: ts.SourceFile, what: string): MadeAsync | Refusal {
  const fn = enclosingFunction(node);
  if (!fn) return { reason: `${what} is computed once when the module loads, but OAuth access tokens expire and must be fetched per request` };
  let nameNode: ts.Identifier | undefined;
  let exported = false;
  if (ts.isFunctionDeclaration(fn) && fn.name) {
    nameNode = fn.name;
    exported = isExported(fn);
  } else if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    nameNode = fn.parent.name;
    exported = isExported(fn.parent.parent.parent);
  }
  if (!nameNode && ts.isMethodDeclaration(fn) && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name)) && ts.isClassLike(fn.parent)) {
    return makeMethodAsync(fn, fn.name, fn.parent, sf);
  }
  if (!nameNode) return { reason: `${what} is built in a function the fix cannot make async (a callback)` };
  const name = nameNode.text;
  const decl = findDeclaration(nameNode);
  const edits: TextEdit[] = [];
  let refusal: Refusal | undefined;
  // Only the identifiers spelled `name` are looked at: found from the text, shared with the pruning.
  for (const n of identifiersNamed(sf, name)) {
    if (refusal) break;
    if (n === nameNode || findDeclaration(n) !== decl) continue;
    const parent = n.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === n) || (ts.isPropertyAssignment(parent) && parent.name === n)) continue;
    if (ts.isExportSpecifier(parent)) {
      exported = true;
      continue;
    }
    if (!ts.isCallExpression(parent) || parent.expression !== n) {
      refusal = { reason: `\`${name}\` is used other than by calling it, so making it async is not safe` };
      continue;
    }
    if (!awaitLegal(parent)) {
      refusal = { reason: `\`${name}()\` is called outside an async function, so it cannot await the OAuth token` };
      continue;
    }
    if (!ts.isAwaitExpression(parent.parent)) {
      const wrap = ts.isPropertyAccessExpression(parent.parent) || ts.isElementAccessExpression(parent.parent) || ts.isCallExpression(parent.parent);
      edits.push({ range: { start: parent.getStart(), end: parent.getStart() }, newText: wrap ? '(await ' : 'await ' });
      if (wrap) edits.push({ range: { start: parent.getEnd(), end: parent.getEnd() }, newText: ')' });
    }
  }
  if (refusal) return refusal;
  edits.push(...asyncModifier(fn, sf));
  return { edits, name, exported };
}

/** `async` before the function and `Promise<T>` around its declared return type. */
function asyncModifier(fn: ts.SignatureDeclaration, sf: ts.SourceFile): TextEdit[] {
  const edits: TextEdit[] = [];
  if ((ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) === 0) {
    // `export function f` → `export async function f`; `const f = () =>` → `const f = async () =>`.
    const keyword = fn.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    const at = keyword ? keyword.getStart(sf) : fn.getStart(sf);
    edits.push({ range: { start: at, end: at }, newText: 'async ' });
    if (fn.type && !/^Promise</.test(fn.type.getText())) edits.push({ range: { start: fn.type.getStart(), end: fn.type.getEnd() }, newText: `Promise<${fn.type.getText()}>` });
  }
  return edits;
}

/**
 * A method (`this.headers()` in a hand-written client class): every `this.<name>(…)` in the class is
 * awaited. A public method may have callers outside the class, which the title then mentions.
 */
function makeMethodAsync(fn: ts.MethodDeclaration, nameNode: ts.Identifier | ts.PrivateIdentifier, cls: ts.ClassLikeDeclaration, sf: ts.SourceFile): MadeAsync | Refusal {
  const name = nameNode.text;
  const edits: TextEdit[] = [];
  let refusal: Refusal | undefined;
  const visit = (n: ts.Node): void => {
    if (refusal) return;
    if (ts.isPropertyAccessExpression(n) && n.name.text === name && n.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const call = n.parent;
      if (!ts.isCallExpression(call) || call.expression !== n) {
        refusal = { reason: `\`this.${name}\` is used other than by calling it, so making it async is not safe` };
        return;
      }
      if (!awaitLegal(call)) {
        refusal = { reason: `\`this.${name}()\` is called outside an async method, so it cannot await the OAuth token` };
        return;
      }
      if (!ts.isAwaitExpression(call.parent)) {
        const wrap = ts.isPropertyAccessExpression(call.parent) || ts.isElementAccessExpression(call.parent) || ts.isCallExpression(call.parent);
        edits.push({ range: { start: call.getStart(), end: call.getStart() }, newText: wrap ? '(await ' : 'await ' });
        if (wrap) edits.push({ range: { start: call.getEnd(), end: call.getEnd() }, newText: ')' });
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(cls);
  if (refusal) return refusal;
  const isPrivate = ts.isPrivateIdentifier(nameNode) || (ts.getCombinedModifierFlags(fn) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
  if ((ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Async) === 0) {
    const at = fn.name.getStart(sf);
    edits.push({ range: { start: at, end: at }, newText: 'async ' });
    if (fn.type && !/^Promise</.test(fn.type.getText())) edits.push({ range: { start: fn.type.getStart(), end: fn.type.getEnd() }, newText: `Promise<${fn.type.getText()}>` });
  }
  return { edits, name, exported: !isPrivate };
}
