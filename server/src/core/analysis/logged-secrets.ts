import * as ts from 'typescript';
import { fieldDeleted, heldSecret, isSecretField } from './held-secrets';
import type { ModuleReader } from './modules';
import { isSecretOrTokenName } from './secrets';
import { memberName, propertyNameText, unwrap } from './scope';
import { resolveValue } from './values';

/**
 * Whether a logged expression carries a secret or token, and which: a value whose name says so
 * (followed through local bindings, templates, concatenation, `JSON.stringify`), part of one
 * (`token.slice(0, 10)`: a prefix still identifies the credential and leaks entropy), or an object
 * that holds one (see `heldSecret`). Masking calls and presence checks make a value safe to log.
 */

export interface LoggedSecret {
  /** What is logged, by name: `apiToken`, `answers.apiKey`, `config.headers.Authorization`. */
  readonly name: string;
  /** When only part is logged: `the first 10 characters of apiToken`. */
  readonly part?: string;
  /** The first segment of the field inside a logged object (to tell whether a later key overrides it). */
  readonly field?: string;
  /** Where the file shows the object holds it (a prompt question, a header write). */
  readonly at?: ts.Node;
}

/** Calls that hide a value: what they return is safe to log. */
const MASKING = /redact|mask|hash|obfuscat|truncat|hide|sanitiz|fingerprint|censor|length|isDefined|Boolean|typeof|has[A-Z]/;
/** Methods that return part of a string. */
const PARTIAL = /^(?:slice|substring|substr)$/;
/** Methods and functions that return the whole value, re-encoded at most. */
const WHOLE_METHOD = /^(?:toString|trim|trimStart|trimEnd|toUpperCase|toLowerCase|valueOf|normalize|padStart|padEnd)$/;
const WHOLE_FUNCTION = /(?:^|\.)(?:stringify|String|btoa|from|encodeURIComponent|encodeURI|inspect|format)$/;
const MAX_TEXT = 48;

interface Walk { left: number; readonly read: ModuleReader | undefined; readonly pos: number }

function short(e: ts.Node): string {
  const t = e.getText().replace(/\s+/g, ' ');
  return t.length > MAX_TEXT ? `${t.slice(0, MAX_TEXT - 1)}…` : t;
}

function numberArg(a: ts.Expression | undefined): number | undefined {
  if (!a) return undefined;
  const e = unwrap(a);
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  return undefined;
}

/** `the first 10 characters of apiToken`, `the last 4 characters of apiToken`, `part of apiToken`. */
function describePart(call: ts.CallExpression, method: string, of: string): string {
  const [a, b] = [numberArg(call.arguments[0]), numberArg(call.arguments[1])];
  if (a === 0 && b !== undefined && b > 0) return `the first ${b} characters of ${of}`;
  if (a !== undefined && a < 0 && call.arguments.length === 1 && method !== 'substring') return `the last ${-a} characters of ${of}`;
  return `part of ${of}`;
}

function masked(v: ts.Expression): boolean {
  return ts.isPrefixUnaryExpression(v) || ts.isTypeOfExpression(v) || ts.isConditionalExpression(v) || ts.isLiteralExpression(v) || (ts.isCallExpression(v) && MASKING.test(v.expression.getText()));
}

function inObject(obj: ts.ObjectLiteralExpression, depth: number, w: Walk): LoggedSecret | undefined {
  const props = obj.properties;
  for (let i = 0; i < props.length; i++) {
    const p = props[i];
    if (!p) continue;
    if (ts.isShorthandPropertyAssignment(p)) {
      if (isSecretOrTokenName(p.name.text)) return { name: p.name.text };
      const hit = loggedSecret(p.name, depth + 1, w);
      if (hit) return hit;
    } else if (ts.isPropertyAssignment(p)) {
      const key = propertyNameText(p.name);
      const v = unwrap(p.initializer);
      if (masked(v)) continue;
      if (key && isSecretField(key)) return { name: key, field: key };
      const hit = loggedSecret(p.initializer, depth + 1, w);
      if (hit) return { ...hit, ...(key ? { field: key } : {}) };
    } else if (ts.isSpreadAssignment(p)) {
      // { ...headers, Authorization: '[redacted]' } logs a redacted copy.
      const hit = loggedSecret(p.expression, depth + 1, w);
      const first = hit?.field?.split('.')[0]?.toLowerCase();
      const overridden = first !== undefined && props.slice(i + 1).some((q) => (ts.isPropertyAssignment(q) || ts.isShorthandPropertyAssignment(q)) && propertyNameText(q.name)?.toLowerCase() === first);
      if (hit && !overridden) return hit;
    }
  }
  return undefined;
}

