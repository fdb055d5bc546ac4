import * as ts from 'typescript';
import { importedValue, moduleMember, namespaceModule, type ExportedValue } from './modules';
import { findDeclaration, nameOf, propertyNameText, reassigned, unwrap } from './scope';
import { checkBudget, NodeMemo, noteBound, type BoundHit } from './session';

/**
 * Symbolic string evaluation without a type checker. Real integrations build a credential in one
 * place (`const auth = Buffer.from(`${email}:${token}`).toString('base64')`), wrap it in a helper and
 * send it from another function; rules need to see through that to the names the parts come from.
 * A value becomes a list of parts: literal text, a "hole" (an unknown value, with the names it was
 * reached through) or an encoded (base64) value.
 */

export interface TextPart {
  readonly kind: 'text';
  readonly text: string;
  /** The literal the text starts in (a string literal or template head/span). */
  readonly node: ts.Node;
}

export interface HolePart {
  readonly kind: 'hole';
  /** How the code spells the value where resolution stopped: `process.env.JIRA_API_TOKEN`, `email`. */
  readonly name: string;
  /** Short key for path templates and name heuristics: `JIRA_API_TOKEN`, `email`, `apiToken`. */
  readonly key: string;
  /** Every name the value was reached through (bindings, parameters, `??` fallbacks). */
  readonly aliases: readonly string[];
  readonly node: ts.Expression;
}

export interface EncodedPart {
  readonly kind: 'encoded';
  /** The value before base64 encoding. */
  readonly value: SymbolicString;
  readonly node: ts.Expression;
}

export type Part = TextPart | HolePart | EncodedPart;
export type SymbolicString = readonly Part[];

/** Parameter (and `this`-less) bindings of a same-file helper call being evaluated. */
export type Bindings = ReadonlyMap<ts.Node, Bound>;
export interface Bound {
  readonly expr: ts.Expression | undefined;
  readonly env: Bindings;
}

/** An expression followed as far as the file says, with the bindings it must be read under. */
export interface Resolved {
  readonly expr: ts.Expression;
  readonly env: Bindings;
  readonly aliases: readonly string[];
}

export const NO_BINDINGS: Bindings = new Map();
/**
 * Work allowed for one top-level question (a resolution or an evaluation, with everything it asks
 * in turn). Hostile code doubles on `a + a`, or through `f(x) { return g(x) + g(x) }` and back: past
 * the budget a value stops being followed and becomes a hole with the names seen so far, so a
 * finding already decided by those names is kept.
 */
const FUEL = 5_000;
/**
 * Parts kept in one symbolic string: a doubling template chain is cut here. The first and the last
 * parts are kept (an Authorization value starts with its scheme and ends with its credential), the
 * middle becomes one hole.
 */
const MAX_PARTS = 64;
const KEEP_HEAD = 40;
const KEEP_TAIL = MAX_PARTS - KEEP_HEAD - 1;
/**
 * Operands of one `a + b + …` chain, template or joined array evaluated: the first and last this
 * many each (real code joins a few hundred lines at most; a 20,000-term chain is cut in the middle).
 */
const MAX_OPERANDS_EACH_END = 256;
/** Nested evaluation (an operand of an operand …); a `+` chain is flat, so this is real nesting. */
const MAX_DEPTH = 24;
let fuel = FUEL;
let active = 0;
const MAX_STEPS = 40;
/** Nesting of resolutions in progress: bounds recursion through helpers, spreads and destructuring. */
const MAX_NESTING = 48;
let nesting = 0;
/** The expression of the top-level question in progress: where a bound hit is reported. */
let question: ts.Node | undefined;

/** Helpers entered by the question in progress (a few are enough to name the culprits). */
const entered = new Set<ts.Node>();
/**
 * Helpers a question ran out of work in, for the rest of the analysis: a later call to one becomes a
 * hole named by its arguments at once, so 3,000 calls of a doubling helper cost one budget, not 3,000.
 * {@link ANY_EXHAUSTED} is set with them, so ordinary code never pays for the lookup.
 */
