import * as ts from 'typescript';
import {
  ATLASSIAN_WORD,
  OAUTH_TOKEN_WORD,
  TOKEN_WORD,
  hasAtlassianRestPath,
  isAtlassianHost,
  isAtlassianTokenName,
  isPlaceholderHost,
  isPlaceholderValue,
  looksLikeAtlassianTokenValue,
} from '../knowledge/atlassian';
import type { EndpointData } from '../model';
import { redact, stripUrlUserInfo } from '../redact';
import { atlassianContext, type ContextEvidence } from './atlassian-context';
import type { AuthOption, HeaderValue } from './http';
import { concat, evaluate, holes, propertyOf, splitAtColon, staticText, type HolePart, type SymbolicString } from './values';

/**
 * Decides whether a request's URL is an Atlassian Cloud endpoint and whether its credential is an API
 * token, for the API-token rules. Atlassian's notice asks partners for "all endpoints your app uses to
 * authenticate with API tokens", so the endpoint (method, host, path template) is kept for reports.
 */

export interface Endpoint {
  readonly method?: string;
  /** The host when fully static. */
  readonly host?: string;
  /** Path template with holes as `{name}`, no query string. */
  readonly path?: string;
  /** The host (or its static suffix, as in `${site}.atlassian.net`) is Atlassian Cloud. */
  readonly atlassianHost: boolean;
  /** The host is static (or has a static domain) and is not Atlassian: GitHub, Jenkins, … */
  readonly otherHost: boolean;
  readonly placeholderHost: boolean;
  readonly restPath: boolean;
  /** Names the host came from when it is decided at run time (`JIRA_BASE_URL`). */
  readonly hostNames: readonly string[];
  /** `GET https://acme.atlassian.net/rest/api/3/issue/{key}`, for messages. */
  readonly display: string;
}

/** SPEC rule 1's hosts: Atlassian Cloud sites, `api.atlassian.com`; other `*.atlassian.com` only for REST paths. */
function cloudHost(host: string, path: string): boolean {
  const h = host.toLowerCase();
  if (h === 'api.bitbucket.org' || !isAtlassianHost(h)) return false;
  if (h.endsWith('.atlassian.com') && h !== 'api.atlassian.com') return /\/rest\/|\/gateway\/api\//.test(path);
  return true;
}

