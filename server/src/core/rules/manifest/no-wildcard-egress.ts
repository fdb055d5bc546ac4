import { dirname } from '../../facts';
import { replaceItem } from '../../manifest/edits';
import { readManifest } from '../../manifest/model';
import type { Fix } from '../../model';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * `*` or `*.domain` in `permissions.external` lets the app send data to hosts nobody reviewed,
 * against the least-privilege principle of the "OAuth scope management" clause (and Forge's egress
 * docs, which ask for the exact hosts). The fix lists the hosts the app's code actually fetches.
 * Images and fonts from Atlassian's own domains (avatars, issue-type icons on the customer's site)
 * send no customer data anywhere new, so `*.atlassian.net` and `*.atlassian.com` there are left alone.
 */

const ATLASSIAN_DOMAINS = ['atlassian.net', 'atlassian.com'];
const DISPLAY_ONLY = new Set(['images', 'fonts']);

/** `*.atlassian.net`, `https://*.atlassian.com/*`: a wildcard over an Atlassian domain only. */
function atlassianWildcard(entry: string): boolean {
  const host = entry.replace(/^[a-z]+:\/\//i, '').replace(/[/?#].*$/, '').replace(/:\d+$/, '').toLowerCase();
  return ATLASSIAN_DOMAINS.some((d) => host === `*.${d}`);
}

function matches(pattern: string, host: string): boolean {
  const p = pattern.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (p === '*') return true;
  if (!p.startsWith('*.')) return false;
  return host.endsWith(p.slice(1));
}

export default defineRule({
  id: 'no-wildcard-egress',
  kinds: ['manifest'],
  prefilter: /\*/,
  meta: {
    category: 'scopes',
    defaultSeverity: 'warning',
    policy: 'OAuth scope management',
    description: 'Declare the exact hosts the app calls instead of * or *.domain egress entries.',
    messages: {
      wildcard: 'permissions.external.{{kind}} allows the wildcard "{{entry}}".',
    },
    detail: `Any host it matches may receive customer data. ${SCOPE_POLICY} Fix: declare the exact hosts the code fetches{{hosts}}.`,
    fixable: true,
  },
  check(ctx) {
    const m = readManifest(ctx.yaml(), ctx.text);
    const usage = ctx.project?.usage(dirname(ctx.path));
    const dynamic = usage?.some((u) => u.usage.dynamicFetch) ?? true;
    const fetched = [...new Set((usage ?? []).flatMap((u) => u.usage.fetchHosts))].sort();
    for (const e of m.egress) {
      const host = e.value.replace(/^[a-z]+:\/\//i, '');
      if (!(host === '*' || host.startsWith('*.') || host.startsWith('*'))) continue;
      if (DISPLAY_ONLY.has(e.kind) && atlassianWildcard(e.value)) continue;
      const hosts = fetched.filter((h) => matches(e.value, h));
      const scheme = /^([a-z]+:\/\/)/i.exec(e.value)?.[1] ?? '';
      const fixes: Fix[] =
        !dynamic && hosts.length > 0
          ? [{ title: hosts.length === 1 ? `Narrow to ${hosts.join('')}` : `Narrow to the ${hosts.length} hosts the code fetches`, detail: hosts.join(', '), safe: false, edits: [replaceItem(m, e, hosts.map((h) => `${scheme}${h}`))] }]
          : [];
      ctx.report({
        range: e.range,
        messageId: 'wildcard',
        data: { kind: e.kind, entry: e.value, hosts: hosts.length > 0 ? ` (${hosts.join(', ')})` : '' },
        fixes,
      });
    }
  },
});