const exhausted = new NodeMemo<object, true>();
const ANY_EXHAUSTED = {};

function startQuestion(expr: ts.Node): void {
  fuel = FUEL;
  question = expr;
  entered.clear();
}

function bound(reason: BoundHit['reason']): void {
  if (question) noteBound(question, reason);
  if (reason !== 'work' || entered.size === 0) return;
  for (const fn of entered) exhausted.set(fn, true);
  exhausted.set(ANY_EXHAUSTED, true);
  entered.clear();
}

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.GetAccessorDeclaration;

// Node caches live for one analysis (see ./session): an incremental parse reuses nodes.
const returnCache = new NodeMemo<ts.Node, ts.Expression | null>();
const stringCache = new NodeMemo<ts.Node, SymbolicString>();
const classCache = new NodeMemo<ts.ClassLikeDeclaration, Map<string, ts.Node>>();

function isFunctionLikeValue(n: ts.Node): n is FunctionLike {
  return ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n) || ts.isGetAccessorDeclaration(n);
}

/** The expression a function returns: the concise body, or the last `return` outside nested functions. */
export function returnExpression(fn: FunctionLike): ts.Expression | undefined {
  const cached = returnCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let result: ts.Expression | undefined;
  const body = fn.body;
  if (body && !ts.isBlock(body)) result = body;
  else if (body) {
    const visit = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) result = n.expression;
      else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
    };
    ts.forEachChild(body, visit);
  }
  returnCache.set(fn, result ?? null);
  return result;
}

/** Members of a class by name: property initializers, `this.x = …` in the constructor, methods, getters. */
function classMembers(cls: ts.ClassLikeDeclaration): Map<string, ts.Node> {
  let members = classCache.get(cls);
  if (members) return members;
  members = new Map();
  for (const m of cls.members) {
    const name = propertyNameText(m.name);
    if (name === undefined) continue;
    if (ts.isPropertyDeclaration(m) && m.initializer) members.set(name, m.initializer);
    else if (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) members.set(name, m);
  }
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  for (const st of ctor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression)) continue;
    const { left, operatorToken, right } = st.expression;
    if (operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      if (!members.has(left.name.text)) members.set(left.name.text, right);
    }
  }
  classCache.set(cls, members);
  return members;
}