function inCall(e: ts.CallExpression, depth: number, w: Walk): LoggedSecret | undefined {
  const calleeText = e.expression.getText();
  if (MASKING.test(calleeText)) return undefined;
  const callee = unwrap(e.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (PARTIAL.test(method)) {
      const hit = loggedSecret(callee.expression, depth + 1, w);
      return hit ? { ...hit, part: hit.part ?? describePart(e, method, hit.name) } : undefined;
    }
    if (WHOLE_METHOD.test(method)) return loggedSecret(callee.expression, depth + 1, w);
  }
  if (WHOLE_FUNCTION.test(calleeText)) return e.arguments[0] ? loggedSecret(e.arguments[0], depth + 1, w) : undefined;
  // settings.get('personalAccessToken'), core.getInput('api_token')
  const key = e.arguments[0] ? unwrap(e.arguments[0]) : undefined;
  if (/(?:^|\.)get\w*$/.test(calleeText) && key && ts.isStringLiteralLike(key)) {
    const name = key.text.split('.').pop() ?? '';
    if (isSecretOrTokenName(name)) return { name };
  }
  // kvs.getSecret('client-secret'), getToken()
  if (/getSecret$/.test(calleeText)) return { name: 'a stored secret' };
  return undefined;
}

function inReference(e: ts.Expression, depth: number, w: Walk): LoggedSecret | undefined {
  const own = memberName(e);
  if (own === 'length') return undefined;
  const r = resolveValue(e);
  const names = [memberName(r.expr), own, ...r.aliases];
  const hit = names.find((n): n is string => n !== undefined && isSecretOrTokenName(n));
  if (hit) return { name: hit };
  if (r.expr !== e && (ts.isTemplateExpression(r.expr) || ts.isObjectLiteralExpression(r.expr) || ts.isCallExpression(r.expr) || ts.isBinaryExpression(r.expr))) {
    const inner = ts.isCallExpression(r.expr) ? undefined : loggedSecret(r.expr, depth + 1, w);
    // const copy = { ...headers }; delete copy.Authorization
    if (inner && !(inner.field !== undefined && fieldDeleted(e, inner.field, w.pos))) return inner;
    if (ts.isCallExpression(r.expr)) {
      const fromCall = inCall(r.expr, depth + 1, w);
      if (fromCall) return fromCall;
    }
  }
  const held = heldSecret(e, w.read);
  return held ? { name: `${short(e)}.${held.field}`, field: held.field, at: held.at } : undefined;
}

function loggedSecret(expr: ts.Expression, depth: number, w: Walk): LoggedSecret | undefined {
  if (depth > 5 || w.left-- <= 0) return undefined;
  const e = unwrap(expr);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) return inReference(e, depth, w);
  if (ts.isTemplateExpression(e)) {
    for (const s of e.templateSpans) {
      const hit = loggedSecret(s.expression, depth + 1, w);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return loggedSecret(e.left, depth + 1, w) ?? loggedSecret(e.right, depth + 1, w);
  if (ts.isObjectLiteralExpression(e)) return inObject(e, depth, w);
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements.slice(0, 20)) {
      const hit = loggedSecret(el, depth + 1, w);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) return inCall(e, depth, w);
  return undefined;
}

/** The secret or token a logged argument carries, if any; the work on one argument is bounded. */
export function secretInLog(arg: ts.Expression, read: ModuleReader | undefined): LoggedSecret | undefined {
  return loggedSecret(arg, 0, { left: 200, read, pos: arg.getStart() });
}
