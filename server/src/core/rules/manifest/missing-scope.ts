import { addScopes } from '../../manifest/edits';
import { allows, needsOfCall, scopesToAdd } from '../../project/assess';
import { listText, manifestAssessment } from '../../project/context';
import { hasUsage, usageOfSourceFile } from '../../project';
import { USAGE_PREFILTER, collectionDone, usageVisitors } from '../../project/usage';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * A call the manifest's scopes do not allow fails at run time (401/403), and a partner who adds
 * scopes by trial and error tends to add broad ones. Reported on the manifest (one finding per
 * missing scope, with the calls that need it) and at each call in the code, both with a fix that
 * adds exactly the scopes needed, in the manifest's style (classic or granular).
 */
export default defineRule({
  id: 'missing-scope',
  kinds: ['manifest', 'code'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'error',
    policy: 'OAuth scope management',
    description: 'Declare every scope the app\'s API calls need.',
    messages: {
      missing: 'Missing scope "{{scope}}", needed by {{calls}}.',
      missingAtCall: '{{call}} needs {{scopes}}, which the manifest does not declare.',
    },
    details: {
      missing: `Needed by {{calls}}; those calls will fail without it. ${SCOPE_POLICY} Fix: add it to permissions.scopes in manifest.yml.`,
      missingAtCall: `{{call}} needs {{scopes}}, which {{manifest}} does not declare: the call will fail. ${SCOPE_POLICY} Fix: add {{them}} to permissions.scopes.`,
    },
    fixable: true,
  },
  check(ctx) {
    if (ctx.kind !== 'manifest') return;
    const found = manifestAssessment(ctx);
    if (!found) return;
    const { manifest, assessment } = found;
    const at = manifest.scopes?.key ?? manifest.permissions ?? manifest.app ?? { start: 0, end: 0 };
    for (const miss of assessment.missing) {
      const calls = [...new Set(miss.needs.map((n) => (n.file ? `${n.what} (${n.file})` : n.what)))];
      ctx.report({
        range: at,
        messageId: 'missing',
        data: { scope: miss.scope, calls: listText(calls, 2) },
        fixes: [{ title: `Add ${miss.scope} to permissions.scopes`, safe: false, edits: [addScopes(manifest, [miss.scope])] }],
      });
    }
  },
  create(ctx) {
    // Only code that can make product calls is parsed for this rule.
    if (ctx.kind !== 'code' || ctx.facts.test || !USAGE_PREFILTER.test(ctx.text)) return {};
    const app = ctx.project?.appOf(ctx.path);
    if (!app || app.manifest.syntax.length > 0) return {};
    const sf = ctx.sourceFile();
    const check = (): void => {
      const usage = usageOfSourceFile(sf);
      const manifest = app.manifest;
      const declared = new Set((manifest.scopes?.items ?? []).map((s) => s.value));
      for (const call of usage.calls) {
        const { needs } = needsOfCall(call, ctx.path);
        const add = new Set<string>();
        for (const n of needs) if (!n.ambiguous && !allows(declared, n)) for (const s of scopesToAdd(declared, n)) add.add(s);
        if (add.size === 0) continue;
        const scopes = [...add].sort();
        ctx.report({
          range: call.range,
          messageId: 'missingAtCall',
          data: {
            call: `${call.method ?? 'Any method of'} ${call.path ?? ''}`.trim(),
            scopes: listText(scopes.map((s) => `"${s}"`), 4),
            manifest: app.manifestPath,
            them: scopes.length === 1 ? 'it' : 'them',
          },
          fixes: [{ title: scopes.length === 1 ? `Add ${listText(scopes)} to the manifest` : `Add ${scopes.length} scopes to the manifest`, detail: `Adds ${scopes.join(', ')} to ${app.manifestPath}.`, safe: false, edits: [addScopes(manifest, scopes, app.manifestPath)] }],
        });
      }
    };
    // A tree whose usage is known (a manifest edit re-checks unchanged code) needs no walk at all.
    if (hasUsage(sf)) {
      check();
      return {};
    }
    return {
      ...usageVisitors(sf),
      onEnd: () => {
        collectionDone(sf);
        check();
      },
    };
  },
});