/** A static property key of an element or property access. */
export function accessKey(e: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e)) {
    const arg = unwrap(e.argumentExpression);
    if (ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

/** Property `key` of an object literal, honouring spreads (also of helper calls) and methods. */
export function propertyOf(obj: ts.ObjectLiteralExpression, key: string, env: Bindings = NO_BINDINGS, ignoreCase = false, depth = 0): Resolved | undefined {
  const same = (a: string | undefined): boolean => a !== undefined && (ignoreCase ? a.toLowerCase() === key.toLowerCase() : a === key);
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i];
    if (!p) continue;
    if (ts.isPropertyAssignment(p) && same(propertyNameText(p.name))) return { expr: p.initializer, env, aliases: [] };
    if (ts.isShorthandPropertyAssignment(p) && same(p.name.text)) return { expr: p.name, env, aliases: [] };
    if (ts.isSpreadAssignment(p) && depth < 8) {
      const inner = resolveValue(p.expression, env);
      if (ts.isObjectLiteralExpression(inner.expr)) {
        const found = propertyOf(inner.expr, key, inner.env, ignoreCase, depth + 1);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The same-file function a callee names, with `this`/object methods and `const f = () => …`. */
export function calleeFunction(callee: ts.Expression, env: Bindings = NO_BINDINGS): FunctionLike | undefined {
  const c = unwrap(callee);
  if (ts.isIdentifier(c)) {
    const decl = findDeclaration(c);
    if (decl && ts.isFunctionDeclaration(decl) && decl.body) return decl;
    if (decl && (ts.isImportSpecifier(decl) || ts.isImportClause(decl) || ts.isBindingElement(decl))) {
      const imported = importedValue(c);
      if (imported && ts.isFunctionDeclaration(imported) && imported.body) return imported;
    }
    const r = resolveValue(c, env);
    return isFunctionLikeValue(r.expr) ? r.expr : undefined;
  }
  const key = accessKey(c);
  if (key === undefined || !(ts.isPropertyAccessExpression(c) || ts.isElementAccessExpression(c))) return undefined;
  const owner = unwrap(c.expression);
  if (owner.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = ts.findAncestor(owner, ts.isClassLike);
    const m = cls ? classMembers(cls).get(key) : undefined;
    return m && isFunctionLikeValue(m) ? m : undefined;
  }
  const ns = ts.isIdentifier(owner) ? namespaceModule(owner) : undefined;
  if (ns !== undefined) {
    // auth.getAuthHeader(…) with `import * as auth from './auth'` or `const auth = require('./auth')`.
    const member = moduleMember(owner.getSourceFile(), ns, key);
    if (!member || ts.isClassDeclaration(member)) return undefined;
    if (ts.isFunctionDeclaration(member)) return member.body ? member : undefined;
    const start = ts.isVariableDeclaration(member) ? member.initializer : member;
    const fn = start ? resolveValue(start, env).expr : undefined;
    return fn && isFunctionLikeValue(fn) ? fn : undefined;
  }
  const base = resolveValue(owner, env);
  if (ts.isObjectLiteralExpression(base.expr)) {
    for (const p of base.expr.properties) {
      if (ts.isMethodDeclaration(p) && propertyNameText(p.name) === key) return p;
    }
    const prop = propertyOf(base.expr, key, base.env);
    const fn = prop ? resolveValue(prop.expr, prop.env).expr : undefined;
    return fn && isFunctionLikeValue(fn) ? fn : undefined;
  }
  if (ts.isClassLike(base.expr)) {
    const m = classMembers(base.expr).get(key);
    return m && isFunctionLikeValue(m) ? m : undefined;
  }
  return undefined;
}

/**
 * Whether a call of `fn` is made from inside a call of `fn` (recursion, directly or through other
 * helpers): some binding up the chain of callers is one of its parameters. Such a call's value is not
 * unfolded again (it would double with each level until the work bound): it is a hole named by its
 * arguments, so a token passed in is still seen.
 */
function recursive(fn: FunctionLike, env: Bindings): boolean {
  if (fn.parameters.length === 0) return false;
  const params = new Set<ts.Node>(fn.parameters);
  const seen = new Set<Bindings>();
  const stack: Bindings[] = [env];
  while (stack.length > 0 && seen.size < 256) {
    const cur = stack.pop() as Bindings;
    if (seen.has(cur)) continue;
    seen.add(cur);
    for (const [key, b] of cur) {
      if (params.has(key)) return true;
      stack.push(b.env);
    }
  }
  return false;
}

function bindParameters(fn: FunctionLike, args: readonly ts.Expression[], env: Bindings): Bindings {
  const out = new Map<ts.Node, Bound>();
  fn.parameters.forEach((p, i) => {
    if (!p.dotDotDotToken) out.set(p, { expr: args[i], env });
  });
  return out;
}

function pushAlias(aliases: string[], e: ts.Expression): void {
  const n = nameOf(e);
  if (n && !aliases.includes(n)) aliases.push(n);
}

/**
 * Follows an expression to the one that produces its value: bindings, destructuring, parameters of
 * a helper being evaluated, object properties, `this.x`, same-file helper calls, `a ?? b`.
 */
export function resolveValue(expr: ts.Expression, env: Bindings = NO_BINDINGS): Resolved {
  let e = unwrap(expr);
  let cur = env;
  const aliases: string[] = [];
  if (nesting >= MAX_NESTING) {
    bound('depth');
    return { expr: e, env: cur, aliases };
  }
  if (nesting === 0 && active === 0) startQuestion(expr);
  nesting++;
  try {
    for (let step = 0; ; step++) {
      if (step >= MAX_STEPS || --fuel < 0) {
        bound(step >= MAX_STEPS ? 'depth' : 'work');
        break;
      }
      checkBudget();
      const next = resolveStep(e, cur, aliases);
      if (!next) break;
      e = unwrap(next.expr);
      cur = next.env;
    }
  } finally {
    nesting--;
  }
  return { expr: e, env: cur, aliases };
}

/** The next step into another module's export: a binding's initializer, or an exported expression. */
function foreignStep(v: ExportedValue | undefined, env: Bindings): { expr: ts.Expression; env: Bindings } | undefined {
  if (!v || ts.isFunctionDeclaration(v) || ts.isClassDeclaration(v)) return undefined;
  if (ts.isVariableDeclaration(v)) return v.initializer && !reassigned(v) ? { expr: v.initializer, env } : undefined;
  return { expr: v, env };
}

function resolveStep(e: ts.Expression, env: Bindings, aliases: string[]): { expr: ts.Expression; env: Bindings } | undefined {
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    if (!decl) return undefined;
    if (ts.isParameter(decl)) {
      pushAlias(aliases, e);
      const bound = env.get(decl);
      if (bound?.expr) return { expr: bound.expr, env: bound.env };
      return decl.initializer ? { expr: decl.initializer, env } : undefined;
    }
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name) && !reassigned(decl)) {
      pushAlias(aliases, e);
      return { expr: decl.initializer, env };
    }
    if (ts.isBindingElement(decl)) {
      pushAlias(aliases, e);
      const pattern = decl.parent;
      const owner = pattern.parent;
      const key = decl.propertyName ? propertyNameText(decl.propertyName) : e.text;
      let source: Resolved | undefined;
      if (ts.isVariableDeclaration(owner) && owner.initializer) source = resolveValue(owner.initializer, env);
      else if (ts.isParameter(owner)) {
        const bound = env.get(owner);
        if (bound?.expr) source = resolveValue(bound.expr, bound.env);
      }
      if (source && ts.isObjectBindingPattern(pattern) && key !== undefined && ts.isObjectLiteralExpression(source.expr)) {
        const prop = propertyOf(source.expr, key, source.env);
        if (prop) return prop;
      }
      // const { getAuthHeader } = require('./authHeader')
      const required = source && ts.isCallExpression(source.expr) ? foreignStep(importedValue(e), env) : undefined;
      if (required) return required;
      return decl.initializer ? { expr: decl.initializer, env } : undefined;
    }
    if (ts.isImportSpecifier(decl) || ts.isImportClause(decl)) {
      // Imported from another file of the project: continue in that module (see ./modules).
      const step = foreignStep(importedValue(e), env);
      if (step) pushAlias(aliases, e);
      return step;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = accessKey(e);
    if (key === undefined) return undefined;
    const owner = unwrap(e.expression);
    // process.env.X is decided at run time: nothing in the file can say more than its name.
    if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'env' && ts.isIdentifier(owner.expression) && owner.expression.text === 'process') return undefined;
    if (owner.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = ts.findAncestor(owner, ts.isClassLike);
      const m = cls ? classMembers(cls).get(key) : undefined;
      if (m && ts.isGetAccessorDeclaration(m)) {
        const ret = returnExpression(m);
        return ret ? { expr: ret, env } : undefined;
      }
      return m && !isFunctionLikeValue(m) ? { expr: m as ts.Expression, env } : undefined;
    }
    const ns = ts.isIdentifier(owner) ? namespaceModule(owner) : undefined;
    if (ns !== undefined) {
      const step = foreignStep(moduleMember(owner.getSourceFile(), ns, key), env);
      if (step) pushAlias(aliases, e);
      return step;
    }
    const base = resolveValue(owner, env);
    if (ts.isObjectLiteralExpression(base.expr)) {
      const prop = propertyOf(base.expr, key, base.env);
      if (prop) {
        pushAlias(aliases, e);
        return prop;
      }
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const fn = calleeFunction(e.expression, env);
    const ret = fn ? returnExpression(fn) : undefined;
    if (!fn || !ret) return undefined;
    if (exhausted.has(fn)) {
      bound('work');
      return undefined;
    }
    if (recursive(fn, env)) return undefined;
    if (entered.size < 32) entered.add(fn);
    return { expr: ret, env: bindParameters(fn, e.arguments, env) };
  }
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) {
      pushAlias(aliases, e.right);
      const left = unwrap(e.left);
      // `process.env.X || ''`: the left side is the value; a literal default on the left is rare.
      return { expr: left, env };
    }
    return undefined;
  }
  if (ts.isConditionalExpression(e)) return { expr: e.whenTrue, env };
  return undefined;
}

