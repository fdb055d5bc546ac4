import * as ts from 'typescript';
import { CLIENT_SECRET_TEXT, isClientSecretName } from './secrets';
import { memberName, propertyNameText, unwrap } from './scope';
import { resolveValue } from './values';

/**
 * Where a client secret leaves the code that holds it for a place its users can read (SPEC rule 8):
 * an OAuth request body sent from front-end code, a browser cookie, a bundler's `define`. Pure
 * syntax helpers; the rule decides in which files each applies.
 */

/** The client-secret name a value is built from (templates, concatenation, objects, JSON.stringify), if any. */
export function secretIn(expr: ts.Expression): string | undefined {
  // A budget and a visited set keep huge bundles (nested objects, shared consts) linear.
  const seen = new Set<ts.Node>();
  let budget = 200;
  const visit = (x: ts.Expression, depth: number): string | undefined => {
    if (depth > 6 || budget-- <= 0 || seen.has(x)) return undefined;
    seen.add(x);
    const r = resolveValue(x);
    const direct = [...r.aliases, memberName(unwrap(x)), memberName(r.expr)].find((n): n is string => n !== undefined && isClientSecretName(n));
    if (direct) return direct;
    const e = r.expr;
    if (e !== x && seen.has(e)) return undefined;
    seen.add(e);
    if (ts.isTemplateExpression(e)) {
      for (const sp of e.templateSpans) {
        const found = visit(sp.expression, depth + 1);
        if (found) return found;
      }
    } else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.PlusToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      return visit(e.left, depth + 1) ?? visit(e.right, depth + 1);
    } else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        const key = ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) ? propertyNameText(p.name) : undefined;
        if (key && isClientSecretName(key)) return key;
        const value = ts.isPropertyAssignment(p) ? p.initializer : ts.isSpreadAssignment(p) ? p.expression : undefined;
        const found = value ? visit(value, depth + 1) : undefined;
        if (found) return found;
      }
    } else if (ts.isCallExpression(e) && /^(?:stringify|String|escape|encodeURIComponent|serialize)$/.test(memberName(unwrap(e.expression)) ?? '')) {
      return e.arguments[0] ? visit(e.arguments[0], depth + 1) : undefined;
    }
    return undefined;
  };
  return visit(expr, 0);
}

/** `client_secret=` written into a query string or form body: the wire name says what is sent. */
const WIRE_SECRET = /\b(client_secret|clientSecret)=/;

/** The secret a template or concatenation puts after `client_secret=` (a value follows), if any. */
export function wireSecret(e: ts.TemplateExpression | ts.NoSubstitutionTemplateLiteral | ts.StringLiteral): string | undefined {
  if (!ts.isTemplateExpression(e)) return undefined;
  const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)];
  for (let i = 0; i < e.templateSpans.length; i++) {
    const m = WIRE_SECRET.exec(parts[i] ?? '');
    if (m && (parts[i] ?? '').endsWith('=')) return m[1];
  }
  return undefined;
}

/** `params.append('client_secret', v)` / `form.set('clientSecret', v)`: URLSearchParams and FormData bodies. */
export function appendedSecret(call: ts.CallExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^(?:append|set)$/.test(callee.name.text)) return undefined;
  const [key, value] = call.arguments;
  if (!key || !value || !ts.isStringLiteralLike(key) || !isClientSecretName(key.text)) return undefined;
  const v = unwrap(value);
  return ts.isStringLiteralLike(v) && v.text === '' ? undefined : key.text;
}

const COOKIE_RECEIVER = /^(?:Cookies?|cookies?|cookieStore|jsCookie|\$cookies|cookieService)$/;

/**
 * A client secret written into a browser cookie: `Cookies.set('client_secret', v)`, `cookies().set(…)`,
 * `cookieStore.set(…)`, `setCookie(…)`, and the server's `res.cookie(…)` (the browser keeps it).
 * Returns the secret's name and the API, or undefined.
 */
export function cookieSecret(call: ts.CallExpression): { name: string; api: string } | undefined {
  const callee = unwrap(call.expression);
  let api: string | undefined;
  if (ts.isIdentifier(callee) && /^(?:setCookie|setCookies)$/.test(callee.text)) api = callee.text;
  else if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const recv = unwrap(callee.expression);
    const recvName = ts.isIdentifier(recv) ? recv.text : ts.isPropertyAccessExpression(recv) ? recv.name.text : ts.isCallExpression(recv) ? memberName(unwrap(recv.expression)) : undefined;
    if (method === 'set' && recvName && COOKIE_RECEIVER.test(recvName)) api = `${recvName}.set`;
    else if ((method === 'cookie' || method === 'setCookie') && recvName && /^(?:res|resp|response|reply|ctx)$/.test(recvName)) api = `${recvName}.${method}`;
  }
  if (!api) return undefined;
  const [key, value] = call.arguments.length >= 2 && !ts.isIdentifier(callee) ? call.arguments : call.arguments.slice(-2);
  if (key && ts.isStringLiteralLike(key) && isClientSecretName(key.text) && value && !(ts.isStringLiteralLike(value) && value.text === '')) return { name: key.text, api };
  const name = value ? secretIn(value) : undefined;
  return name ? { name, api } : undefined;
}

/** `document.cookie = …` holding a client secret (its name, or `client_secret=` in the text). */
export function documentCookieSecret(b: ts.BinaryExpression): string | undefined {
  if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left) || b.left.name.text !== 'cookie') return undefined;
  const recv = unwrap(b.left.expression);
  if (!ts.isIdentifier(recv) || recv.text !== 'document') return undefined;
  const right = unwrap(b.right);
  if (ts.isTemplateExpression(right)) {
    const wire = /\b(client[_-]?secret|clientSecret)=/i.exec([right.head.text, ...right.templateSpans.map((s) => s.literal.text)].join(''));
    if (wire) return wire[1];
  }
  return secretIn(b.right);
}

/**
 * Keys of a bundler's `define` (Vite, electron-vite, esbuild) or webpack `DefinePlugin` object that
 * inline a client secret into the bundle: the key names it (`'process.env.CLIENT_SECRET'`) or the
 * value reads it. Each as the node to report and the name.
 */
export function definedSecrets(obj: ts.ObjectLiteralExpression): { node: ts.Node; name: string }[] {
  const out: { node: ts.Node; name: string }[] = [];
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = propertyNameText(p.name) ?? '';
    const m = CLIENT_SECRET_TEXT.exec(key);
    if (m) out.push({ node: p.name, name: key });
    else {
      const name = secretIn(p.initializer);
      if (name) out.push({ node: p.name, name });
    }
  }
  return out;
}

/**
 * The object a `define:` property or a `new DefinePlugin({…})` holds, if `node` is one; with `nextEnv`
 * (a `next.config.*`), also Next.js's `env:`, which is inlined into the browser bundle as well.
 */
export function defineObject(node: ts.Node, nextEnv = false): ts.ObjectLiteralExpression | undefined {
  const key = ts.isPropertyAssignment(node) ? propertyNameText(node.name) : undefined;
  if (ts.isPropertyAssignment(node) && (key === 'define' || (nextEnv && key === 'env'))) {
    const v = unwrap(node.initializer);
    return ts.isObjectLiteralExpression(v) ? v : undefined;
  }
  if (ts.isNewExpression(node) && memberName(unwrap(node.expression)) === 'DefinePlugin') {
    const a = node.arguments?.[0];
    const v = a ? unwrap(a) : undefined;
    return v && ts.isObjectLiteralExpression(v) ? v : undefined;
  }
  return undefined;
}
