import * as ts from 'typescript';
import { OAUTH_SCOPE_PREFILTER, scopeTokens, scopeStringVisitors } from '../../analysis/oauth-scopes';
import { didYouMean, isKnownScope } from '../../knowledge/scopes';
import { readManifest, type Located } from '../../manifest/model';
import type { Fix, Range } from '../../model';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * A scope Atlassian does not define is a typo or a leftover: Forge refuses to deploy it, and a 3LO
 * consent screen fails with it. Known scopes come from `@forge/manifest`'s scope lists (generated
 * into knowledge/scopes.json), plus the REST specs' scopes and `offline_access` for 3LO.
 */

/** `read` of `read:jira-work`, `write` of `write:confluence-props`; the whole name when it has no action. */
function actionOf(scope: string): string {
  const s = scope.trim().toLowerCase();
  const colon = s.indexOf(':');
  return colon < 0 ? s : s.slice(0, colon);
}

/**
 * A correction is safe (part of fix-all) only when it keeps the action the author wrote: `read:jira-wrok`
 * → `read:jira-work`. One that changes it (`read:…` → `write:…`, `write:…` → `manage:…`) would grant
 * more than the code asked for: offered, never applied unattended.
 */
export function safeCorrection(scope: string, suggestion: string): boolean {
  return actionOf(scope) === actionOf(suggestion);
}

/**
 * Suggestions computed per file: a file with more unknown scopes than this (generated or hostile) still
 * gets every finding, the rest without a did-you-mean, so its analysis stays bounded.
 */
const MAX_SUGGESTIONS = 500;
const suggested = new WeakMap<RuleContext, { n: number }>();

function report(ctx: RuleContext, scope: string, range: Range, where: 'forge' | '3lo', encoded = false): void {
  if (isKnownScope(scope, where)) return;
  let count = suggested.get(ctx);
  if (!count) suggested.set(ctx, (count = { n: 0 }));
  const suggestion = count.n++ < MAX_SUGGESTIONS ? didYouMean(scope, where) : undefined;
  const safe = suggestion !== undefined && safeCorrection(scope, suggestion);
  const title = suggestion && !safe ? `Replace with ${suggestion} (grants ${actionOf(suggestion)}, not ${actionOf(scope)})` : `Replace with ${suggestion}`;
  const fixes: Fix[] = suggestion ? [{ title, safe, edits: [{ range, newText: encoded ? encodeURIComponent(suggestion) : suggestion }] }] : [];
  ctx.report({
    range,
    messageId: suggestion ? 'unknownSuggest' : 'unknown',
    data: { scope, where: where === 'forge' ? 'Forge' : 'Atlassian OAuth 2.0 (3LO)', ...(suggestion ? { suggestion } : {}) },
    fixes,
  });
}

/** Providers' scopes are Atlassian's only when the provider is Atlassian's own OAuth server. */
function atlassianProvider(urls: readonly Located[]): boolean {
  return urls.some((u) => /(?:^|\/\/)(?:auth|api)\.atlassian\.com\b/i.test(u.value));
}

export default defineRule({
  id: 'no-unknown-scope',
  kinds: ['manifest', 'code'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'error',
    policy: 'OAuth scope management',
    description: 'Declare only scopes Atlassian defines.',
    messages: {
      unknown: 'Scope "{{scope}}" is not a {{where}} scope.',
      unknownSuggest: 'Scope "{{scope}}" is unknown; did you mean "{{suggestion}}"?',
    },
    details: {
      unknown: `{{where}} defines no scope "{{scope}}": it cannot be granted. ${SCOPE_POLICY} Fix: remove it or use the scope the API docs name.`,
      unknownSuggest: `"{{scope}}" is not a scope {{where}} defines: it cannot be granted. ${SCOPE_POLICY} Fix: replace it with "{{suggestion}}".`,
    },
    fixable: true,
  },
  check(ctx) {
    if (ctx.kind !== 'manifest') return;
    const m = readManifest(ctx.yaml(), ctx.text);
    for (const s of m.scopes?.items ?? []) report(ctx, s.value, s.range, 'forge');
    for (const p of m.providers) {
      if (!p.scopes || !atlassianProvider(p.urls)) continue;
      for (const s of p.scopes.items) report(ctx, s.value, s.range, '3lo');
    }
  },
  create(ctx) {
    if (ctx.kind !== 'code' || !OAUTH_SCOPE_PREFILTER.test(ctx.text)) return {};
    const sf = ctx.sourceFile();
    const visit = (node: ts.Node): void => {
      for (const t of scopeTokens(node, sf)) report(ctx, t.scope, t.range, '3lo', t.encoded);
    };
    return {
      ...scopeStringVisitors(visit),
    };
  },
});
