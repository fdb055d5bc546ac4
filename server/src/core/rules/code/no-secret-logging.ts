import * as ts from 'typescript';
import { secretsInText } from '../../analysis/secret-literals';
import { isSecretOrTokenName } from '../../analysis/secrets';
import { memberName, propertyNameText, unwrap } from '../../analysis/scope';
import { resolveValue } from '../../analysis/values';
import { TOKEN_VALUE } from '../../knowledge/atlassian';
import { redact } from '../../redact';
import { defineRule } from '../../rule';

/**
 * A secret or token value passed to `console.*` or a logger. Logs are shipped to log services, support
 * bundles and (in Forge) the developer console, so a logged secret is a leaked one. Atlassian's policy
 * ("OAuth implementation"): secrets and tokens belong only in encrypted secret stores.
 */

const LOG_METHODS = /^(?:log|info|debug|warn|warning|error|trace|fatal|verbose|silly|dir|notice|critical)$/;
const LOGGER = /^(?:console|logger|log|_?logger|winston|pino|signale|debugLog)$|Logger$|^logger/i;
/** Calls that hide a value: what they return is safe to log. */
const MASKING = /redact|mask|hash|obfuscat|truncat|hide|sanitiz|fingerprint|censor|length|isDefined|Boolean|typeof|has[A-Z]/;

function calleeText(call: ts.CallExpression): { logger: string; method: string } | undefined {
  const callee = unwrap(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !LOG_METHODS.test(callee.name.text)) return undefined;
  const owner = unwrap(callee.expression);
  const logger = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : undefined;
  return logger && LOGGER.test(logger) ? { logger, method: callee.name.text } : undefined;
}

/** The secret-or-token name a logged value comes from, if any; `budget` bounds the work on huge bundles. */
function loggedSecret(expr: ts.Expression, depth = 0, budget = { left: 200 }): string | undefined {
  if (depth > 5 || budget.left-- <= 0) return undefined;
  const e = unwrap(expr);
  if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const own = memberName(e);
    if (own === 'length') return undefined;
    const r = resolveValue(e);
    const names = [memberName(r.expr), own, ...r.aliases];
    const hit = names.find((n): n is string => n !== undefined && isSecretOrTokenName(n));
    if (hit) return hit;
    return r.expr !== e && (ts.isTemplateExpression(r.expr) || ts.isObjectLiteralExpression(r.expr)) ? loggedSecret(r.expr, depth + 1, budget) : undefined;
  }
  if (ts.isTemplateExpression(e)) {
    for (const s of e.templateSpans) {
      const hit = loggedSecret(s.expression, depth + 1, budget);
      if (hit) return hit;
    }
    return undefined;
  }
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return loggedSecret(e.left, depth + 1, budget) ?? loggedSecret(e.right, depth + 1, budget);
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isShorthandPropertyAssignment(p) && isSecretOrTokenName(p.name.text)) return p.name.text;
      if (ts.isPropertyAssignment(p)) {
        const key = propertyNameText(p.name);
        const v = unwrap(p.initializer);
        const masked = ts.isPrefixUnaryExpression(v) || ts.isTypeOfExpression(v) || ts.isConditionalExpression(v) || ts.isLiteralExpression(v) || (ts.isCallExpression(v) && MASKING.test(v.expression.getText()));
        if (key && isSecretOrTokenName(key) && !masked) return key;
        const hit = masked ? undefined : loggedSecret(p.initializer, depth + 1, budget);
        if (hit) return hit;
      }
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = e.expression.getText();
    if (MASKING.test(callee)) return undefined;
    if (/(?:^|\.)(?:stringify|String|toString|trim)$/.test(callee)) return e.arguments[0] ? loggedSecret(e.arguments[0], depth + 1, budget) : undefined;
    // kvs.getSecret('client-secret'), getToken()
    if (/getSecret$/.test(callee)) return 'a stored secret';
    return undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'no-secret-logging',
  kinds: ['code'],
  // A logger-named receiver, a log method after a dot, and a word every secret name or literal holds.
  prefilter: new RegExp(
    [
      String.raw`^(?=[\s\S]*?(?:\b(?:console|log|winston|pino|signale|debuglog)\b|logger))`,
      String.raw`(?=[\s\S]*?\.\s*(?:log|info|debug|warn|warning|error|trace|fatal|verbose|silly|dir|notice|critical)\b)`,
      String.raw`(?=[\s\S]*?(?:token|secret|passw(?:or)?d|api[_-]?key|private[_-]?key|signing[_-]?key|ATOA|ATATT3|ATCTT3|ATBB))`,
    ].join(''),
    'i',
  ),
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'warning',
    policy: 'OAuth implementation',
    description: 'Never log secrets or tokens.',
    messages: {
      value:
        'A secret or token ({{name}}) is passed to {{logger}}.{{method}}: logs are shipped and kept where many can read them. The policy "OAuth implementation" requires secrets and tokens to stay in encrypted secret stores: log that it is present (or a redacted prefix), never the value.',
      literal:
        'A literal secret ({{value}}) is written in a {{logger}}.{{method}} message: it is in the source and in every log. The policy "OAuth implementation" forbids hardcoded secrets: remove it from the message and rotate it.',
    },
    fixable: false,
  },
  create(ctx) {
    return {
      [ts.SyntaxKind.CallExpression]: (n) => {
        const call = n as ts.CallExpression;
        const who = calleeText(call);
        if (!who) return;
        for (const arg of call.arguments) {
          const literal = literalIn(ctx.text, arg, ctx.facts.test);
          if (literal) {
            ctx.report({ range: literal, messageId: 'literal', data: { ...who, value: redact(ctx.text.slice(literal.start, literal.end)) } });
            return;
          }
        }
        if (ctx.facts.test) return;
        for (const arg of call.arguments) {
          const name = loggedSecret(arg);
          if (name) {
            ctx.report({ range: { start: arg.getStart(), end: arg.getEnd() }, messageId: 'value', data: { ...who, name } });
            return;
          }
        }
      },
    };
  },
});

/** A non-global copy: the shared global pattern's `lastIndex` must never move (other rules `matchAll` it). */
const TOKEN_ONCE = new RegExp(TOKEN_VALUE.source);

/** A literal secret (ATOA, Atlassian API token, `client_secret=…`) inside a logged literal or template. */
function literalIn(text: string, arg: ts.Expression, inTest: boolean): { start: number; end: number } | undefined {
  const e = unwrap(arg);
  const pieces: ts.Node[] = ts.isStringLiteralLike(e) ? [e] : ts.isTemplateExpression(e) ? [e.head, ...e.templateSpans.map((s) => s.literal)] : [];
  for (const p of pieces) {
    const start = p.getStart() + 1;
    const raw = text.slice(start, p.getEnd() - 1);
    const s = secretsInText(raw, start, inTest)[0];
    if (s) return { start: s.start, end: s.end };
    const m = TOKEN_ONCE.exec(raw);
    if (m) return { start: start + m.index, end: start + m.index + m[0].length };
  }
  return undefined;
}
