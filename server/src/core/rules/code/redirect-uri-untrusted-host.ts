import { connectPurpose } from '../../analysis/connect-urls';
import { REDIRECT_KINDS, redirectHooks, type RedirectUri } from '../../analysis/redirects';
import { isLoopback, isOwned, isPublicIp, sharedHostSuffix } from '../../knowledge/redirect-hosts';
import { REDIRECT_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * A redirect URI on shared or throwaway hosting (anyone can claim a `*.github.io` or `*.vercel.app`
 * name once it lapses), built from a preview-deployment variable, or outside the domains the partner
 * owns (`ownedDomains`); also an Atlassian Connect app's `baseUrl`, lifecycle, webhook or
 * `localBaseUrl` on such a host, which receives the install callback with each site's shared secret.
 * Atlassian's policy, "Redirect URI security": "Each should resolve to a domain your organization
 * actively owns and operates […] subdomain takeover of a registered redirect URI constitutes a
 * critical security vulnerability."
 */

function check(ctx: RuleContext, uri: RedirectUri): void {
  const owned = ctx.config.ownedDomains;
  const range = { start: uri.start, end: uri.end };
  if (uri.previewVar) {
    ctx.report({ range, messageId: 'preview', data: { name: uri.name, variable: uri.previewVar } });
    return;
  }
  const host = uri.host;
  if (!host || (host.includes('{') && !sharedHostSuffix(host)) || (uri.scheme !== 'http' && uri.scheme !== 'https') || isLoopback(host) || isPublicIp(host)) return;
  const outside = owned.length > 0 && !isOwned(host, owned);
  const suffix = sharedHostSuffix(host);
  const connect = uri.connect ? { purpose: connectPurpose(uri) } : undefined;
  if (suffix) {
    ctx.report({
      range,
      messageId: connect ? 'connectSharedHost' : 'sharedHost',
      data: { name: uri.name, uri: uri.display, suffix, ...connect },
      ...(outside ? { severity: 'error' as const } : {}),
    });
  } else if (outside && !host.includes('{')) {
    ctx.report({ range, messageId: connect ? 'connectNotOwned' : 'notOwned', data: { name: uri.name, uri: uri.display, owned: owned.join(', '), ...connect }, severity: 'error' });
  }
}

export default defineRule({
  id: 'redirect-uri-untrusted-host',
  kinds: REDIRECT_KINDS,
  prefilter: /redirect|callback|baseUrl/i,
  meta: {
    category: 'redirect-uris',
    defaultSeverity: 'warning',
    policy: 'Redirect URI security',
    description: 'Keep redirect URIs and Connect app URLs on domains you own, not on shared, tunnel or preview hosting.',
    messages: {
      sharedHost: 'Redirect URI on shared hosting ({{suffix}}): {{uri}}.',
      preview: 'Redirect URI ({{name}}) built from the preview host {{variable}}.',
      notOwned: 'Redirect URI {{uri}} ({{name}}) is outside the domains you own.',
      connectSharedHost: 'Connect {{name}} {{uri}} is on shared hosting ({{suffix}}).',
      connectNotOwned: 'Connect {{name}} {{uri}} is outside the domains you own.',
    },
    details: {
      sharedHost: `The URI is {{uri}} ({{name}}). Anyone can claim a name on {{suffix}} once yours lapses, and a takeover receives your users' authorization codes. ${REDIRECT_POLICY} Fix: move it to your domain and remove this one from the developer console.`,
      preview: `{{variable}} is a per-deployment preview host that is thrown away and can be claimed by others. ${REDIRECT_POLICY} Fix: use your production domain.`,
      notOwned: `The URI is {{uri}}. The domains you own: {{owned}}. ${REDIRECT_POLICY} Fix: move it, or add the domain to ownedDomains if you own it.`,
      connectSharedHost: `The URL is {{uri}}. Anyone can claim the name once it lapses, and it {{purpose}}. ${REDIRECT_POLICY} Fix: move the app to your domain.`,
      connectNotOwned: `The URL is {{uri}}. The domains you own: {{owned}}; it {{purpose}}. ${REDIRECT_POLICY} Fix: move it, or add the domain to ownedDomains if you own it.`,
    },
    fixable: false,
  },
  ...redirectHooks(check),
});
