import * as ts from 'typescript';
import { OAUTH_SCOPE_PREFILTER, scopeTokens, type ScopeToken, scopeStringVisitors } from '../../analysis/oauth-scopes';
import { isAdminScope, isConnectScope } from '../../knowledge/scopes';
import { replaceItem } from '../../manifest/edits';
import type { BroadScope } from '../../project/assess';
import { connectAssessment, listText, manifestAssessment, removeJsonItem, threeLoAssessment } from '../../project/context';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * "Request only the minimum scopes required" (policy, OAuth scope management): admin, manage and
 * Connect scopes that no call or module of the app needs, and `write:` where the code only reads.
 * Classic scopes are never broad because granular ones exist: Atlassian's scope pages recommend
 * classic scopes. The replacement is computed from the calls, so the fixed manifest still allows them.
 */

function kindOf(scope: string): string {
  return isConnectScope(scope) ? 'Connect scope' : 'Administration scope';
}

function fixTitle(scope: string, repl: readonly string[]): string {
  return repl.length === 0 ? `Remove ${scope}` : `Replace ${scope} with ${listText(repl)}`;
}

function needed(b: { readonly needed?: string }): string {
  return b.needed ?? 'READ';
}

function dataOf(b: BroadScope, where: 'declared' | 'requested'): Record<string, string> {
  return { scope: b.item.value, what: kindOf(b.item.value), where, replacement: b.replacement.join(', ') };
}

export default defineRule({
  id: 'no-broad-scope',
  kinds: ['manifest', 'code', 'json'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'warning',
    policy: 'OAuth scope management',
    description: 'Drop admin scopes nothing needs, write scopes where the code only reads, and Connect scopes above its calls.',
    messages: {
      admin: '{{what}} "{{scope}}" is {{where}} but no call or module needs it.',
      connectAbove: 'Connect scope "{{scope}}" is above what the calls need ({{needed}}).',
      actAsUser: 'Scope "{{scope}}" is declared but no code of this app acts as a user.',
      writeForRead: 'Scope "{{scope}}" grants write access but the app only reads with it.',
    },
    details: {
      admin: `No call or module found needs it. ${SCOPE_POLICY} Fix: remove it.`,
      connectAbove: `${SCOPE_POLICY} Fix: {{action}}`,
      actAsUser: `No code of this Connect app acts as a user. ${SCOPE_POLICY} Fix: remove it.`,
      writeForRead: `${SCOPE_POLICY} Fix: use "{{replacement}}".`,
    },
    fixable: true,
  },
  check(ctx) {
    if (ctx.kind === 'json') {
      const connect = connectAssessment(ctx);
      if (!connect) return;
      const items = connect.descriptor.scopes;
      for (const b of connect.assessment.broad) {
        const range = { start: b.item.start, end: b.item.end };
        const scope = b.item.value;
        const remove = { title: `Remove ${scope}`, safe: false, edits: [removeJsonItem(items, b.item)] };
        if (b.kind === 'actAsUser') {
          ctx.report({ range, messageId: 'actAsUser', data: { scope }, fixes: [remove] });
          continue;
        }
        const action = b.replacement ? `Use "${b.replacement}".` : `Remove it: "${b.coveredBy ?? needed(b)}" covers them.`;
        const fix = b.replacement ? { title: `Replace ${scope} with ${b.replacement}`, safe: false, edits: [{ range, newText: b.replacement }] } : remove;
        ctx.report({ range, messageId: 'connectAbove', data: { scope, needed: needed(b), action }, fixes: [fix] });
      }
      return;
    }
    if (ctx.kind !== 'manifest') return;
    const found = manifestAssessment(ctx);
    if (!found) return;
    const { manifest, assessment } = found;
    for (const b of assessment.broad) {
      const fix = { title: fixTitle(b.item.value, b.replacement), safe: false, edits: [replaceItem(manifest, b.item, b.replacement)] };
      ctx.report({ range: b.item.range, messageId: b.kind, data: dataOf(b, 'declared'), fixes: [fix] });
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || !OAUTH_SCOPE_PREFILTER.test(ctx.text)) return {};
    const sf = ctx.sourceFile();
    const tokens: ScopeToken[] = [];
    const visit = (node: ts.Node): void => void tokens.push(...scopeTokens(node, sf));
    return {
      ...scopeStringVisitors(visit),
      // 3LO: judged against the calls of the workspace's non-Forge code; with none found, an admin
      // scope is still one nothing seen needs.
      onEnd: () => {
        const a = threeLoAssessment(ctx, tokens);
        if (!a) {
          for (const t of tokens) {
            if (isAdminScope(t.scope)) ctx.report({ range: t.range, messageId: 'admin', data: { scope: t.scope, what: kindOf(t.scope), where: 'requested' } });
          }
          return;
        }
        for (const b of a.broad) {
          const t = tokens.find((x) => x.range.start === b.item.range.start);
          if (!t) continue;
          const repl = b.replacement;
          const text = repl.map((r) => (t.encoded ? encodeURIComponent(r) : r)).join(t.sep);
          const edit = repl.length === 0 ? { range: t.item, newText: '' } : { range: t.range, newText: text };
          ctx.report({ range: t.range, messageId: b.kind, data: dataOf(b, 'requested'), fixes: [{ title: fixTitle(t.scope, repl), safe: false, edits: [edit] }] });
        }
      },
    };
  },
});