const ENCODERS = /^(?:btoa|base64Encode|encodeBase64|toBase64|b64encode|base64)$/i;
const IDENTITY_CALLS = /^(?:String|encodeURIComponent|encodeURI)$/;
const IDENTITY_METHODS = /^(?:trim|trimStart|trimEnd|toString|valueOf|normalize)$/;

function text(value: string, node: ts.Node): TextPart {
  return { kind: 'text', text: value, node };
}

/** How the code spells an access chain (`process.env.JIRA_API_TOKEN`, `this.apiToken`), without reading the text. */
function spell(e: ts.Expression, depth = 0): string | undefined {
  if (ts.isIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (depth > 6) return undefined;
  if (ts.isPropertyAccessExpression(e)) {
    const owner = spell(e.expression, depth + 1);
    return owner === undefined ? undefined : `${owner}.${e.name.text}`;
  }
  if (ts.isElementAccessExpression(e)) {
    const key = accessKey(e);
    const owner = spell(e.expression, depth + 1);
    return owner === undefined || key === undefined ? undefined : `${owner}[${JSON.stringify(key)}]`;
  }
  return undefined;
}

function hole(e: ts.Expression, aliases: readonly string[]): HolePart {
  const spelled = spell(e);
  const key = nameOf(e) ?? aliases[0] ?? 'value';
  const name = spelled && spelled.length <= 60 ? spelled : key;
  const all = [...aliases];
  for (const n of [key, name]) if (!all.includes(n)) all.push(n);
  return { kind: 'hole', name, key, aliases: all, node: e };
}

/** Concatenation that merges adjacent text parts (keeping the first literal's node). */
export function concat(...values: SymbolicString[]): SymbolicString {
  const out: Part[] = [];
  for (const v of values) {
    for (const p of v) {
      const last = out[out.length - 1];
      if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = text(last.text + p.text, last.node);
      else if (p.kind !== 'text' || p.text.length > 0) out.push(p);
    }
  }
  return out;
}

/** `Buffer.from(x).toString('base64')`, `btoa(x)`, `base64.encode(x)`, `Base64.encode(x)`: the x. */
function encodedInput(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrap(call.expression);
  const arg0 = call.arguments[0];
  if (ts.isIdentifier(callee) && ENCODERS.test(callee.text)) return arg0;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if ((method === 'btoa' || method === 'encode' || method === 'encodeBase64' || method === 'toBase64') && arg0) {
    const owner = unwrap(callee.expression);
    const ownerName = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : '';
    if (method === 'btoa' || /base64|b64/i.test(ownerName)) return arg0;
  }
  if (method === 'toString' && arg0) {
    const enc = unwrap(arg0);
    if (!ts.isStringLiteralLike(enc) || !/^base64/i.test(enc.text)) return undefined;
    const buf = unwrap(callee.expression);
    if ((ts.isCallExpression(buf) || ts.isNewExpression(buf)) && buf.arguments?.[0]) {
      const bc = unwrap(buf.expression);
      if (ts.isPropertyAccessExpression(bc) ? bc.name.text === 'from' : ts.isIdentifier(bc) && bc.text === 'Buffer') return buf.arguments[0];
    }
    return callee.expression;
  }
  return undefined;
}

/** Evaluates an expression to a symbolic string. Cached per node when no helper bindings apply. */
export function evaluate(expr: ts.Expression, env: Bindings = NO_BINDINGS): SymbolicString {
  const cacheable = env.size === 0;
  if (cacheable) {
    const hit = stringCache.get(expr);
    if (hit) return hit;
  }
  if (active === 0 && nesting === 0) startQuestion(expr);
  active++;
  let result: SymbolicString;
  try {
    result = evaluateUncached(expr, env, 0);
  } finally {
    active--;
  }
  // A value cut short by the budget is not kept: a later, cheaper question may follow it further.
  if (cacheable && fuel >= 0) stringCache.set(expr, result);
  return result;
}

/** Sub-expressions with no helper bindings are shared (memoised per node): `${t0}${t0}` costs one. */
function evaluateShared(expr: ts.Expression, env: Bindings, depth: number): SymbolicString {
  if (env.size !== 0) return evaluateUncached(expr, env, depth);
  const hit = stringCache.get(expr);
  if (hit) return hit;
  const result = evaluateUncached(expr, env, depth);
  // Kept only when neither the budget nor the depth limit cut it.
  if (fuel >= 0 && depth <= MAX_DEPTH / 2) stringCache.set(expr, result);
  return result;
}

/** Names of the arguments a helper was called with (and its callers'), kept when a value is cut short. */
function boundNames(env: Bindings): string[] {
  const out: string[] = [];
  const seen = new Set<Bindings>();
  const visit = (b: Bindings, level: number): void => {
    if (level > 4 || seen.has(b) || out.length >= 8) return;
    seen.add(b);
    for (const bound of b.values()) {
      // Follow a parameter passed on (`g(x)` inside `f(x)`) to what the outer call gave it, without fuel.
      let expr = bound.expr ? unwrap(bound.expr) : undefined;
      let outer = bound.env;
      for (let hop = 0; hop < 64 && expr && ts.isIdentifier(expr); hop++) {
        const decl = findDeclaration(expr);
        const next = decl && ts.isParameter(decl) ? outer.get(decl) : undefined;
        if (!next?.expr) break;
        expr = unwrap(next.expr);
        outer = next.env;
      }
      const n = expr ? nameOf(expr) : undefined;
      if (n && !out.includes(n)) out.push(n);
      visit(bound.env, level + 1);
    }
  };
  visit(env, 0);
  return out;
}

/** Keeps a value within {@link MAX_PARTS}: its first and last parts, the middle one hole named for the expression. */
function bounded(value: SymbolicString, e: ts.Expression): SymbolicString {
  // Not a note to the user: both ends are kept, and long generated texts are common in real code.
  if (value.length <= MAX_PARTS) return value;
  return [...value.slice(0, KEEP_HEAD), hole(e, []), ...value.slice(value.length - KEEP_TAIL)];
}

/**
 * Joins `count` pieces (operands of a `+` chain, template spans, array items) evaluated by `piece`:
 * a long list has its first and last {@link MAX_OPERANDS_EACH_END} evaluated and one hole between,
 * so dummy terms can neither hide the scheme at the start nor the credential at the end.
 */
function joinPieces(count: number, piece: (i: number) => SymbolicString, e: ts.Expression): SymbolicString {
  const parts: SymbolicString[] = [];
  const skipFrom = count > 2 * MAX_OPERANDS_EACH_END ? MAX_OPERANDS_EACH_END : count;
  const skipTo = count - MAX_OPERANDS_EACH_END;
  for (let i = 0; i < count; i++) {
    if (i === skipFrom) {
      parts.push([hole(e, [])]);
      i = skipTo - 1;
      continue;
    }
    parts.push(piece(i));
  }
  return concat(...parts);
}

/** The operands of a left-nested `a + b + c …` chain, first to last, collected without recursion. */
function plusOperands(e: ts.BinaryExpression): ts.Expression[] {
  const rights: ts.Expression[] = [];
  let cur: ts.Expression = e;
  while (ts.isBinaryExpression(cur) && cur.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    rights.push(cur.right);
    cur = unwrap(cur.left);
  }
  rights.push(cur);
  return rights.reverse();
}

function evaluateUncached(expr: ts.Expression, env: Bindings, depth: number): SymbolicString {
  const r = resolveValue(expr, env);
  const e = r.expr;
  const cut = depth > MAX_DEPTH ? 'depth' : --fuel < 0 ? 'work' : undefined;
  if (cut) {
    bound(cut);
    return [hole(e, [...r.aliases, ...boundNames(r.env)])];
  }
  checkBudget();
  return bounded(evaluateParts(e, r, depth), e);
}

function evaluateParts(e: ts.Expression, r: Resolved, depth: number): SymbolicString {
  const sub = (x: ts.Expression, xenv: Bindings = r.env): SymbolicString => evaluateShared(x, xenv, depth + 1);
  if (ts.isStringLiteralLike(e)) return [text(e.text, e)];
  if (ts.isNumericLiteral(e)) return [text(e.text, e)];
  if (ts.isTemplateExpression(e)) {
    const spans = e.templateSpans;
    const body = joinPieces(spans.length, (i) => {
      const span = spans[i] as ts.TemplateSpan;
      return concat(sub(span.expression), [text(span.literal.text, span.literal)]);
    }, e);
    return concat([text(e.head.text, e.head)], body);
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const operands = plusOperands(e);
    return joinPieces(operands.length, (i) => sub(operands[i] as ts.Expression), e);
  }
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'URL' && e.arguments?.[0]) {
    // new URL(path, base): the base applies when the path is not absolute.
    const path = sub(e.arguments[0]);
    const base = e.arguments[1];
    const first = path[0];
    if (!base || (first?.kind === 'text' && /^[a-z][\w+.-]*:/i.test(first.text))) return path;
    return concat(sub(base), path);
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'href') {
    const owner = resolveValue(e.expression, r.env).expr;
    if (ts.isNewExpression(owner) && ts.isIdentifier(owner.expression) && owner.expression.text === 'URL') return sub(owner);
  }
  if (ts.isCallExpression(e)) {
    const input = encodedInput(e);
    if (input) return [{ kind: 'encoded', value: sub(input), node: e }];
    const callee = unwrap(e.expression);
    const a0 = e.arguments[0];
    if (ts.isIdentifier(callee) && IDENTITY_CALLS.test(callee.text) && a0) return sub(a0);
    // path.join('/rest/api/3/', p), posix.join(…), `import { join } from 'path'`: segments joined by `/`.
    if (isPathJoin(callee) && e.arguments.length > 0) {
      const items: SymbolicString[] = [];
      e.arguments.forEach((a, i) => {
        if (i > 0) items.push([text('/', a)]);
        items.push(sub(a));
      });
      return collapseSlashes(concat(...items));
    }
    // Buffer.from(x) holds x; its encoding happens in a later `.toString('base64')`.
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'from' && a0 && ts.isIdentifier(callee.expression) && callee.expression.text === 'Buffer') return sub(a0);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (IDENTITY_METHODS.test(method) && (method !== 'toString' || !a0)) return sub(callee.expression);
      if (method === 'concat') {
        const args = e.arguments;
        return concat(sub(callee.expression), joinPieces(args.length, (i) => sub(args[i] as ts.Expression), e));
      }
      if (method === 'join') {
        const arr = resolveValue(callee.expression, r.env);
        if (ts.isArrayLiteralExpression(arr.expr)) {
          const sep: SymbolicString = a0 ? sub(a0) : [text(',', e)];
          const elements = arr.expr.elements;
          return joinPieces(elements.length, (i) => concat(i > 0 ? sep : [], sub(elements[i] as ts.Expression, arr.env)), e);
        }
      }
    }
  }
  // A call of a helper that exhausted the work bound, or a recursive call: named by what it was given.
  if (ts.isCallExpression(e)) {
    const fn = calleeFunction(e.expression, r.env);
    if (fn && ((exhausted.has(ANY_EXHAUSTED) && exhausted.has(fn)) || recursive(fn, r.env))) return [hole(e, [...r.aliases, ...boundNames(bindParameters(fn, e.arguments, r.env))])];
  }
  // A parameter left unresolved only because a bound was hit: keep the names its callers gave it.
  if (ts.isIdentifier(e)) {
    const decl = findDeclaration(e);
    const bound = decl && ts.isParameter(decl) ? r.env.get(decl) : undefined;
    if (bound) return [hole(e, [...r.aliases, ...boundNames(new Map([[decl as ts.Node, bound]]))])];
  }
  return [hole(e, r.aliases)];
}

