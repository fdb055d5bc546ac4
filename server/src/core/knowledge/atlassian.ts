/**
 * What makes a host, a path, a name or a value Atlassian's. Shared by the API-token rules.
 * Sources: Atlassian Cloud REST docs (site hosts `*.atlassian.net`, `api.atlassian.com/ex/...`),
 * the API-token docs (tokens start `ATATT3`, org admin keys `ATCTT3`, Bitbucket app passwords `ATBB`).
 */

/** Hosts of Atlassian Cloud products and APIs. */
export function isAtlassianHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  return (
    h.endsWith('.atlassian.net') ||
    h.endsWith('.jira.com') ||
    h === 'api.atlassian.com' ||
    h === 'api.bitbucket.org' ||
    h.endsWith('.jira-dev.com') ||
    (h.endsWith('.atlassian.com') && h !== 'id.atlassian.com' && h !== 'auth.atlassian.com')
  );
}

/** Placeholder hosts used in docs and tests (`your-domain.atlassian.net`, `test.atlassian.net`). */
export function isPlaceholderHost(host: string): boolean {
  return /^(?:your|my|example|test|dummy|fake|mock|sample|acme-test|xxx|<[^>]*>|\{[^}]*\})[-\w]*\.atlassian\.net$/i.test(host) ||
    /^(?:your-?(?:domain|site|instance|company)|example|test|foo)\./i.test(host);
}

/** REST path prefixes of Jira, Confluence, Jira Software and JSM (and the `/ex/` gateway). */
export const ATLASSIAN_REST_PATH =
  /\/rest\/api\/(?:2|3|latest)\/|\/wiki\/rest\/api\/|\/wiki\/api\/v2\/|\/rest\/agile\/|\/rest\/servicedeskapi\/|\/ex\/(?:jira|confluence)\/|\/rest\/devinfo\/|\/rest\/deployments\/|\/rest\/builds\//;

export function hasAtlassianRestPath(url: string): boolean {
  return ATLASSIAN_REST_PATH.test(url);
}

/** A name that says Atlassian/Jira/Confluence/Bitbucket. */
export const ATLASSIAN_WORD = /atlassian|jira|confluence|bitbucket|atl(?=[_A-Z-]|$)|jsm(?=[_A-Z-]|$)/i;

/** A name that says API token / PAT / app password (not an OAuth access token). */
export const TOKEN_WORD = /api[_-]?token|apitoken|api[_-]?key|apikey|personal[_-]?access[_-]?token|\bpat\b|_pat$|^pat_|app[_-]?password|password|passwd|\btoken\b|[_-]token$|Token$|^token/i;

/** OAuth access/refresh tokens are the compliant way: never an API-token finding by name alone. */
export const OAUTH_TOKEN_WORD = /access[_-]?token|accesstoken|refresh[_-]?token|bearer[_-]?token|oauth|id[_-]?token|jwt|session/i;

/** Names like `JIRA_API_TOKEN`, `atlassianToken`, `confluencePat`. */
export function isAtlassianTokenName(name: string): boolean {
  return ATLASSIAN_WORD.test(name) && TOKEN_WORD.test(name) && !OAUTH_TOKEN_WORD.test(name);
}

/** Atlassian API token and org admin key prefixes, and Bitbucket app passwords. */
export const TOKEN_VALUE = /\b(?:ATATT3|ATCTT3)[A-Za-z0-9_\-=]{20,}|\bATBB[A-Za-z0-9]{24,}/g;

export function looksLikeAtlassianTokenValue(value: string): boolean {
  return /^(?:ATATT3|ATCTT3)[A-Za-z0-9_\-=]{20,}$|^ATBB[A-Za-z0-9]{24,}$/.test(value.trim());
}

/** Obvious placeholders and fake values: documentation and tests use them, and they are not secrets. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (/^\$\{[^}]*\}$|^\$[A-Z_][A-Z0-9_]*$|^%[A-Z_]+%$|^<[^>]*>$|^\{\{[^}]*\}\}$/.test(v)) return true;
  if (/^(?:x+|\*+|\.+|-+|0+|\?+)$/i.test(v)) return true;
  return /your[-_ ]?|my[-_ ]?(?:api|token|secret)|example|placeholder|changeme|change[-_]me|dummy(?![A-Za-z0-9]{20})|fake|sample|redacted|replace[-_ ]?(?:me|with)|<token>|^test[-_]?|^token$|^secret$|^password$|^xxx|^todo|^\.\.\.$/i.test(
    v,
  );
}

/** The Atlassian page where users create API tokens: linking to it asks users for one. */
export const API_TOKEN_PAGE = /id\.atlassian\.com\/manage-profile\/security\/api-tokens/i;
