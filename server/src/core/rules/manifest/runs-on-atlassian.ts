import { dirname } from '../../facts';
import { readManifest } from '../../manifest/model';
import { defineRule } from '../../rule';

/**
 * Runs on Atlassian: apps that send no data outside Atlassian (no remotes, no external egress) and
 * authenticate only through Forge. This note says why an app is not eligible, on the `app:` key, so
 * the partner sees the trade-off of each remote or egress entry. Information only.
 */
export default defineRule({
  id: 'runs-on-atlassian',
  kinds: ['manifest'],
  meta: {
    category: 'scopes',
    defaultSeverity: 'info',
    policy: 'OAuth scope management',
    description: 'Shows why the app is not eligible for the Runs on Atlassian badge.',
    messages: {
      notEligible: 'Not eligible for Runs on Atlassian: {{reasons}}.',
    },
    detail: `Reasons: {{reasons}}. Policy "OAuth scope management": an app that sends no data outside Atlassian and authenticates only through Forge qualifies for the Runs on Atlassian badge. Information only: remove these to qualify, if you want the badge.`,
    fixable: false,
  },
  check(ctx) {
    const m = readManifest(ctx.yaml(), ctx.text);
    if (!m.app) return;
    const reasons: string[] = [];
    if (m.remotes.length > 0) reasons.push(`remotes (${m.remotes.map((r) => r.key?.value ?? '?').join(', ')})`);
    const egress = [...new Set(m.egress.map((e) => e.kind))];
    if (egress.length > 0) reasons.push(`external egress in permissions.external (${egress.join(', ')})`);
    const tokenFiles = (ctx.project?.usage(dirname(ctx.path)) ?? []).filter((u) => u.usage.apiToken).map((u) => u.path);
    if (tokenFiles.length > 0) reasons.push(`API-token use in ${tokenFiles.slice(0, 3).join(', ')}${tokenFiles.length > 3 ? ` and ${tokenFiles.length - 3} more` : ''}`);
    if (reasons.length > 0) ctx.report({ range: m.app, messageId: 'notEligible', data: { reasons: reasons.join('; ') } });
  },
});
