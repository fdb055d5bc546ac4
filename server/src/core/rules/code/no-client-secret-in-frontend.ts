import * as ts from 'typescript';
import { projectFrontEndReason, projectKindOf } from '../../analysis/project-kind';
import { literalSecrets } from '../../analysis/secret-literals';
import { appendedSecret, cookieSecret, defineObject, definedSecrets, documentCookieSecret, secretIn, wireSecret } from '../../analysis/secret-exposure';
import { CLIENT_SECRET_TEXT, isClientSecretName } from '../../analysis/secrets';
import { propertyNameText, unwrap } from '../../analysis/scope';
import { OAUTH_SECRET_POLICY } from '../../policy-words';
import { defineRule, type RuleContext, type Visitors } from '../../rule';

/**
 * A client secret reaching code that runs in the browser or ships to users (SPEC rule 8), even when
 * it is read from the environment: bundlers inline `process.env`/`import.meta.env` values, and a
 * secret written into a page or a JSON response is served to every user. Atlassian's policy ("OAuth
 * implementation"): no client_secret in "any client-side artifact that can be inspected by an end user".
 */

const PUBLIC_ENV = /\b(VITE_|REACT_APP_|VUE_APP_|NEXT_PUBLIC_|NUXT_PUBLIC_|EXPO_PUBLIC_|GATSBY_|PUBLIC_)[A-Z0-9_]*SECRET[A-Z0-9_]*/g;
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

function backend(ctx: RuleContext): string {
  return ctx.facts.forge ? 'a Forge resolver (called with invoke() from @forge/bridge)' : 'your back end';
}

