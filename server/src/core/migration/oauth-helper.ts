/**
 * The helper module the non-Forge API-token fix creates once per workspace (SPEC §4.2): OAuth 2.0 (3LO)
 * authorization-code flow with `state`, token exchange and rotating refresh at auth.atlassian.com,
 * the accessible-resources lookup of the cloud id, client secret from the environment. Node 20+ (global
 * fetch), no dependencies. test/unit/migration/oauth-helper.test.ts compiles it and runs it against a
 * mock token server on loopback. Kept free of backticks and dollar-brace so it embeds as raw text.
 */
export const OAUTH_HELPER_BASENAME = 'atlassianOAuth';

export const OAUTH_HELPER_SOURCE = String.raw`/**
 * OAuth 2.0 (3LO) for Atlassian Cloud, written by Marketplace Guard's API-token migration fix.
 * Atlassian's Marketplace security policy forbids API tokens (enforced since 2026-01-01): calls go to
 * https://api.atlassian.com/ex/{product}/{cloudId}/… with a Bearer access token instead.
 * Docs: https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 *
 * Needs Node 20+ (global fetch), no dependencies. Configure with environment variables:
 *   ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET (never in code or in the browser),
 *   ATLASSIAN_REDIRECT_URI (https), ATLASSIAN_REFRESH_TOKEN (first refresh token, optional),
 *   ATLASSIAN_CLOUD_ID (optional: skips the accessible-resources lookup).
 * ATLASSIAN_AUTH_BASE_URL / ATLASSIAN_API_BASE_URL override https://auth.atlassian.com and
 * https://api.atlassian.com (tests only).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface AtlassianOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri?: string;
  readonly authBaseUrl: string;
  readonly apiBaseUrl: string;
}

/** Tokens from auth.atlassian.com. Refresh tokens rotate: each refresh returns a new one. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly scope: string;
}

/** Where the current tokens live. Replace the in-memory default with your own (encrypted) store. */
export interface TokenStore {
  load(): Promise<TokenSet | undefined>;
  save(tokens: TokenSet): Promise<void>;
}

export interface AccessibleResource {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

export class AtlassianOAuthError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'AtlassianOAuthError';
  }
}

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Reads the configuration from the environment; overrides win. The secret never has a default. */
export function oauthConfig(overrides: Partial<AtlassianOAuthConfig> = {}): AtlassianOAuthConfig {
  const clientId = overrides.clientId ?? env('ATLASSIAN_CLIENT_ID');
  const clientSecret = overrides.clientSecret ?? env('ATLASSIAN_CLIENT_SECRET');
  if (!clientId || !clientSecret) throw new AtlassianOAuthError('Set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET (OAuth 2.0 app from developer.atlassian.com)');
  const redirectUri = overrides.redirectUri ?? env('ATLASSIAN_REDIRECT_URI');
  return {
    clientId,
    clientSecret,
    ...(redirectUri ? { redirectUri } : {}),
    authBaseUrl: trimSlash(overrides.authBaseUrl ?? env('ATLASSIAN_AUTH_BASE_URL') ?? 'https://auth.atlassian.com'),
    apiBaseUrl: trimSlash(overrides.apiBaseUrl ?? env('ATLASSIAN_API_BASE_URL') ?? 'https://api.atlassian.com'),
  };
}

/** An unguessable state for one authorization request; keep it (e.g. in the session) to check the callback. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}

/** Throws unless the callback's state is the one this user's authorization request carried (CSRF). */
export function verifyState(expected: string, received: string | null | undefined): void {
  const a = Buffer.from(expected);
  const b = Buffer.from(received ?? '');
  if (expected.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new AtlassianOAuthError('OAuth state mismatch: the callback does not belong to this authorization request');
  }
}

/** Step 1 of the authorization-code flow: where to send the user. Add offline_access for refresh tokens. */
export function authorizationUrl(scopes: readonly string[], state: string, config: AtlassianOAuthConfig = oauthConfig()): string {
  if (!config.redirectUri) throw new AtlassianOAuthError('Set ATLASSIAN_REDIRECT_URI (the https callback registered for the app)');
  const q = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: config.clientId,
    scope: scopes.join(' '),
    redirect_uri: config.redirectUri,
    state,
    response_type: 'code',
    prompt: 'consent',
  });
  return config.authBaseUrl + '/authorize?' + q.toString();
}

interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  error?: unknown;
  error_description?: unknown;
}

async function tokenRequest(body: Record<string, string>, config: AtlassianOAuthConfig): Promise<TokenSet> {
  const res = await fetch(config.authBaseUrl + '/oauth/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ ...body, client_id: config.clientId, client_secret: config.clientSecret }),
  });
  let json: TokenResponse = {};
  try {
    json = (await res.json()) as TokenResponse;
  } catch {
    json = {};
  }
  if (!res.ok || typeof json.access_token !== 'string') {
    const code = typeof json.error === 'string' ? json.error : undefined;
    const detail = typeof json.error_description === 'string' ? json.error_description : res.statusText;
    const hint = code === 'invalid_grant' ? ' (the code or refresh token is expired, revoked or already used: ask the user to authorize again)' : '';
    throw new AtlassianOAuthError('Atlassian token request failed: ' + res.status + ' ' + (code ?? 'error') + ': ' + detail + hint, res.status, code);
  }
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
  return {
    accessToken: json.access_token,
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    expiresAt: Date.now() + expiresIn * 1000,
    scope: typeof json.scope === 'string' ? json.scope : '',
  };
}

/** Step 2: exchanges the authorization code from the callback for tokens. */
export async function exchangeCode(code: string, config: AtlassianOAuthConfig = oauthConfig()): Promise<TokenSet> {
  if (!config.redirectUri) throw new AtlassianOAuthError('Set ATLASSIAN_REDIRECT_URI (the https callback registered for the app)');
  return tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: config.redirectUri }, config);
}

/** Uses a refresh token once. The response holds a NEW refresh token that replaces the old one. */
export async function refreshTokens(refreshToken: string, config: AtlassianOAuthConfig = oauthConfig()): Promise<TokenSet> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, config);
}

/** The sites (cloud ids) the access token can reach. */
export async function accessibleResources(accessToken: string, config: AtlassianOAuthConfig = oauthConfig()): Promise<AccessibleResource[]> {
  const res = await fetch(config.apiBaseUrl + '/oauth/token/accessible-resources', {
    headers: { Authorization: 'Bearer ' + accessToken, Accept: 'application/json' },
  });
  if (!res.ok) throw new AtlassianOAuthError('Atlassian accessible-resources failed: ' + res.status, res.status);
  const json: unknown = await res.json();
  if (!Array.isArray(json)) throw new AtlassianOAuthError('Atlassian accessible-resources: unexpected response');
  const out: AccessibleResource[] = [];
  for (const r of json as unknown[]) {
    if (r === null || typeof r !== 'object') continue;
    const { id, url, name, scopes } = r as Record<string, unknown>;
    if (typeof id !== 'string' || typeof url !== 'string') continue;
    out.push({ id, url, name: typeof name === 'string' ? name : url, scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [] });
  }
  return out;
}

let memory: TokenSet | undefined;

/** The default store: process memory, seeded from ATLASSIAN_REFRESH_TOKEN. Rotated tokens are lost on restart. */
const memoryStore: TokenStore = {
  async load() {
    if (memory) return memory;
    const refreshToken = env('ATLASSIAN_REFRESH_TOKEN');
    return refreshToken ? { accessToken: '', refreshToken, expiresAt: 0, scope: '' } : undefined;
  },
  async save(tokens) {
    memory = tokens;
  },
};

let store: TokenStore = memoryStore;
let pending: Promise<TokenSet> | undefined;
let configOverride: Partial<AtlassianOAuthConfig> = {};
const cloudIds = new Map<string, string>();

/** Sets where tokens are kept (call once at start-up, e.g. after the OAuth callback saved the first tokens). */
export function setTokenStore(next: TokenStore, overrides: Partial<AtlassianOAuthConfig> = {}): void {
  store = next;
  configOverride = overrides;
  pending = undefined;
  cloudIds.clear();
}

/**
 * A valid access token, refreshed a minute before it expires. One refresh at a time: with rotating
 * refresh tokens, two parallel refreshes would spend the same refresh token twice.
 */
export async function getAccessToken(): Promise<string> {
  const current = await store.load();
  if (!current) throw new AtlassianOAuthError('No Atlassian OAuth tokens yet: send the user to authorizationUrl() and store exchangeCode() results with setTokenStore()');
  if (current.accessToken && current.expiresAt - 60_000 > Date.now()) return current.accessToken;
  if (!current.refreshToken) throw new AtlassianOAuthError('The Atlassian access token expired and there is no refresh token (request the offline_access scope)');
  const refreshToken = current.refreshToken;
  pending ??= (async () => {
    try {
      const next = await refreshTokens(refreshToken, oauthConfig(configOverride));
      // Rotation: keep the new refresh token (the old one is now spent).
      const saved = next.refreshToken ? next : { ...next, refreshToken };
      await store.save(saved);
      return saved;
    } finally {
      pending = undefined;
    }
  })();
  return (await pending).accessToken;
}

function sameSite(a: string, b: string): boolean {
  const host = (u: string): string => {
    try {
      return new URL(/^[a-z]+:\/\//i.test(u) ? u : 'https://' + u).host.toLowerCase();
    } catch {
      return u.toLowerCase();
    }
  };
  return host(a) === host(b);
}

/**
 * The cloud id of a site for https://api.atlassian.com/ex/{product}/{cloudId}: ATLASSIAN_CLOUD_ID, or
 * the accessible resource whose URL is siteUrl (e.g. https://acme.atlassian.net), or the only one.
 */
export async function getCloudId(siteUrl?: string): Promise<string> {
  const fixed = env('ATLASSIAN_CLOUD_ID');
  if (fixed) return fixed;
  const key = siteUrl ?? '';
  const known = cloudIds.get(key);
  if (known) return known;
  const resources = await accessibleResources(await getAccessToken(), oauthConfig(configOverride));
  const match = siteUrl ? resources.find((r) => sameSite(r.url, siteUrl)) : resources.length === 1 ? resources[0] : undefined;
  if (!match) {
    const sites = resources.map((r) => r.url).join(', ') || 'none';
    throw new AtlassianOAuthError(
      siteUrl ? 'The OAuth grant does not cover ' + siteUrl + ' (sites: ' + sites + ')' : 'Several Atlassian sites are authorized (' + sites + '): pass the site URL or set ATLASSIAN_CLOUD_ID',
    );
  }
  cloudIds.set(key, match.id);
  return match.id;
}
`;
