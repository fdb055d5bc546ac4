import { mayBeConnectFile, parseAceConfig, parseConnectDescriptor, type ConnectUrl } from './connect-descriptor';
import { makeRedirectUri, parseUri, type RedirectUri } from './redirect-uri';

/**
 * The URLs of an Atlassian Connect app that receive what Atlassian sends (SPEC §3 rule 12, "Real
 * code"): the descriptor's `baseUrl` (install callback with each site's shared secret, JWT-signed iframe
 * and webhook requests), absolute lifecycle and webhook URLs, `links.self` (where the descriptor is
 * served from), and each atlassian-connect-express environment's `localBaseUrl` (what the descriptor's
 * `{{localBaseUrl}}` becomes). Vendor pages (`vendor.url`, `links.homepage`, `links.documentation`)
 * receive nothing and are left alone; relative and templated URLs are judged through their base.
 */

const ABSOLUTE = /^\s*[a-z][\w+.-]*:\/\//i;

function toUri(text: string, u: ConnectUrl): RedirectUri {
  // The range is the JSON string's inner text: the https fix needs it to start with a literal `http:`.
  const raw = text.slice(u.start, u.start + 5);
  const httpAt = /^http:$/i.test(raw) ? { offset: u.start, text: raw } : undefined;
  return makeRedirectUri(u.name, u.value, u.start, u.end, undefined, httpAt, u.role);
}

/** Connect URLs in a JSON file (descriptor or ACE `config.json`), or none when it is neither. */
export function connectRedirects(path: string, text: string): RedirectUri[] {
  if (!mayBeConnectFile(path, text)) return [];
  const descriptor = parseConnectDescriptor(text);
  if (descriptor) {
    const base = descriptor.baseUrl && ABSOLUTE.test(descriptor.baseUrl.value) ? parseUri(descriptor.baseUrl.value) : undefined;
    const out: RedirectUri[] = [];
    for (const u of descriptor.urls) {
      if (!ABSOLUTE.test(u.value) || (u.role === 'link' && u.name !== 'links.self')) continue;
      if (u.role !== 'baseUrl' && base) {
        // A URL on the base's own origin is judged once, at the baseUrl.
        const p = parseUri(u.value);
        if (p.scheme === base.scheme && p.host === base.host) continue;
      }
      out.push(toUri(text, u));
    }
    return out;
  }
  const out: RedirectUri[] = [];
  for (const env of parseAceConfig(text) ?? []) {
    const u = env.localBaseUrl;
    if (u && ABSOLUTE.test(u.value)) out.push(toUri(text, u));
  }
  return out;
}

/** What a Connect URL receives, for a message: "it receives …". */
export function connectPurpose(uri: RedirectUri): string {
  switch (uri.connect) {
    case 'webhook':
      return "receives the site's webhook events";
    case 'link':
      return 'serves the descriptor Atlassian installs the app from';
    case 'lifecycle':
      return uri.name === 'lifecycle.installed' ? "receives each site's install callback and shared secret" : `receives the ${uri.name.slice(uri.name.indexOf('.') + 1)} callback`;
    case 'localBaseUrl':
      return "becomes the descriptor's baseUrl, which receives each site's install callback and shared secret";
    default:
      return "receives each site's install callback and shared secret";
  }
}