/** Build configs whose `define` inlines values into what ships: Vite and electron-vite always build a front end. */
const CONFIG_FILE = /(?:^|\/)[\w.-]+\.config\.[cm]?[jt]s$/;
const FRONT_END_CONFIG = /(?:^|\/)(?:(?:electron\.)?vite|next)\.config\.[cm]?[jt]s$/;
const NEXT_CONFIG = /(?:^|\/)next\.config\.[cm]?[jt]s$/;
const ENV_RECEIVER = /^(?:process\.env|import\.meta\.env)$/;

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
      frontEnd: 'Client secret ({{name}}) used in {{reason}}.',
      publicEnv: 'Client secret {{name}} has the public prefix {{prefix}}.',
      response: 'Client secret ({{name}}) written into an HTTP response with `{{api}}`.',
      cookie: 'Client secret ({{name}}) kept in a browser cookie with `{{api}}`.',
      bundled: 'Client secret ({{name}}) inlined into the shipped bundle by `{{api}}`.',
    },
    details: {
      frontEnd: `It is used in {{reason}}: that code runs in the browser or ships to users, who can read it. ${OAUTH_SECRET_POLICY} Fix: move the token exchange to {{backend}} and keep the secret there.`,
      publicEnv: `The bundler inlines it into the browser bundle for every user to read. ${OAUTH_SECRET_POLICY} Fix: drop the prefix and use the secret only in {{backend}}.`,
      response: `Every user who loads the response or page can read it. ${OAUTH_SECRET_POLICY} Fix: keep it on the server and do the token exchange there.`,
      cookie: `The user, and any script on the page, can read it. ${OAUTH_SECRET_POLICY} Fix: keep it on the server and give the browser only a session.`,
      bundled: `Every user can read it in the downloaded code. ${OAUTH_SECRET_POLICY} Fix: move the token exchange to {{backend}} and keep the secret there.`,
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
    const named = CLIENT_SECRET_TEXT.test(ctx.text);
    const read = ctx.readFile;
    // Known from the file itself (broad: any use of a secret name), else from its project (narrow:
    // only where the secret is sent or held in an object), computed only when a secret is named.
    const strong = ctx.facts.frontEnd;
    const weak = !strong && named && !ctx.facts.test && read ? projectFrontEndReason(ctx.path, ctx.text, read) : undefined;
    const reason = strong ?? weak;
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
    const responses = named && RESPONSE_TEXT.test(ctx.text);
    const cookies = /cookie/i.test(ctx.text);
    const defines =
      CONFIG_FILE.test(ctx.path) && /\bdefine\b|DefinePlugin|\benv\b/.test(ctx.text) && (FRONT_END_CONFIG.test(ctx.path) || strong !== undefined || (read !== undefined && projectKindOf(ctx.path, read) !== undefined));
    const bundled = (n: ts.Node): void => {
      const obj = defineObject(n, NEXT_CONFIG.test(ctx.path));
      const api = ts.isNewExpression(n) ? 'DefinePlugin' : ts.isPropertyAssignment(n) ? (propertyNameText(n.name) ?? 'define') : 'define';
      if (obj) for (const d of definedSecrets(obj)) report(d.node, 'bundled', { name: d.name, api });
    };
    const visitors: Visitors = {
      [ts.SyntaxKind.PropertyAccessExpression]: (n) => {
        const p = n as ts.PropertyAccessExpression;
        if (publicEnv(p.name, p.name.text)) return;
        // From its project only, a file is judged by what it sends: an env read is inlined by the bundler.
        if (strong || ENV_RECEIVER.test(p.expression.getText())) inFrontEnd(p.name, p.name.text);
      },
      [ts.SyntaxKind.ImportSpecifier]: (n) => {
        // SvelteKit: import { PUBLIC_CLIENT_SECRET } from '$env/static/public'
        const s = n as ts.ImportSpecifier;
        publicEnv(s.name, (s.propertyName ?? s.name).text);
      },
      [ts.SyntaxKind.PropertyAssignment]: (n) => {
        const p = n as ts.PropertyAssignment;
        if (defines) bundled(p);
        const key = propertyNameText(p.name);
        const v = unwrap(p.initializer);
        const empty = ts.isStringLiteralLike(v) && v.text === '';
        if (key && !empty) inFrontEnd(p.name, key);
      },
      [ts.SyntaxKind.ShorthandPropertyAssignment]: (n) => {
        const p = n as ts.ShorthandPropertyAssignment;
        inFrontEnd(p.name, p.name.text);
      },
      [ts.SyntaxKind.VariableDeclaration]: (n) => {
        const d = n as ts.VariableDeclaration;
        // `const s = import.meta.env.VITE_…SECRET`: the public-prefix finding on the same line says more.
        if (strong && ts.isIdentifier(d.name) && d.initializer && !PUBLIC_ENV_ONCE.test(d.initializer.getText())) inFrontEnd(d.name, d.name.text);
      },
      [ts.SyntaxKind.StringLiteral]: (n) => {
        const lit = n as ts.StringLiteral;
        if (publicNames && publicEnv(lit, lit.text)) return;
        if (!reason) return;
        for (const s of literalSecrets(lit, ctx.facts.test, named)) report(lit, 'frontEnd', { name: s.name ?? 'an ATOA value', reason }, s.start, s.end);
      },
      [ts.SyntaxKind.TemplateExpression]: (n) => {
        // `client_secret=${secret}` in a query string or form body
        const name = wireSecret(n as ts.TemplateExpression);
        if (name) inFrontEnd(n, name);
      },
      [ts.SyntaxKind.NewExpression]: (n) => bundled(n),
      [ts.SyntaxKind.CallExpression]: (n) => {
        const call = n as ts.CallExpression;
        if (cookies) {
          const c = cookieSecret(call);
          if (c) return report(call, 'cookie', c);
        }
        if (reason) {
          const appended = appendedSecret(call);
          if (appended) return inFrontEnd(call, appended);
        }
        if (!responses) return;
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
        // ctx.body = `…${clientSecret}…`; element.innerHTML = …; document.cookie = …
        const b = n as ts.BinaryExpression;
        if (b.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(b.left)) return;
        const prop = b.left.name.text;
        if (prop === 'cookie') {
          const name = cookies ? documentCookieSecret(b) : undefined;
          if (name) report(b, 'cookie', { name, api: 'document.cookie =' });
          return;
        }
        if (!responses || !/^(?:body|innerHTML|outerHTML)$/.test(prop)) return;
        const name = secretIn(b.right);
        if (name) report(b, 'response', { name, api: `${b.left.expression.getText()}.${prop} =` }, b.getStart(), b.getEnd());
      },
    };
    const wanted: ts.SyntaxKind[] = [];
    if (publicNames || (reason && named)) wanted.push(ts.SyntaxKind.PropertyAccessExpression);
    if (publicNames || reason) wanted.push(ts.SyntaxKind.StringLiteral);
    if (publicNames) wanted.push(ts.SyntaxKind.ImportSpecifier);
    if ((reason && named) || defines) wanted.push(ts.SyntaxKind.PropertyAssignment);
    if (reason && named) wanted.push(ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.VariableDeclaration, ts.SyntaxKind.TemplateExpression);
    if (defines) wanted.push(ts.SyntaxKind.NewExpression);
    if (responses || (named && cookies) || (reason && named)) wanted.push(ts.SyntaxKind.CallExpression);
    if (responses || (named && cookies)) wanted.push(ts.SyntaxKind.BinaryExpression);
    return Object.fromEntries(wanted.map((k) => [k, visitors[k]]));
  },
});
