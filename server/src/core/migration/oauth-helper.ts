/**
 * The helper module the non-Forge API-token fix creates once per workspace (SPEC §4.2): OAuth 2.0 (3LO)
 * for the partner's one distributable app (customers only consent), with `state` checked in constant
 * time on the callback, token sets per (user or tenant, site) behind a store interface, rotating refresh
 * serialised per key from before the store read until the rotated token is saved, requests only to
 * Atlassian over https (a loopback mock only through an explicit test hook), timeouts and retries with
 * backoff on 5xx and network errors. No PKCE: Atlassian's 3LO documents none. Node 20+ (global fetch),
 * no dependencies. test/unit/migration/oauth-helper*.test.ts compile it (ESM, CommonJS, JavaScript with
 * checkJs) and run it against a mock token server on loopback. Kept free of backticks and dollar-brace
 * so it embeds as raw text.
 */
export const OAUTH_HELPER_BASENAME = 'atlassianOAuth';

export const OAUTH_HELPER_SOURCE = String.raw`/**
 * OAuth 2.0 (3LO) for Atlassian Cloud, written by Marketplace Guard's API-token migration fix.
 * Atlassian's Marketplace security policy forbids API tokens (enforced since 2026-01-01): calls go to
 * https://api.atlassian.com/ex/{product}/{cloudId}/… with a Bearer access token instead.
 * Docs: https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 *
 * ONE OAuth 2.0 (3LO) app for the whole product, owned by you (the vendor): you register it once in the
 * Atlassian developer console and distribute it. Customers only consent on Atlassian's screen; they never
 * receive or provide this app's credentials. Atlassian: "Apps that collect API tokens or instruct
 * customers to create individual 3LO apps don't comply"; build a single, distributable 3LO app.
 *
 * Server side only: the client secret and refresh tokens never go to a browser. Node 20+ (global
 * fetch), no dependencies. Environment of your server:
 *   ATLASSIAN_CLIENT_ID, ATLASSIAN_CLIENT_SECRET  your app's credentials (from your secret manager)
 *   ATLASSIAN_REDIRECT_URI                        your app's https callback, as registered with the app
 *   ATLASSIAN_REFRESH_TOKEN (optional)            seeds an EMPTY store for DEFAULT_KEY, once; the first
 *                                                 refresh spends it and the store keeps the rotated one
 *   ATLASSIAN_CLOUD_ID (optional)                 the site of DEFAULT_KEY (skips the lookup)
 * Requests go only to https://auth.atlassian.com and https://api.atlassian.com; no variable changes that.
 *
 * The flow, per user or tenant of your app:
 *   1. state = createState(), kept in that user's session; redirect to authorizationUrl(scopes, state).
 *   2. On the callback: exchangeCode({ code, state, expectedState, key }) rejects a state that is not the
 *      one this user's request carried (CSRF), then saves the grant's tokens under key.
 *   3. Before each call: getAccessToken() (DEFAULT_KEY) or grantFor(key).getAccessToken().
 * Atlassian's 3LO does not document PKCE, so none is sent; the state check and the secret protect the code.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Your one 3LO app. Read from the environment by oauthConfig(); never from a customer. */
export interface AtlassianOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri?: string;
}

/** Tokens from auth.atlassian.com. Refresh tokens rotate: each refresh returns a new one and spends the old. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly scope: string;
}

/**
 * Whose tokens: one grant (one consent) of a user or tenant of your app, for an Atlassian site. A
 * refresh token is spent by its first use, so keep each grant under one key.
 */
export interface TokenKey {
  /** Your app's user or tenant id. */
  readonly user: string;
  /** The Atlassian site the grant serves: its URL (https://acme.atlassian.net) or cloud id; '' for any. */
  readonly site: string;
}

/** The key of getAccessToken() and getCloudId(): a service that acts for one account. */
export const DEFAULT_KEY: TokenKey = Object.freeze({ user: 'default', site: '' });

/** Where tokens live, per key. Use your database or secret store (encrypted at rest) in production. */
export interface TokenStore {
  load(key: TokenKey): Promise<TokenSet | undefined>;
  /**
   * Called with rotated tokens BEFORE the new access token is used, and awaited: resolve only once
   * they are durably written, since the previous refresh token no longer works. (The key comes last, so
   * a store for one account may ignore it.)
   */
  save(tokens: TokenSet, key: TokenKey): Promise<void>;
  /**
   * Optional: runs fn while holding a lock on key that all your processes share (a database row lock,
   * an advisory lock). Without it refreshes are serialised within this process only.
   */
  withLock?<T>(key: TokenKey, fn: () => Promise<T>): Promise<T>;
}

export interface AccessibleResource {
  readonly id: string;
  readonly url: string;
  readonly name: string;
  readonly scopes: readonly string[];
}

export class AtlassianOAuthError extends Error {
  /** The HTTP status of Atlassian's answer, when there was one. */
  readonly status: number | undefined;
  /** OAuth error code (invalid_grant, ...), or state_mismatch, network_error. */
  readonly code: string | undefined;
  constructor(message: string, status?: number, code?: string) {
    super(message);
    this.name = 'AtlassianOAuthError';
    this.status = status;
    this.code = code;
  }
}

function env(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '[::1]' || host === 'localhost';
}

/** Reads your app's configuration from the environment; overrides win. The secret never has a default. */
export function oauthConfig(overrides: Partial<AtlassianOAuthConfig> = {}): AtlassianOAuthConfig {
  const clientId = overrides.clientId ?? env('ATLASSIAN_CLIENT_ID');
  const clientSecret = overrides.clientSecret ?? env('ATLASSIAN_CLIENT_SECRET');
  if (!clientId || !clientSecret) {
    throw new AtlassianOAuthError(
      'Set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET on your server: the credentials of your one OAuth 2.0 (3LO) app, registered once by you (customers only consent)',
    );
  }
  const redirectUri = overrides.redirectUri ?? env('ATLASSIAN_REDIRECT_URI');
  return { clientId, clientSecret, ...(redirectUri ? { redirectUri } : {}) };
}

function redirectUriOf(config: AtlassianOAuthConfig): string {
  const uri = config.redirectUri;
  if (!uri) throw new AtlassianOAuthError('Set ATLASSIAN_REDIRECT_URI (the https callback registered with your app)');
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AtlassianOAuthError('ATLASSIAN_REDIRECT_URI is not a URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new AtlassianOAuthError('ATLASSIAN_REDIRECT_URI must use https (plain http only on loopback, for a local tool)');
  }
  return uri;
}

interface Endpoints {
  readonly authBase: string;
  readonly apiBase: string;
  readonly timeoutMs: number;
  readonly backoffMs: number;
  readonly test: boolean;
}

const ATLASSIAN: Endpoints = Object.freeze({ authBase: 'https://auth.atlassian.com', apiBase: 'https://api.atlassian.com', timeoutMs: 10_000, backoffMs: 500, test: false });
/** Attempts after the first one, on 5xx answers, timeouts and network errors (never on 4xx). */
const RETRIES = 2;
let endpoints: Endpoints = ATLASSIAN;

/** What setTestEndpoints() accepts. */
export interface TestEndpoints {
  readonly authBaseUrl: string;
  readonly apiBaseUrl: string;
  /** Per request; 10 seconds otherwise. */
  readonly timeoutMs?: number;
  /** First retry delay, doubled each time; 500 ms otherwise. */
  readonly backoffMs?: number;
}

function checkedBase(url: string, test: boolean): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AtlassianOAuthError('Not a URL: ' + url);
  }
  if (u.protocol !== 'https:' && !(test && u.protocol === 'http:' && isLoopback(u.hostname))) {
    throw new AtlassianOAuthError('Refusing ' + u.protocol + '//' + u.host + ': tokens and the client secret go over https only (plain http only to a loopback test server)');
  }
  return url.replace(/\/+$/, '');
}

/**
 * FOR TESTS ONLY: sends every request to a mock of auth.atlassian.com and api.atlassian.com (https,
 * or http on 127.0.0.1, [::1] or localhost). undefined restores Atlassian's hosts. Production code never
 * calls this, and no environment variable does what it does.
 */
export function setTestEndpoints(test: TestEndpoints | undefined): void {
  endpoints = test
    ? {
        authBase: checkedBase(test.authBaseUrl, true),
        apiBase: checkedBase(test.apiBaseUrl, true),
        timeoutMs: test.timeoutMs ?? ATLASSIAN.timeoutMs,
        backoffMs: test.backoffMs ?? ATLASSIAN.backoffMs,
        test: true,
      }
    : ATLASSIAN;
  resetCaches();
}

function failure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out after ' + timeoutMs + ' ms';
  return err instanceof Error ? err.message : 'network error';
}

/**
 * One request with a timeout, retried with exponential backoff on 5xx answers, timeouts and network
 * errors; 4xx answers are final. Redirects are refused: the body carries the client secret.
 */
async function send(url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string): Promise<Response> {
  const { timeoutMs, backoffMs, test } = endpoints;
  checkedBase(url, test);
  for (let attempt = 0; ; attempt++) {
    let res: Response | undefined;
    let error: unknown;
    try {
      res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      error = err;
    }
    if (res && res.status >= 300 && res.status < 400) {
      await res.arrayBuffer().catch(() => undefined);
      throw new AtlassianOAuthError(what + ' answered with a redirect (' + res.status + '), which is not followed: tokens and the client secret go to Atlassian only', res.status);
    }
    if (res && res.status < 500) return res;
    if (attempt >= RETRIES) {
      if (res) return res;
      throw new AtlassianOAuthError(what + ' failed after ' + (attempt + 1) + ' attempts: ' + failure(error, timeoutMs), undefined, 'network_error');
    }
    if (res) await res.arrayBuffer().catch(() => undefined);
    const delay = backoffMs * 2 ** attempt * (0.75 + Math.random() / 2);
    await new Promise<void>((resolve) => setTimeout(resolve, delay));
  }
}

/** An unguessable state for one authorization request; keep it (e.g. in the session) to check the callback. */
export function createState(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Throws unless the callback's state is the one this user's authorization request carried (CSRF). Constant time. */
export function verifyState(expected: string, received: string | null | undefined): void {
  const ok = expected.length >= 16 && typeof received === 'string' && timingSafeEqual(digest(expected), digest(received));
  if (!ok) throw new AtlassianOAuthError('OAuth state mismatch: the callback does not belong to this authorization request', undefined, 'state_mismatch');
}

/** Step 1 of the authorization-code flow: where to send the user. Add offline_access for refresh tokens. */
export function authorizationUrl(scopes: readonly string[], state: string, config: AtlassianOAuthConfig = oauthConfig()): string {
  if (state.length < 16) throw new AtlassianOAuthError('Pass the createState() value kept in the user session as state');
  const q = new URLSearchParams({
    audience: 'api.atlassian.com',
    client_id: config.clientId,
    scope: scopes.join(' '),
    redirect_uri: redirectUriOf(config),
    state,
    response_type: 'code',
    prompt: 'consent',
  });
  return endpoints.authBase + '/authorize?' + q.toString();
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
  const res = await send(
    endpoints.authBase + '/oauth/token',
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ ...body, client_id: config.clientId, client_secret: config.clientSecret }),
    },
    'Atlassian token request',
  );
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

/** What your redirect URI received, and the state you kept for this user. */
export interface AuthorizationCallback {
  /** The code query parameter. */
  readonly code: string | null | undefined;
  /** The state query parameter. */
  readonly state: string | null | undefined;
  /** The createState() value kept in this user's session for authorizationUrl(); delete it after use. */
  readonly expectedState: string;
  /** Whose grant this is; DEFAULT_KEY when omitted. */
  readonly key?: TokenKey;
}

/**
 * Step 2: checks the callback's state (CSRF: a mismatch throws before any request), exchanges the
 * code for tokens, saves them in the store under key, and returns them.
 */
export async function exchangeCode(callback: AuthorizationCallback, config: AtlassianOAuthConfig = oauthConfig()): Promise<TokenSet> {
  verifyState(callback.expectedState, callback.state);
  const code = callback.code;
  if (!code) throw new AtlassianOAuthError('The callback has no authorization code (the user may have denied access)');
  const key = checkedKey(callback.key ?? DEFAULT_KEY);
  const tokens = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUriOf(config) }, config);
  await locked(key, async () => {
    await store.save(tokens, key);
    fresh.set(keyId(key), tokens);
  });
  return tokens;
}

/** Uses a refresh token once. The response holds a NEW refresh token that replaces the old one. */
export async function refreshTokens(refreshToken: string, config: AtlassianOAuthConfig = oauthConfig()): Promise<TokenSet> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, config);
}

/** The sites (cloud ids) the access token can reach. */
export async function accessibleResources(accessToken: string): Promise<AccessibleResource[]> {
  const res = await send(
    endpoints.apiBase + '/oauth/token/accessible-resources',
    { method: 'GET', headers: { Authorization: 'Bearer ' + accessToken, Accept: 'application/json' } },
    'Atlassian accessible-resources',
  );
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

function siteHost(site: string): string {
  try {
    return new URL(/^[a-z]+:\/\//i.test(site) ? site : 'https://' + site).host.toLowerCase();
  } catch {
    return site.toLowerCase();
  }
}

function keyId(key: TokenKey): string {
  return JSON.stringify([key.user, key.site === '' ? '' : siteHost(key.site)]);
}

function checkedKey(key: TokenKey): TokenKey {
  if (typeof key.user !== 'string' || key.user === '' || typeof key.site !== 'string') throw new AtlassianOAuthError('A TokenKey needs a user (your user or tenant id) and a site (\'\' for any)');
  return key;
}

function describeKey(key: TokenKey): string {
  return 'user ' + JSON.stringify(key.user) + (key.site ? ' on ' + key.site : '');
}

/**
 * The default store: this process's memory, for ONE process only. Each process keeps its own copy, and
 * a restart loses the rotated refresh token (the user must authorize again). In production pass
 * setTokenStore() a store backed by your database or secret store.
 */
export function createMemoryTokenStore(): TokenStore {
  const grants = new Map<string, TokenSet>();
  return {
    async load(key) {
      return grants.get(keyId(key));
    },
    async save(tokens, key) {
      grants.set(keyId(key), tokens);
    },
  };
}

let store: TokenStore = createMemoryTokenStore();
let configOverride: Partial<AtlassianOAuthConfig> = {};
/** Fresh access tokens per key (never refresh tokens): a read that skips the store. */
const fresh = new Map<string, { readonly accessToken: string; readonly expiresAt: number }>();
/** One load-or-refresh per key at a time; later callers join it. */
const inflight = new Map<string, Promise<string>>();
const cloudIds = new Map<string, string>();

function resetCaches(): void {
  fresh.clear();
  inflight.clear();
  cloudIds.clear();
}

/** Sets where tokens are kept (call once at start-up) and, optionally, your app's configuration. */
export function setTokenStore(next: TokenStore, overrides: Partial<AtlassianOAuthConfig> = {}): void {
  store = next;
  configOverride = overrides;
  resetCaches();
}

function isFresh(t: { readonly accessToken: string; readonly expiresAt: number }): boolean {
  return t.accessToken !== '' && t.expiresAt - 60_000 > Date.now();
}

function locked<T>(key: TokenKey, fn: () => Promise<T>): Promise<T> {
  return store.withLock ? store.withLock(key, fn) : fn();
}

/**
 * The store's tokens for key, refreshed a minute before they expire. Runs under the key's lock, so
 * the refresh token read is the one spent: two readers never spend one refresh token twice.
 */
async function loadOrRefresh(key: TokenKey, id: string): Promise<string> {
  let current = await store.load(key);
  let seeded = false;
  if (!current && keyId(key) === keyId(DEFAULT_KEY)) {
    // The environment seeds an empty store only: once rotated, the stored token wins.
    const seed = env('ATLASSIAN_REFRESH_TOKEN');
    if (seed) current = { accessToken: '', refreshToken: seed, expiresAt: 0, scope: '' };
    seeded = current !== undefined;
  }
  if (!current) throw new AtlassianOAuthError('No Atlassian OAuth tokens for ' + describeKey(key) + ' yet: send the user to authorizationUrl() and call exchangeCode() on the callback');
  if (isFresh(current)) {
    fresh.set(id, current);
    return current.accessToken;
  }
  const refreshToken = current.refreshToken;
  if (!refreshToken) throw new AtlassianOAuthError('The Atlassian access token of ' + describeKey(key) + ' expired and there is no refresh token (request the offline_access scope)');
  let next: TokenSet;
  try {
    next = await refreshTokens(refreshToken, oauthConfig(configOverride));
  } catch (err) {
    if (!(err instanceof AtlassianOAuthError) || err.code !== 'invalid_grant') throw err;
    // Another process may have rotated it first (a store without withLock): use what it saved.
    const again = await store.load(key);
    if (!again || !again.refreshToken || again.refreshToken === refreshToken) {
      if (seeded) throw new AtlassianOAuthError(err.message + '. ATLASSIAN_REFRESH_TOKEN only seeds an empty store and is spent by its first use', err.status, err.code);
      throw err;
    }
    if (isFresh(again)) {
      fresh.set(id, again);
      return again.accessToken;
    }
    next = await refreshTokens(again.refreshToken, oauthConfig(configOverride));
  }
  // Rotation spent the old refresh token: persist the new one before the new access token is used, so
  // a crash or a restart never finds only the spent one.
  const saved: TokenSet = next.refreshToken ? next : { ...next, refreshToken };
  await store.save(saved, key);
  fresh.set(id, saved);
  return saved.accessToken;
}

function accessTokenOf(key: TokenKey): Promise<string> {
  const id = keyId(checkedKey(key));
  const cached = fresh.get(id);
  if (cached && isFresh(cached)) return Promise.resolve(cached.accessToken);
  // The single flight starts BEFORE store.load(): with a slow store, a second caller joins this one
  // instead of reading the refresh token this one is about to spend.
  let running = inflight.get(id);
  if (!running) {
    const started: Promise<string> = locked(key, () => loadOrRefresh(key, id)).finally(() => {
      if (inflight.get(id) === started) inflight.delete(id);
    });
    running = started;
    inflight.set(id, running);
  }
  return running;
}

function sameSite(resource: AccessibleResource, site: string): boolean {
  return resource.id === site || siteHost(resource.url) === siteHost(site);
}

async function cloudIdOf(key: TokenKey, siteUrl: string | undefined): Promise<string> {
  if (keyId(key) === keyId(DEFAULT_KEY)) {
    const fixed = env('ATLASSIAN_CLOUD_ID');
    if (fixed) return fixed;
  }
  const site = siteUrl ?? (key.site === '' ? undefined : key.site);
  const cacheKey = keyId(key) + ' ' + (site === undefined ? '' : siteHost(site));
  const known = cloudIds.get(cacheKey);
  if (known) return known;
  const resources = await accessibleResources(await accessTokenOf(key));
  const match = site ? resources.find((r) => sameSite(r, site)) : resources.length === 1 ? resources[0] : undefined;
  if (!match) {
    const sites = resources.map((r) => r.url).join(', ') || 'none';
    throw new AtlassianOAuthError(
      site ? 'The OAuth grant of ' + describeKey(key) + ' does not cover ' + site + ' (sites: ' + sites + ')' : 'Several Atlassian sites are authorized (' + sites + '): pass the site URL or set ATLASSIAN_CLOUD_ID',
    );
  }
  cloudIds.set(cacheKey, match.id);
  return match.id;
}

/** The access token and cloud ids of one grant: a user or tenant of your app, on a site. */
export interface Grant {
  readonly key: TokenKey;
  /** A valid access token, refreshed a minute before it expires; one refresh at a time per key. */
  getAccessToken(): Promise<string>;
  /** The cloud id of siteUrl, else of the key's site, else of the grant's only site. */
  getCloudId(siteUrl?: string): Promise<string>;
}

/** The grant saved under key by exchangeCode(): for code that serves several users or sites. */
export function grantFor(key: TokenKey): Grant {
  const k = checkedKey(key);
  return { key: k, getAccessToken: () => accessTokenOf(k), getCloudId: (siteUrl) => cloudIdOf(k, siteUrl) };
}

/** A valid access token of DEFAULT_KEY, refreshed a minute before it expires; one refresh at a time. */
export async function getAccessToken(): Promise<string> {
  return accessTokenOf(DEFAULT_KEY);
}

/**
 * The cloud id of a site for https://api.atlassian.com/ex/{product}/{cloudId} (DEFAULT_KEY):
 * ATLASSIAN_CLOUD_ID, or the accessible resource whose URL is siteUrl (e.g. https://acme.atlassian.net), or the only one.
 */
export async function getCloudId(siteUrl?: string): Promise<string> {
  return cloudIdOf(DEFAULT_KEY, siteUrl);
}
`;
