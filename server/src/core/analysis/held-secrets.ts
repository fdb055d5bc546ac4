import * as ts from 'typescript';
import { declaredFields } from './declared-types';
import type { ModuleReader } from './modules';
import { isSecretOrTokenName } from './secrets';
import { findDeclaration, getProperty, memberName, propertyNameText, resolveExpression, unwrap } from './scope';
import { accessKey, resolveValue } from './values';

/**
 * Which secret fields an object holds, when the object is logged whole (`console.log(config)`):
 * what the file writes or reads on the same binding (`config.headers.Authorization = …`,
 * `answers.apiToken`, `headers.set('Authorization', …)`, `const { token } = settings`), what its
 * declared type says (`settings: Settings` with an `apiToken` field), and the questions of the
 * prompt that produced it (`await prompt([{ name: 'apiKey', type: 'password' }])`). Fields deleted
 * before the log (`delete headers.Authorization`) no longer count.
 */

export interface HeldSecret {
  /** The field path inside the logged object: `apiKey`, `headers.Authorization`. */
  readonly field: string;
  /** Where the file says so (a question, a write or a read). */
  readonly at: ts.Node;
}

interface FieldUse { readonly field: string; readonly at: ts.Node }
interface FileUses { readonly held: Map<string, FieldUse[]>; readonly deleted: Map<string, FieldUse[]> }

const usesByFile = new WeakMap<ts.SourceFile, FileUses>();
const MAX_CHAIN = 4;

/** A field name that holds a credential: a secret or token name, or an Authorization header. */
export function isSecretField(name: string): boolean {
  return /^(?:proxy-)?authorization$/i.test(name) || isSecretOrTokenName(name);
}

/** A stable name for what an expression reads: the declaration of its root, then the property chain. */
function bindingKey(expr: ts.Expression, depth = 0): string | undefined {
  const e = unwrap(expr);
  if (depth > MAX_CHAIN) return undefined;
  if (ts.isIdentifier(e)) {
    const d = findDeclaration(e);
    return d ? `${d.pos}:${e.text}` : `global:${e.text}`;
  }
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(e, ts.isClassLike);
    return `this@${cls ? cls.pos : -1}`;
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = accessKey(e);
    const owner = key === undefined ? undefined : bindingKey(e.expression, depth + 1);
    return owner === undefined ? undefined : `${owner}.${key}`;
  }
  return undefined;
}

function add(map: Map<string, FieldUse[]>, key: string | undefined, use: FieldUse): void {
  if (key === undefined) return;
  const list = map.get(key);
  if (!list) map.set(key, [use]);
  else if (list.length < 20) list.push(use);
}

/** Records `field` on `owner` and on each object above it: `a.b.token` holds `token` on `a.b` and `b.token` on `a`. */
function record(map: Map<string, FieldUse[]>, owner: ts.Expression, field: string, at: ts.Node): void {
  let o = unwrap(owner);
  let path = field;
  for (let i = 0; i < MAX_CHAIN; i++) {
    add(map, bindingKey(o), { field: path, at });
    if (!(ts.isPropertyAccessExpression(o) || ts.isElementAccessExpression(o))) return;
    const k = accessKey(o);
    if (k === undefined) return;
    path = `${k}.${path}`;
    o = unwrap(o.expression);
  }
}

/** A secret key an object literal holds at its top level or one object below. */
function literalSecretKey(obj: ts.ObjectLiteralExpression, depth = 0): string | undefined {
  for (const p of obj.properties) {
    const key = ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
    if (key === undefined) continue;
    if (isSecretField(key)) return key;
    if (depth === 0 && ts.isPropertyAssignment(p)) {
      const v = resolveExpression(p.initializer);
      const inner = ts.isObjectLiteralExpression(v) ? literalSecretKey(v, 1) : undefined;
      if (inner) return `${key}.${inner}`;
    }
  }
  return undefined;
}

