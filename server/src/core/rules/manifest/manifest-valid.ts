import { readManifest } from '../../manifest/model';
import { SCOPE_POLICY } from '../../policy-words';
import { defineRule } from '../../rule';

/**
 * A manifest Forge cannot read, or whose permissions, remotes, providers or resources are malformed,
 * cannot be checked for least privilege either: Forge's own validator (`forge lint`) rejects it at
 * deploy time, but only this rule shows it where it is while typing.
 */
export default defineRule({
  id: 'manifest-valid',
  kinds: ['manifest'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'error',
    policy: 'OAuth scope management',
    description: 'Keep manifest.yml valid YAML, with well-formed permissions, remotes, providers and resources.',
    messages: {
      syntax: 'manifest.yml is not valid YAML: {{problem}}.',
      structure: 'manifest.yml: {{problem}}.',
    },
    details: {
      syntax: `Forge cannot deploy it, and its scopes and egress cannot be checked. ${SCOPE_POLICY} Fix: correct the YAML syntax.`,
      structure: `Forge rejects this, and its scopes and egress cannot be checked. ${SCOPE_POLICY} Fix: correct the manifest's structure.`,
    },
    fixable: false,
  },
  check(ctx) {
    const m = readManifest(ctx.yaml(), ctx.text);
    for (const p of m.syntax) ctx.report({ range: p.range, messageId: 'syntax', data: { problem: p.message } });
    for (const p of m.structure) ctx.report({ range: p.range, messageId: 'structure', data: { problem: p.message } });
  },
});
