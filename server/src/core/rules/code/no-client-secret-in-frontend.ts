import * as ts from 'typescript';
import { literalSecrets } from '../../analysis/secret-literals';
import { CLIENT_SECRET_TEXT, isClientSecretName } from '../../analysis/secrets';
import { memberName, propertyNameText, unwrap } from '../../analysis/scope';
import { resolveValue } from '../../analysis/values';
import { defineRule, type RuleContext, type Visitors } from '../../rule';

/**
 * A client secret reaching code that runs in the browser or ships to users (SPEC rule 8), even when
 * it is read from the environment: bundlers inline `process.env`/`import.meta.env` values, and a
 * secret written into a page or a JSON response is served to every user. Atlassian's policy ("OAuth
 * implementation"): no client_secret in "any client-side artifact that can be inspected by an end user".
 */

const PUBLIC_ENV = /\b(VITE_|REACT_APP_|NEXT_PUBLIC_|EXPO_PUBLIC_|PUBLIC_)[A-Z0-9_]*SECRET[A-Z0-9_]*/g;
const PUBLIC_ENV_ONCE = new RegExp(PUBLIC_ENV.source);
const RESPONSE_TEXT = /\.(?:send|write|end|json|jsonp|render|html)\s*\(|\.(?:body|innerHTML|outerHTML)\s*=/;
const RESPONSE_METHODS = /^(?:send|write|end|json|jsonp|render|html|body)$/;
const RESPONSE_RECEIVER = /^(?:res|resp|response|reply|ctx|h|c|w|out)$/;

function receiverOf(callee: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const r = unwrap(callee.expression);
  if (ts.isIdentifier(r)) return r.text;
  if (ts.isPropertyAccessExpression(r)) return r.name.text;
  if (ts.isCallExpression(r)) return receiverOf(unwrap(r.expression)); // res.status(200).send(…)
  return undefined;
}

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
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
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

function backend(ctx: RuleContext): string {
  return ctx.facts.forge ? 'a Forge resolver (called with invoke() from @forge/bridge)' : 'your back end';
}

export default defineRule({
  id: 'no-client-secret-in-frontend',
  kinds: ['code', 'env'],
  prefilter: /secret|ATOA/i,
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'error',
    policy: 'OAuth implementation',
    description: 'Keep client secrets out of code that runs in the browser or ships to users.',
    messages: {
      frontEnd:
        'A client secret ({{name}}) is used in {{reason}}: it runs in the browser or ships to users, who can read it. The policy "OAuth implementation" forbids client secrets in client-side artifacts: move the token exchange to {{backend}} and keep the secret there.',
      publicEnv:
        '{{name}} has the public prefix {{prefix}}: the bundler inlines it into the browser bundle for every user to read. The policy "OAuth implementation" forbids client secrets in client-side artifacts: drop the prefix and use the secret only in {{backend}}.',
      response:
        'A client secret ({{name}}) is written into an HTTP response or page with `{{api}}`: every user who loads it can read it. The policy "OAuth implementation" forbids client secrets in client-side artifacts: keep it on the server and do the token exchange there.',
    },
    fixable: false,
  },
  check(ctx) {
    if (ctx.kind !== 'env') return;
    for (const m of ctx.text.matchAll(PUBLIC_ENV)) {
      const start = m.index ?? 0;
      ctx.report({ range: { start, end: start + m[0].length }, messageId: 'publicEnv', data: { name: m[0], prefix: m[1] ?? '', backend: backend(ctx) } });
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code') return {};
    const reason = ctx.facts.frontEnd;
    const lines = new Set<number>();
    const sf = ctx.sourceFile();
    /** One finding per line and rule message: a line that names the secret twice is one problem. */
    const report = (node: ts.Node, messageId: string, data: Record<string, string>, start = node.getStart(), end = node.getEnd()): void => {
      const line = sf.getLineAndCharacterOfPosition(start).line;
      if (lines.has(line)) return;
      lines.add(line);
      ctx.report({ range: { start, end }, messageId, data: { ...data, backend: backend(ctx) } });
    };
    const publicEnv = (node: ts.Node, name: string): boolean => {
      const m = PUBLIC_ENV_ONCE.exec(name);
      if (!m || m.index !== 0) return false;
      report(node, 'publicEnv', { name, prefix: m[1] ?? '' });
      return true;
    };
    const inFrontEnd = (node: ts.Node, name: string): void => {
      if (reason && isClientSecretName(name)) report(node, 'frontEnd', { name, reason });
    };
    // Most files are neither front end nor name a public secret nor write a response: visit only what can report.
    const publicNames = PUBLIC_ENV_ONCE.test(ctx.text);
    const named = CLIENT_SECRET_TEXT.test(ctx.text);
    const responses = named && RESPONSE_TEXT.test(ctx.text);
    const visitors: Visitors = {
      [ts.SyntaxKind.PropertyAccessExpression]: (n) => {
        const p = n as ts.PropertyAccessExpression;
        if (!publicEnv(p.name, p.name.text)) inFrontEnd(p.name, p.name.text);
      },
      [ts.SyntaxKind.PropertyAssignment]: (n) => {
        const p = n as ts.PropertyAssignment;
        const key = propertyNameText(p.name);
        const v = unwrap(p.initializer);
        const empty = ts.isStringLiteralLike(v) && v.text === '';
        if (key && !empty) inFrontEnd(p.name, key);
      },
      [ts.SyntaxKind.VariableDeclaration]: (n) => {
        const d = n as ts.VariableDeclaration;
        // `const s = import.meta.env.VITE_…SECRET`: the public-prefix finding on the same line says more.
        if (ts.isIdentifier(d.name) && d.initializer && !PUBLIC_ENV_ONCE.test(d.initializer.getText())) inFrontEnd(d.name, d.name.text);
      },
      [ts.SyntaxKind.StringLiteral]: (n) => {
        const lit = n as ts.StringLiteral;
        if (publicNames && publicEnv(lit, lit.text)) return;
        if (!reason) return;
        for (const s of literalSecrets(lit, ctx.facts.test, named)) report(lit, 'frontEnd', { name: s.name ?? 'an ATOA value', reason }, s.start, s.end);
      },
      [ts.SyntaxKind.CallExpression]: (n) => {
        const call = n as ts.CallExpression;
        const callee = unwrap(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !RESPONSE_METHODS.test(callee.name.text)) return;
        const receiver = receiverOf(callee);
        if (!receiver || !RESPONSE_RECEIVER.test(receiver)) return;
        const args = callee.name.text === 'render' ? call.arguments.slice(1) : call.arguments;
        for (const a of args) {
          const name = secretIn(a);
          if (name) return report(call, 'response', { name, api: `${receiver}.${callee.name.text}` }, call.getStart(), a.getEnd());
        }
      },
      [ts.SyntaxKind.BinaryExpression]: (n) => {
        // ctx.body = `…${clientSecret}…`; element.innerHTML = …
        const b = n as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) return;
        const prop = b.left.name.text;
        if (!/^(?:body|innerHTML|outerHTML)$/.test(prop)) return;
        const name = secretIn(b.right);
        if (name) report(b, 'response', { name, api: `${b.left.expression.getText()}.${prop} =` }, b.getStart(), b.getEnd());
      },
    };
    const wanted: ts.SyntaxKind[] = [];
    if (publicNames || (reason && named)) wanted.push(ts.SyntaxKind.PropertyAccessExpression);
    if (publicNames || reason) wanted.push(ts.SyntaxKind.StringLiteral);
    if (reason && named) wanted.push(ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.VariableDeclaration);
    if (responses) wanted.push(ts.SyntaxKind.CallExpression, ts.SyntaxKind.BinaryExpression);
    return Object.fromEntries(wanted.map((k) => [k, visitors[k]]));
  },
});
