import type { Located } from '../../manifest/model';
import { readManifest } from '../../manifest/model';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * Plain `http://` in egress permissions, remote base URLs or auth-provider URLs sends customer data
 * and tokens in clear. Forge's egress docs expect `https://`; the fix is safe (no behaviour change
 * for a host that serves TLS, which every host Forge may call must).
 */
export default defineRule({
  id: 'no-insecure-egress',
  kinds: ['manifest'],
  prefilter: /http:\/\//i,
  meta: {
    category: 'scopes',
    defaultSeverity: 'error',
    policy: 'OAuth scope management',
    description: 'Use https:// in external permissions, remotes and auth providers.',
    messages: {
      insecure: '{{where}} uses plain http:// ({{url}}).',
    },
    detail: `Data and tokens would travel unencrypted. ${SCOPE_POLICY} Fix: use https://.`,
    fixable: true,
  },
  check(ctx) {
    const m = readManifest(ctx.yaml(), ctx.text);
    const report = (l: Located, where: string): void => {
      const at = ctx.text.slice(l.range.start, l.range.end).search(/http:\/\//i);
      if (!/^http:\/\//i.test(l.value) || at < 0) return;
      const start = l.range.start + at;
      ctx.report({
        range: l.range,
        messageId: 'insecure',
        data: { where, url: l.value },
        fixes: [{ title: 'Use https://', safe: true, edits: [{ range: { start, end: start + 'http://'.length }, newText: 'https://' }] }],
      });
    };
    for (const e of m.egress) report(e, `permissions.external.${e.kind}`);
    for (const r of m.remotes) for (const u of r.baseUrls) report(u, `remote ${r.key?.value ?? ''}`.trim());
    for (const p of m.providers) for (const u of p.urls) report(u, `auth provider ${p.key?.value ?? ''}`.trim());
  },
});
