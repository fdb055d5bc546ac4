import * as ts from 'typescript';
import { OAUTH_SCOPE_PREFILTER, scopeTokens, type ScopeToken, scopeStringVisitors } from '../../analysis/oauth-scopes';
import { removeItem } from '../../manifest/edits';
import { connectAssessment, manifestAssessment, removeJsonItem, threeLoAssessment } from '../../project/context';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * "Avoid broad or unused scopes" (policy, OAuth scope management). A scope is unused when no API
 * call of the app's code (endpoint → scope table from Atlassian's OpenAPI specs), no Forge API that
 * calls a product for the app, no storage use, no trigger and no module needs it. Sound, never
 * guessing: a call whose route is decided at run time uses every scope an operation it can match
 * needs, so a scope it might need is never called unused.
 */
/**
 * The unused scopes this rule reports: an admin scope nothing needs is no-broad-scope's finding
 * ("Administration scope … no call or module needs it"), said once rather than twice at the same spot.
 */
function sayOnce<T extends { readonly value: string }>(a: { readonly unused: readonly T[]; readonly broad: readonly { readonly kind: string; readonly item: { readonly value: string } }[] }): T[] {
  const admin = new Set(a.broad.filter((b) => b.kind === 'admin').map((b) => b.item.value));
  return a.unused.filter((i) => !admin.has(i.value));
}

export default defineRule({
  id: 'no-unused-scope',
  kinds: ['manifest', 'code', 'json'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'warning',
    policy: 'OAuth scope management',
    description: 'Remove scopes that no API call, storage use, trigger or module of the app needs.',
    messages: {
      unused: 'Scope "{{scope}}" is not used by any call.',
      unusedConnect: 'Connect scope "{{scope}}" is not needed by any call or module.',
      unused3lo: 'OAuth 2.0 (3LO) scope "{{scope}}" is not needed by any call.',
    },
    details: {
      unused: `No API call, storage use, trigger or module of this app needs it. ${SCOPE_POLICY} Fix: remove it (tell existing customers before a scope change).`,
      unusedConnect: `No call or module of this Connect app needs a scope. ${SCOPE_POLICY} Fix: remove it.`,
      unused3lo: `It is requested in the OAuth 2.0 (3LO) consent, but no Atlassian API call of this workspace's non-Forge code needs it. ${SCOPE_POLICY} Fix: remove it.`,
    },
    fixable: true,
  },
  check(ctx) {
    if (ctx.kind === 'json') {
      const connect = connectAssessment(ctx);
      for (const item of connect?.assessment.unused ?? []) {
        const edit = removeJsonItem(connect?.descriptor.scopes ?? [], item);
        ctx.report({
          range: { start: item.start, end: item.end },
          messageId: 'unusedConnect',
          data: { scope: item.value },
          fixes: [{ title: `Remove unused scope ${item.value}`, safe: true, edits: [edit] }],
        });
      }
      return;
    }
    if (ctx.kind !== 'manifest') return;
    const found = manifestAssessment(ctx);
    if (!found) return;
    for (const item of sayOnce(found.assessment)) {
      ctx.report({
        range: item.range,
        messageId: 'unused',
        data: { scope: item.value },
        fixes: [{ title: `Remove unused scope ${item.value}`, safe: true, edits: [removeItem(item)] }],
      });
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || ctx.facts.forge || !OAUTH_SCOPE_PREFILTER.test(ctx.text) || !ctx.project?.outsideApps) return {};
    const sf = ctx.sourceFile();
    const tokens: ScopeToken[] = [];
    const visit = (node: ts.Node): void => void tokens.push(...scopeTokens(node, sf));
    return {
      ...scopeStringVisitors(visit),
      onEnd: () => {
        const a = threeLoAssessment(ctx, tokens);
        for (const item of a ? sayOnce(a) : []) {
          ctx.report({
            range: item.range,
            messageId: 'unused3lo',
            data: { scope: item.value },
            fixes: [{ title: `Remove unused scope ${item.value}`, safe: true, edits: [{ range: item.item, newText: '' }] }],
          });
        }
      },
    };
  },
});
