import * as ts from 'typescript';
import { logSinkOf, type LogSink } from '../../analysis/log-sinks';
import { secretInLog } from '../../analysis/logged-secrets';
import { foreignFile } from '../../analysis/modules';
import { secretsInText } from '../../analysis/secret-literals';
import { unwrap } from '../../analysis/scope';
import { TOKEN_VALUE } from '../../knowledge/atlassian';
import type { RelatedReport } from '../../model';
import { redact } from '../../redact';
import { OAUTH_SECRET_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * A secret or token value passed to `console.*`, a logger, a VS Code output channel or a project
 * helper that forwards to one. Logs are shipped to log services, support bundles and (in Forge) the
 * developer console, so a logged secret is a leaked one, and so is part of one. Atlassian's policy
 * ("OAuth implementation"): secrets and tokens belong only in encrypted secret stores.
 */

const LOG_HINT = String.raw`\.\s*(?:log|info|debug|warn|warning|error|trace|fatal|verbose|silly|dir|notice|critical|append|appendLine|replace)\b|\blog\w*\s*\(`;

export default defineRule({
  id: 'no-secret-logging',
  kinds: ['code'],
  // A logger-named receiver or an output channel, a log method or log-named call, and a word every
  // secret name, Authorization header or literal holds.
  prefilter: new RegExp(
    [
      String.raw`^(?=[\s\S]*?(?:\b(?:console|log\w*|winston|pino|signale|debuglog)\b|logger|output|channel))`,
      `(?=[\\s\\S]*?(?:${LOG_HINT}))`,
      String.raw`(?=[\s\S]*?(?:token|secret|passw(?:or)?d|api[_-]?key|private[_-]?key|signing[_-]?key|authorization|ATOA|ATATT3|ATCTT3|ATBB))`,
    ].join(''),
    'i',
  ),
  meta: {
    category: 'client-secrets',
    defaultSeverity: 'warning',
    policy: 'OAuth implementation',
    description: 'Never log secrets or tokens, or part of them.',
    messages: {
      value: 'Secret ({{name}}) passed to {{logger}}.{{method}}.',
      partial: 'Part of a secret ({{part}}) passed to {{logger}}.{{method}}.',
      helper: 'Secret ({{name}}) passed to {{helper}}(), which logs it with {{logger}}.{{method}}.',
      literal: 'Literal secret ({{value}}) written in a {{logger}}.{{method}} message.',
    },
    details: {
      value: `Logs are shipped and kept where many can read them. ${OAUTH_SECRET_POLICY} Fix: log that it is present, never the value.`,
      partial: `A partial token still leaks entropy and identifies the credential. ${OAUTH_SECRET_POLICY} Fix: log that it is present, never characters of it.`,
      helper: `Logs are shipped and kept where many can read them. ${OAUTH_SECRET_POLICY} Fix: log that it is present, never the value.`,
      literal: `It is in the source and in every log. ${OAUTH_SECRET_POLICY} Fix: remove it from the message and rotate it.`,
    },
    fixable: false,
  },
  create(ctx) {
    const read = ctx.readFile;
    const related = (at: ts.Node | undefined, call: ts.CallExpression): RelatedReport[] => {
      if (!at || (at.pos >= call.pos && at.end <= call.end)) return [];
      const file = foreignFile(at, ctx.sourceFile());
      return [{ ...(file ? { file } : {}), range: { start: at.getStart(), end: at.getEnd() }, message: 'The secret is held here.' }];
    };
    const report = (call: ts.CallExpression, sink: LogSink): void => {
      const who = { logger: sink.logger, method: sink.method };
      for (const arg of sink.args) {
        const literal = literalIn(ctx.text, arg, ctx.facts.test);
        if (literal) {
          ctx.report({ range: literal, messageId: 'literal', data: { ...who, value: redact(ctx.text.slice(literal.start, literal.end)) } });
          return;
        }
      }
      if (ctx.facts.test) return;
      for (const arg of sink.args) {
        const hit = secretInLog(arg, read);
        if (!hit) continue;
        const range = { start: arg.getStart(), end: arg.getEnd() };
        const rel = related(hit.at, call);
        const extra = rel.length > 0 ? { related: rel } : {};
        if (sink.helper) ctx.report({ range, messageId: 'helper', data: { ...who, helper: sink.helper, name: hit.part ?? hit.name }, ...extra });
        else if (hit.part) ctx.report({ range, messageId: 'partial', data: { ...who, part: hit.part }, ...extra });
        else ctx.report({ range, messageId: 'value', data: { ...who, name: hit.name }, ...extra });
        return;
      }
    };
    return {
      [ts.SyntaxKind.CallExpression]: (n) => {
        const call = n as ts.CallExpression;
        const sink = logSinkOf(call);
        if (sink) report(call, sink);
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