function collect(sf: ts.SourceFile): FileUses {
  const cached = usesByFile.get(sf);
  if (cached) return cached;
  const uses: FileUses = { held: new Map(), deleted: new Map() };
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) {
      const k = accessKey(n);
      if (k !== undefined && isSecretField(k)) {
        const parent = n.parent;
        record(ts.isDeleteExpression(parent) ? uses.deleted : uses.held, n.expression, k, n);
      }
    } else if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && /^(?:get|set|append|setHeader)$/.test(n.expression.name.text)) {
      // headers.set('Authorization', …), config.get('apiToken')
      const first = n.arguments[0];
      if (first && ts.isStringLiteralLike(first) && isSecretField(first.text.split('.').pop() ?? '')) record(uses.held, n.expression.expression, first.text, n);
    } else if (ts.isVariableDeclaration(n) && ts.isObjectBindingPattern(n.name) && n.initializer) {
      for (const el of n.name.elements) {
        const k = el.propertyName ? propertyNameText(el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        if (k !== undefined && isSecretField(k)) record(uses.held, n.initializer, k, el);
      }
    } else if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // config.headers = { ...config.headers, Authorization: … }
      const left = unwrap(n.left);
      const right = resolveExpression(n.right);
      const k = ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left) ? accessKey(left) : ts.isIdentifier(left) ? left.text : undefined;
      const inner = ts.isObjectLiteralExpression(right) ? literalSecretKey(right) : undefined;
      if (k !== undefined && inner !== undefined) record(uses.held, left, inner, n);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  usesByFile.set(sf, uses);
  return uses;
}

/** Whether `field` (or an object above it) was deleted from the binding before `pos`. */
function deletedBefore(uses: FileUses, key: string, field: string, pos: number): boolean {
  return (uses.deleted.get(key) ?? []).some((d) => d.at.getStart() < pos && (field === d.field || field.startsWith(`${d.field}.`)));
}

/** The first question of a prompt call that asks for a secret: `{ name: 'apiKey', type: 'password' }`. */
function promptQuestion(call: ts.CallExpression): HeldSecret | undefined {
  if (!/^(?:prompt|prompts)$/.test(memberName(unwrap(call.expression)) ?? '')) return undefined;
  const first = call.arguments[0];
  const qs = first ? resolveValue(first).expr : undefined;
  const list = qs && ts.isArrayLiteralExpression(qs) ? qs.elements.slice(0, 50) : qs ? [qs] : [];
  for (const item of list) {
    const q = resolveValue(item).expr;
    if (!ts.isObjectLiteralExpression(q)) continue;
    const nameExpr = getProperty(q, 'name');
    const name = nameExpr && ts.isStringLiteralLike(unwrap(nameExpr)) ? (unwrap(nameExpr) as ts.StringLiteralLike).text : undefined;
    const type = getProperty(q, 'type');
    const t = type ? unwrap(type) : undefined;
    const typeText = t && (ts.isStringLiteralLike(t) || ts.isIdentifier(t)) ? t.text : t && ts.isPropertyAccessExpression(t) ? t.name.text : '';
    const hidden = /^(?:password|secret|invisible)$/i.test(typeText) || getProperty(q, 'mask') !== undefined;
    if (hidden || (name !== undefined && isSecretField(name))) return { field: name ?? 'password', at: q };
  }
  return undefined;
}

/**
 * A secret field the object `expr` evaluates to holds, as this file shows it; undefined when the
 * file shows none. `read` lets declared types in relative imports be read.
 */
export function heldSecret(expr: ts.Expression, read: ModuleReader | undefined): HeldSecret | undefined {
  const e = unwrap(expr);
  const pos = e.getStart();
  const sf = e.getSourceFile();
  const uses = collect(sf);
  const key = bindingKey(e);
  if (key !== undefined) {
    const hit = (uses.held.get(key) ?? []).find((u) => !deletedBefore(uses, key, u.field, pos));
    if (hit) return hit;
  }
  const r = resolveValue(e).expr;
  if (ts.isCallExpression(r)) {
    const q = promptQuestion(r);
    if (q && !(key !== undefined && deletedBefore(uses, key, q.field, pos))) return q;
  }
  if (ts.isIdentifier(e) || (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    const typed = declaredFields(e, read).find((f) => isSecretField(f.path.split('.').pop() ?? ''));
    if (typed && !(key !== undefined && deletedBefore(uses, key, typed.path, pos))) return { field: typed.path, at: e };
  }
  return undefined;
}

/** Whether the binding `expr` reads had `field` deleted before `pos` (`delete copy.Authorization`). */
export function fieldDeleted(expr: ts.Expression, field: string, pos: number): boolean {
  const key = bindingKey(expr);
  return key !== undefined && deletedBefore(collect(unwrap(expr).getSourceFile()), key, field, pos);
}
