import * as ts from 'typescript';
import { OAUTH_SCOPE_PREFILTER, scopeTokens, type ScopeToken, scopeStringVisitors } from '../../analysis/oauth-scopes';
import { isAdminScope } from '../../knowledge/scopes';
import { replaceItem } from '../../manifest/edits';
import type { Fix } from '../../model';
import { listText, manifestAssessment, threeLoAssessment } from '../../project/context';
import { defineRule } from '../../rule';

/**
 * "Request only the minimum scopes required" (policy, OAuth scope management): admin/manage scopes,
 * classic scopes where narrower granular ones cover every call found, and `write:` where the code
 * only reads. The replacement is computed from the calls, so the fixed manifest still allows them.
 */
export default defineRule({
  id: 'no-broad-scope',
  kinds: ['manifest', 'code'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'warning',
    policy: 'OAuth scope management',
    description: 'Replace admin, classic and write scopes with the narrowest scopes the code needs.',
    messages: {
      admin: '"{{scope}}" is an administration scope: it lets the app change the whole site\'s configuration. Request it only if administering the product is the app\'s core function{{advice}}.',
      classic: '"{{scope}}" is a classic scope that grants more than the app\'s calls use; the granular scopes {{replacement}} cover them. Replace it.',
      writeForRead: '"{{scope}}" grants write access but the app only reads with it. Use "{{replacement}}".',
    },
    fixable: true,
  },
  check(ctx) {
    if (ctx.kind !== 'manifest') return;
    const found = manifestAssessment(ctx);
    if (!found) return;
    const { manifest, assessment } = found;
    for (const b of assessment.broad) {
      const scope = b.item.value;
      const repl = b.replacement;
      const fixes: Fix[] = [];
      if (repl) {
        const title = repl.length === 0 ? `Remove ${scope} (the scopes already declared cover the calls)` : `Replace ${scope} with ${listText(repl)}`;
        fixes.push({ title, safe: false, edits: [replaceItem(manifest, b.item, repl)] });
      }
      const replacement = repl && repl.length > 0 ? repl.join(', ') : 'already declared';
      const advice = repl ? (repl.length > 0 ? `; the calls found need only ${listText(repl, 6)}` : '; the scopes already declared cover the calls found') : '';
      ctx.report({ range: b.item.range, messageId: b.kind, data: { scope, replacement, advice }, fixes });
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || !OAUTH_SCOPE_PREFILTER.test(ctx.text)) return {};
    const sf = ctx.sourceFile();
    const tokens: ScopeToken[] = [];
    const visit = (node: ts.Node): void => {
      for (const t of scopeTokens(node, sf)) {
        tokens.push(t);
        if (isAdminScope(t.scope)) ctx.report({ range: t.range, messageId: 'admin', data: { scope: t.scope, advice: '' } });
      }
    };
    return {
      ...scopeStringVisitors(visit),
      // 3LO: classic and write scopes judged against the calls of the workspace's non-Forge code.
      onEnd: () => {
        const a = threeLoAssessment(ctx, tokens);
        for (const b of a?.broad ?? []) {
          if (b.kind === 'admin' || !b.replacement) continue;
          const t = tokens.find((x) => x.range.start === b.item.range.start);
          if (!t) continue;
          const repl = b.replacement;
          const text = repl.map((r) => (t.encoded ? encodeURIComponent(r) : r)).join(t.sep);
          const edit = repl.length === 0 ? { range: t.item, newText: '' } : { range: t.range, newText: text };
          ctx.report({
            range: t.range,
            messageId: b.kind,
            data: { scope: t.scope, replacement: repl.length > 0 ? repl.join(', ') : 'already requested', advice: '' },
            fixes: [{ title: repl.length === 0 ? `Remove ${t.scope}` : `Replace ${t.scope} with ${listText(repl)}`, safe: false, edits: [edit] }],
          });
        }
      },
    };
  },
});