/** `join`, `path.join`, `posix.join`, `path.posix.join` (the Node path module's, by name). */
function isPathJoin(callee: ts.Expression): boolean {
  if (ts.isIdentifier(callee)) return callee.text === 'join' && isFromPathModule(callee);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'join') return false;
  const owner = unwrap(callee.expression);
  return (ts.isIdentifier(owner) && /^(?:path|posix|nodePath)$/.test(owner.text)) || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'posix');
}

function isFromPathModule(id: ts.Identifier): boolean {
  const decl = findDeclaration(id);
  if (!decl) return false;
  const stmt = ts.findAncestor(decl, (n) => ts.isImportDeclaration(n) || ts.isVariableStatement(n));
  if (!stmt) return false;
  return /['"](?:node:)?path(?:\/posix)?['"]/.test(stmt.getText());
}

/** `a//b` from joined segments becomes `a/b` (text parts only; a `://` is kept). */
function collapseSlashes(value: SymbolicString): SymbolicString {
  return value.map((p) => (p.kind === 'text' ? text(p.text.replace(/(^|[^:])\/{2,}/g, '$1/'), p.node) : p));
}

/** The text of a symbolic string with holes shown as `{key}` (for paths and messages). */
export function render(value: SymbolicString, showEncoded = true): string {
  return value
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'hole' ? `{${p.key}}` : showEncoded ? `base64(${render(p.value)})` : '{encoded}'))
    .join('');
}

/** The static text when the value has no holes. */
export function staticText(value: SymbolicString): string | undefined {
  return value.every((p) => p.kind === 'text') ? value.map((p) => (p as TextPart).text).join('') : undefined;
}

/** Every hole in a value, including inside encoded parts. */
export function holes(value: SymbolicString): HolePart[] {
  return value.flatMap((p) => (p.kind === 'hole' ? [p] : p.kind === 'encoded' ? holes(p.value) : []));
}

/** Splits a value at the first `:` in a text part: `user:token` → [user, token]. */
export function splitAtColon(value: SymbolicString): [SymbolicString, SymbolicString] | undefined {
  for (let i = 0; i < value.length; i++) {
    const p = value[i];
    if (p?.kind !== 'text') continue;
    const at = p.text.indexOf(':');
    if (at < 0) continue;
    const left = concat(value.slice(0, i), [text(p.text.slice(0, at), p.node)]);
    const right = concat([text(p.text.slice(at + 1), p.node)], value.slice(i + 1));
    return [left, right];
  }
  return undefined;
}
