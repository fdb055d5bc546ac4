import * as ts from 'typescript';
import { endpointData, endpointOf } from '../../analysis/atlassian-auth';
import { httpIndexFor, httpVisitors } from '../../analysis/http';
import { migrateRequest } from '../../migration';
import { API_TOKEN_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * Forge code that calls Jira or Confluence with a plain `fetch`/`api.fetch` instead of
 * `requestJira`/`requestConfluence`. Such a call needs a credential of its own (in practice an API
 * token, which the "Personal access tokens" policy forbids since 2026-01-01) and bypasses the scopes
 * the manifest declares and the user's consent. Forge docs: "Product fetch API" (`@forge/api`).
 */

/** SPEC rule 6's hosts: Atlassian Cloud sites and the API gateway. */
function productHost(host: string): boolean {
  const h = host.toLowerCase();
  return h.endsWith('.atlassian.net') || h === 'api.atlassian.com';
}

export default defineRule({
  id: 'no-direct-product-fetch',
  kinds: ['code'],
  prefilter: /^(?=[\s\S]*?fetch)(?=[\s\S]*?(?:atlassian|\/rest\/|\/wiki\/))/,
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'In Forge code, call Atlassian products with requestJira/requestConfluence, not fetch.',
    messages: {
      directFetch: 'Forge code calls {{call}} with {{client}} instead of {{replacement}}.',
    },
    detail: `The call ({{endpoint}}) bypasses requestJira/requestConfluence and the scopes declared in manifest.yml, and needs a credential of its own. ${API_TOKEN_POLICY} Fix: use api.asUser().{{replacement}}(route\`{{path}}\`) (or asApp()) from @forge/api.{{fixNote}}`,
    fixable: true,
  },
  create(ctx) {
    // Only Forge code; test files mock product calls and are not shipped.
    if (!ctx.facts.forge || ctx.facts.test) return {};
    const { index, feed } = httpIndexFor(ctx.sourceFile());
    return {
      ...httpVisitors(index, feed),
      onEnd: () => {
        const requests = index.requests();
        for (const req of requests) {
          if (req.client !== 'fetch' && req.client !== 'forge-fetch') continue;
          const e = endpointOf(req.url, req.method);
          const direct = e.host ? productHost(e.host) : e.atlassianHost || (!e.otherHost && e.restPath);
          if (!direct) continue;
          const path = e.path ?? '/rest/api/3/…';
          const confluence = /^\/wiki\//.test(path) || /\/ex\/confluence\//.test(path);
          const node = req.node;
          const migration = migrateRequest(ctx, req, requests, e);
          ctx.report({
            range: { start: node.getStart(), end: (node.arguments[0] ?? node).getEnd() },
            messageId: 'directFetch',
            data: {
              endpoint: e.display,
              call: e.method && e.path ? `${e.method} ${e.path}` : e.display,
              client: req.client === 'forge-fetch' ? 'the @forge/api fetch' : 'fetch',
              replacement: confluence ? 'requestConfluence' : 'requestJira',
              fixNote: migration.fixNote,
              path: path.replace(/^.*?\/ex\/(?:jira|confluence)\/\{[^}]*\}/, '').replace(/\{(\w+)\}/g, '${$1}'),
            },
            endpoint: endpointData(e, 'forge-fetch'),
            fixes: migration.fixes,
          });
        }
      },
    };
  },
});