export function endpointOf(url: SymbolicString | undefined, method: string | undefined): Endpoint {
  const holeList: HolePart[] = [];
  const raw = (url ?? [])
    .map((p) => {
      if (p.kind === 'text') return p.text;
      holeList.push(p.kind === 'hole' ? p : { kind: 'hole', name: 'encoded', key: 'encoded', aliases: [], node: p.node });
      return `\u0001${holeList.length - 1}\u0002`;
    })
    .join('');
  const show = (s: string): string => s.replace(/\u0001(\d+)\u0002/g, (_, i: string) => `{${holeList[Number(i)]?.key ?? 'value'}}`);
  let hostRaw: string | undefined;
  let rest = raw;
  const m = /^(?:[a-z][\w+.-]*:)?\/\/([^/?#]*)(.*)$/is.exec(raw);
  if (m) {
    hostRaw = (m[1] ?? '').replace(/^.*@/, '');
    rest = m[2] ?? '';
  } else if (raw.startsWith('\u0001')) {
    const end = raw.indexOf('\u0002') + 1;
    hostRaw = raw.slice(0, end);
    rest = raw.slice(end);
  }
  const pathRaw = rest.split(/[?#]/)[0] ?? '';
  const path = pathRaw ? show(/^[/\u0001]/.test(pathRaw) ? pathRaw : `/${pathRaw}`).replace(/\/{2,}/g, '/') : undefined;
  const hostStatic = hostRaw !== undefined && !hostRaw.includes('\u0001') && hostRaw.length > 0;
  const suffix = hostRaw === undefined ? '' : hostRaw.slice(hostRaw.lastIndexOf('\u0002') + 1);
  const domain = hostStatic ? suffix : suffix.startsWith('.') && suffix.includes('.', 1) ? `site${suffix}` : undefined;
  const atlassianHost = domain !== undefined && cloudHost(domain, path ?? '');
  const hostNames = hostRaw?.includes('\u0001') ? holeList.filter((h, i) => hostRaw?.includes(`\u0001${i}\u0002`)).flatMap((h) => h.aliases) : [];
  // The user info of `https://bot:token@site/…` is a credential: the message names the endpoint only.
  const where = url ? stripUrlUserInfo(show(raw.split(/[?#]/)[0] ?? '')) : 'an Atlassian API (URL decided elsewhere)';
  return {
    ...(method ? { method } : {}),
    ...(hostStatic && hostRaw ? { host: hostRaw.toLowerCase() } : {}),
    ...(path ? { path } : {}),
    atlassianHost,
    otherHost: domain !== undefined && !atlassianHost,
    placeholderHost: hostStatic && hostRaw !== undefined && isPlaceholderHost(hostRaw),
    // A segment decided at run time (`/wiki/api/v2${path}`) is read as starting a new segment.
    restPath: path !== undefined && hasAtlassianRestPath(`${path.replace(/\{[^{}]*\}/g, '/x/')}/`),
    hostNames,
    display: method && url ? `${method} ${where}` : where,
  };
}

export function endpointData(e: Endpoint, authKind: string): EndpointData {
  return { ...(e.method ? { method: e.method } : {}), ...(e.host ? { host: e.host } : {}), ...(e.path ? { path: e.path } : {}), authKind };
}

/** A credential sent to some endpoint: Basic (identity + secret) or Bearer. */
export interface Credential {
  readonly scheme: 'basic' | 'bearer';
  readonly user?: SymbolicString;
  readonly secret: SymbolicString;
  readonly authKind: 'basic' | 'bearer-api-token' | 'client-auth-option';
  /** Where `identity:token` is joined and encoded (`Buffer.from(…).toString('base64')`), when it is. */
  readonly encodedAt?: ts.Node;
}

function decodeBasic(b64: string): [string, string] | undefined {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(b64)) return undefined;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  return at > 0 && /^[\x20-\x7e]+$/.test(decoded) ? [decoded.slice(0, at), decoded.slice(at + 1)] : undefined;
}

/** Reads an `Authorization` header value: `Basic base64(user:token)`, `Basic ${encoded}`, `Bearer ${token}`. */
export function credentialOfHeader(h: HeaderValue): Credential | undefined {
  const first = h.value[0];
  if (first?.kind !== 'text') return undefined;
  const scheme = /^\s*(basic|bearer)\b\s*/i.exec(first.text);
  if (!scheme?.[1]) return undefined;
  const rest = concat([{ ...first, text: first.text.slice(scheme[0].length) }], h.value.slice(1));
  if (rest.length === 0) return undefined;
  if (scheme[1].toLowerCase() === 'bearer') return { scheme: 'bearer', secret: rest, authKind: 'bearer-api-token' };
  const only = rest.length === 1 ? rest[0] : undefined;
  if (only?.kind === 'encoded') {
    const split = splitAtColon(only.value);
    return split
      ? { scheme: 'basic', user: split[0], secret: split[1], authKind: 'basic', encodedAt: only.node }
      : { scheme: 'basic', secret: only.value, authKind: 'basic', encodedAt: only.node };
  }
  const literal = staticText(rest);
  if (literal !== undefined) {
    const pair = decodeBasic(literal.trim());
    if (!pair) return undefined;
    return { scheme: 'basic', user: [{ kind: 'text', text: pair[0], node: first.node }], secret: [{ kind: 'text', text: pair[1], node: first.node }], authKind: 'basic' };
  }
  return { scheme: 'basic', secret: rest, authKind: 'basic' };
}

export function credentialOfOption(a: AuthOption): Credential {
  return { scheme: a.kind, ...(a.user ? { user: a.user } : {}), secret: a.secret, authKind: a.kind === 'bearer' ? 'bearer-api-token' : 'client-auth-option' };
}

const API_TOKEN_NAME = /api[_-]?token|apitoken|api[_-]?key|apikey|personal[_-]?access[_-]?token|(?:^|[_-])pat(?:$|[_-])|Pat$|admin[_-]?key|app[_-]?password/i;

function names(v: SymbolicString | undefined): string[] {
  return v ? holes(v).flatMap((h) => h.aliases) : [];
}

/** What the secret is, for the decision and the message. */
export interface SecretFacts {
  /** A literal that looks like a real Atlassian token (`ATATT3…`, `ATCTT3…`). */
  readonly tokenValue: boolean;
  /** A literal placeholder (`your-api-token`). */
  readonly placeholder: boolean;
  /** A name says Atlassian + token (`JIRA_API_TOKEN`). */
  readonly atlassianName: boolean;
  /** A name says token/password (not OAuth). */
  readonly tokenName: boolean;
  /** A name says OAuth access token. */
  readonly oauthName: boolean;
  /** A name says API token/PAT/admin key specifically (for Bearer). */
  readonly apiTokenName: boolean;
  /** Names say personal access token (Data Center's Bearer credential), not API token. */
  readonly patOnly: boolean;
  /** A name says OAuth client secret: `Basic clientId:clientSecret` is an OAuth client's, not a user's. */
  readonly clientSecret: boolean;
}

const PAT_WORD = /personal[_-]?access[_-]?token|(?:^|[_-])pat(?:$|[_-])|[a-z]Pat$|PAT$/;
const CLIENT_SECRET_WORD = /client[_-]?secret|consumer[_-]?secret|app[_-]?secret|shared[_-]?secret/i;

export function secretFacts(c: Credential): SecretFacts {
  const literal = staticText(c.secret);
  const ns = names(c.secret);
  const userNames = names(c.user);
  return {
    tokenValue: literal !== undefined && looksLikeAtlassianTokenValue(literal),
    placeholder: literal !== undefined && isPlaceholderValue(literal),
    atlassianName: ns.some(isAtlassianTokenName) || (userNames.some((n) => ATLASSIAN_WORD.test(n)) && ns.some((n) => TOKEN_WORD.test(n) && !OAUTH_TOKEN_WORD.test(n))),
    tokenName: ns.some((n) => TOKEN_WORD.test(n) && !OAUTH_TOKEN_WORD.test(n)),
    oauthName: ns.some((n) => OAUTH_TOKEN_WORD.test(n)),
    apiTokenName: ns.some((n) => API_TOKEN_NAME.test(n) && !OAUTH_TOKEN_WORD.test(n)),
    clientSecret: ns.some((n) => CLIENT_SECRET_WORD.test(n)),
    patOnly: ns.some((n) => PAT_WORD.test(n)) && !ns.some((n) => /api[_-]?token|apitoken|api[_-]?key|apikey/i.test(n)),
  };
}

/**
 * SPEC rule 1: an API token sent to Atlassian. Basic auth to an Atlassian Cloud host is always an
 * API token (Cloud no longer accepts passwords); elsewhere the names or the REST path must say so.
 * Bearer is only an API token by name or value: OAuth access tokens are the compliant way.
 */
export function isApiTokenToAtlassian(e: Endpoint, c: Credential, f: SecretFacts, at?: ts.Node): boolean {
  return apiTokenVerdict(e, c, f, at) !== undefined;
}

/** Why a credential counts as an Atlassian API token: the host, the path, a name, a value, or the code around it. */
export type Verdict = { readonly by: 'host' | 'path' | 'name' | 'value' } | { readonly by: 'context'; readonly evidence: ContextEvidence };

/**
 * The decision of {@link isApiTokenToAtlassian}, with its reason. With a host decided at run time, a
 * Basic credential holding a secret in code about Jira or Confluence (`at` is where it is built) is
 * enough: Cloud takes no password there, so it is an API token (Data Center may take a password).
 */
export function apiTokenVerdict(e: Endpoint, c: Credential, f: SecretFacts, at?: ts.Node): Verdict | undefined {
  if (e.otherHost || !mayBeApiToken(c, f)) return undefined;
  const by = e.atlassianHost ? 'host' : e.restPath ? 'path' : f.tokenValue ? 'value' : f.atlassianName ? 'name' : undefined;
  // A PAT as Bearer to a host set at run time is Data Center's own scheme, unless the path is Cloud's.
  if (c.scheme === 'bearer') return by && !(f.patOnly && !e.atlassianHost && !f.tokenValue && !CLOUD_ONLY_PATH.test(e.path ?? '')) ? { by } : undefined;
  if (by) return { by };
  if (f.clientSecret || !hasSecret(c, f)) return undefined;
  if (e.hostNames.some((n) => ATLASSIAN_WORD.test(n) && !OTHER_HOST_WORD.test(n))) return { by: 'name' };
  const evidence = at ? atlassianContext(at) : undefined;
  return evidence ? { by: 'context', evidence } : undefined;
}

/** Paths that exist only on Atlassian Cloud: REST v3, Confluence v2, the API gateway. */
const CLOUD_ONLY_PATH = /\/rest\/api\/3\/|\/wiki\/api\/v2\/|\/ex\/(?:jira|confluence)\//;

/** Host variables of Atlassian's other products that are not Cloud sites (Bitbucket Cloud's API). */
const OTHER_HOST_WORD = /bitbucket/i;

/** The secret half holds a value: a name to follow, or a literal that is not a placeholder. */
function hasSecret(c: Credential, f: SecretFacts): boolean {
  return holes(c.secret).length > 0 || (staticText(c.secret) !== undefined && !f.placeholder);
}

/** A cheap first test, before the endpoint is read: a Bearer credential must say API token by name or value. */
export function mayBeApiToken(c: Credential, f: SecretFacts): boolean {
  return c.scheme === 'basic' || f.tokenValue || (f.apiTokenName && !f.oauthName);
}

/** Test files stay quiet unless a real-looking token is in the credential. */
export function quietInTests(e: Endpoint, f: SecretFacts): boolean {
  return e.placeholderHost || !f.tokenValue;
}

function describe(v: SymbolicString | undefined, secret: boolean): string | undefined {
  if (!v || v.length === 0) return undefined;
  const hs = holes(v);
  // Each name once: a value doubled by `x + x` (or cut at a bound) names the same source many times.
  if (hs.length > 0) return [...new Set(hs.map((h) => h.name))].join(' + ');
  const literal = staticText(v);
  if (literal === undefined) return 'an encoded value';
  return secret ? `a literal ${redact(literal)}` : 'a literal user';
}

/** `process.env.JIRA_EMAIL:process.env.JIRA_API_TOKEN`; literal secrets redacted. */
export function describeCredential(c: Credential): string {
  const user = describe(c.user, false);
  const secret = describe(c.secret, true) ?? 'a token';
  return user ? `${user}:${secret}` : secret;
}

const HOST_KEYS = ['baseURL', 'baseUrl', 'url', 'uri', 'host', 'hostname', 'prefixUrl', 'endpoint', 'site'];

/** The whole expression a `'Basic '` literal starts: `'Basic ' + b64`, `` `Basic ${b64}` ``. */
export function constructionRoot(literal: ts.Node): ts.Expression {
  let n: ts.Node = ts.isTemplateHead(literal) ? literal.parent : literal;
  while (ts.isParenthesizedExpression(n.parent) || (ts.isBinaryExpression(n.parent) && n.parent.operatorToken.kind === ts.SyntaxKind.PlusToken && n.parent.left === n)) n = n.parent;
  return n as ts.Expression;
}

/** An Atlassian host configured beside a credential built outside any request: `{ baseURL, headers: { Authorization } }`. */
export function hostNearby(node: ts.Node): Endpoint | undefined {
  for (const e of configuredEndpoints(node, HOST_KEYS)) if (e.atlassianHost) return e;
  return undefined;
}

/** The endpoints configured under `keys` in the object literals around a node, innermost first (three levels). */
export function* configuredEndpoints(node: ts.Node, keys: readonly string[]): Generator<Endpoint, undefined> {
  let obj: ts.Node | undefined = node;
  for (let level = 0; level < 3 && obj; level++) {
    obj = ts.findAncestor(obj.parent, ts.isObjectLiteralExpression);
    if (!obj || !ts.isObjectLiteralExpression(obj)) return undefined;
    for (const key of keys) {
      const p = propertyOf(obj, key);
      if (p) yield endpointOf(evaluate(p.expr, p.env), undefined);
    }
  }
  return undefined;
}
