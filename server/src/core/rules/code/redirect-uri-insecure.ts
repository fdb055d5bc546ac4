import { redirectHooks, type RedirectUri } from '../../analysis/redirects';
import { isLoopback, isPublicIp } from '../../knowledge/redirect-hosts';
import type { Fix } from '../../model';
import { defineRule, type RuleContext } from '../../rule';

/**
 * A redirect/callback URI over plain `http://` to a non-loopback host, or on a raw public IP address.
 * Atlassian's policy, "Redirect URI security": every redirect URI must resolve to a domain the partner
 * owns and operates; an http redirect leaks the authorization code to anyone on the path, and an IP
 * address is no domain (it is reassigned when the server goes).
 */

function check(ctx: RuleContext, uri: RedirectUri): void {
  const host = uri.host;
  if (!host || host.includes('{') || (uri.scheme !== 'http' && uri.scheme !== 'https')) return;
  const range = { start: uri.start, end: uri.end };
  if (isPublicIp(host)) {
    ctx.report({ range, messageId: 'rawIp', data: { name: uri.name, uri: uri.display, host } });
    return;
  }
  if (uri.scheme !== 'http' || isLoopback(host)) return;
  const at = uri.httpAt;
  const fixes: Fix[] = at
    ? [{ title: 'Use https://', safe: true, edits: [{ range: { start: at.offset, end: at.offset + at.text.length }, newText: at.text.length === 5 ? `${at.text.slice(0, 4)}s:` : `${at.text.slice(0, 4)}s%3A` }] }]
    : [];
  ctx.report({ range, messageId: 'insecure', data: { name: uri.name, uri: uri.display }, fixes });
}

export default defineRule({
  id: 'redirect-uri-insecure',
  kinds: ['code', 'env', 'json', 'yaml'],
  prefilter: /^(?=[\s\S]*?(?:redirect|callback))(?=[\s\S]*?(?:http:|http%3A|\d+\.\d+\.\d+\.\d+))/i,
  meta: {
    category: 'redirect-uris',
    defaultSeverity: 'error',
    policy: 'Redirect URI security',
    description: 'Use https redirect URIs on a domain name, never plain http or a raw IP address.',
    messages: {
      insecure:
        'The redirect URI {{uri}} ({{name}}) uses plain http://: the authorization code travels unencrypted to a non-loopback host. The policy "Redirect URI security" requires redirect URIs on domains you own and operate: use https://.',
      rawIp:
        'The redirect URI {{uri}} ({{name}}) points at the raw IP address {{host}}, which is no domain you own and is reassigned when the server goes. The policy "Redirect URI security" requires redirect URIs on domains you own and operate: use an https:// URI on your domain.',
    },
    fixable: true,
  },
  ...redirectHooks(check),
});
