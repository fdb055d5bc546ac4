import { connectPurpose } from '../../analysis/connect-urls';
import { REDIRECT_KINDS, redirectHooks, type RedirectUri } from '../../analysis/redirects';
import { isLoopback, isPublicIp } from '../../knowledge/redirect-hosts';
import type { Fix } from '../../model';
import { REDIRECT_POLICY } from '../../policy-words';
import { defineRule, type RuleContext } from '../../rule';

/**
 * A redirect/callback URI over plain `http://` to a non-loopback host, or on a raw public IP address;
 * also an Atlassian Connect app's `baseUrl`, lifecycle, webhook or `localBaseUrl` URL, which receive
 * the install callback with each site's shared secret. Atlassian's policy, "Redirect URI security":
 * every redirect URI must resolve to a domain the partner owns and operates; an http redirect leaks the
 * authorization code to anyone on the path, and an IP address is no domain (it is reassigned when the
 * server goes).
 */

function httpsFix(uri: RedirectUri): Fix[] {
  const at = uri.httpAt;
  if (!at) return [];
  const newText = at.text.length === 5 ? `${at.text.slice(0, 4)}s:` : `${at.text.slice(0, 4)}s%3A`;
  return [{ title: 'Use https://', safe: true, edits: [{ range: { start: at.offset, end: at.offset + at.text.length }, newText }] }];
}

function check(ctx: RuleContext, uri: RedirectUri): void {
  const host = uri.host;
  if (!host || host.includes('{') || (uri.scheme !== 'http' && uri.scheme !== 'https')) return;
  const range = { start: uri.start, end: uri.end };
  // A guide's value is advice every deployer copies, not the registered URI itself: a warning.
  const doc = ctx.kind === 'markdown' || ctx.kind === 'text' ? { severity: 'warning' as const } : {};
  const connect = uri.connect ? { purpose: connectPurpose(uri) } : undefined;
  if (isPublicIp(host)) {
    ctx.report({ range, messageId: connect ? 'connectRawIp' : 'rawIp', data: { name: uri.name, uri: uri.display, host, ...connect }, ...doc });
    return;
  }
  if (uri.scheme !== 'http' || isLoopback(host)) return;
  ctx.report({ range, messageId: connect ? 'connectInsecure' : 'insecure', data: { name: uri.name, uri: uri.display, ...connect }, fixes: httpsFix(uri), ...doc });
}

export default defineRule({
  id: 'redirect-uri-insecure',
  kinds: REDIRECT_KINDS,
  prefilter: /^(?=[\s\S]*?(?:redirect|callback|baseUrl))(?=[\s\S]*?(?:http:|http%3A|\d+\.\d+\.\d+\.\d+))/i,
  meta: {
    category: 'redirect-uris',
    defaultSeverity: 'error',
    policy: 'Redirect URI security',
    description: 'Use https redirect URIs and Connect app URLs on a domain name, never plain http or a raw IP address.',
    messages: {
      insecure: 'Redirect URI {{uri}} ({{name}}) uses plain http://.',
      rawIp: 'Redirect URI ({{name}}) points at the raw IP address {{host}}.',
      connectInsecure: 'Connect {{name}} {{uri}} uses plain http://.',
      connectRawIp: 'Connect {{name}} is the raw IP address {{host}}.',
    },
    details: {
      insecure: `The URI is {{uri}}. The authorization code travels unencrypted to a non-loopback host. ${REDIRECT_POLICY} Fix: use https://.`,
      rawIp: `The URI is {{uri}}: a raw IP address is no domain you own and is reassigned when the server goes. ${REDIRECT_POLICY} Fix: use an https:// URI on your domain.`,
      connectInsecure: `The URL is {{uri}}. It {{purpose}}, unencrypted, to a non-loopback host. ${REDIRECT_POLICY} Fix: use https://.`,
      connectRawIp: `The URL is {{uri}}: an IP address is no domain you own, and it {{purpose}}. ${REDIRECT_POLICY} Fix: serve the app from your domain over https://.`,
    },
    fixable: true,
  },
  ...redirectHooks(check),
});
