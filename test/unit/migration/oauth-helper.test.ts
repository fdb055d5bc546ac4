import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { typedJavaScript } from '../../../server/src/core/migration/jsdoc-emit';
import { OAUTH_HELPER_SOURCE } from '../../../server/src/core/migration/oauth-helper';

/**
 * The helper the 3LO fix writes into a workspace, compiled and run against a mock of
 * auth.atlassian.com and api.atlassian.com on 127.0.0.1 (no other network). Each "process" is a fresh
 * module instance of the compiled helper.
 */

interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt: number;
  readonly scope: string;
}
interface TokenKey {
  readonly user: string;
  readonly site: string;
}
interface Config {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri?: string;
}
interface Store {
  load(key: TokenKey): Promise<TokenSet | undefined>;
  save(t: TokenSet, key: TokenKey): Promise<void>;
}
interface Grant {
  readonly key: TokenKey;
  getAccessToken(): Promise<string>;
  getCloudId(siteUrl?: string): Promise<string>;
}
interface Helper {
  DEFAULT_KEY: TokenKey;
  oauthConfig(o?: Partial<Config>): Config;
  setTestEndpoints(e: { authBaseUrl: string; apiBaseUrl: string; timeoutMs?: number; backoffMs?: number } | undefined): void;
  createState(): string;
  verifyState(expected: string, received: string | null | undefined): void;
  authorizationUrl(scopes: readonly string[], state: string, config?: Config): string;
  exchangeCode(callback: { code: string | null | undefined; state: string | null | undefined; expectedState: string; key?: TokenKey }, config?: Config): Promise<TokenSet>;
  refreshTokens(refreshToken: string, config?: Config): Promise<TokenSet>;
  accessibleResources(accessToken: string): Promise<{ id: string; url: string; name: string }[]>;
  createMemoryTokenStore(): Store;
  setTokenStore(store: Store, overrides?: Partial<Config>): void;
  grantFor(key: TokenKey): Grant;
  getAccessToken(): Promise<string>;
  getCloudId(siteUrl?: string): Promise<string>;
}
type OAuthError = Error & { code?: string; status?: number };

const CLIENT_ID = 'client-id-for-tests';
/** Generated per run: no secret-looking literal in the repository. */
const CLIENT_SECRET = `s-${Math.random().toString(36).slice(2)}`;
const REDIRECT = 'https://app.example.com/oauth/callback';
const ENV = ['ATLASSIAN_CLIENT_ID', 'ATLASSIAN_CLIENT_SECRET', 'ATLASSIAN_REDIRECT_URI', 'ATLASSIAN_CLOUD_ID', 'ATLASSIAN_REFRESH_TOKEN', 'ATLASSIAN_AUTH_BASE_URL', 'ATLASSIAN_API_BASE_URL'];

/** How the mock answers the next token requests, one entry each. */
type Failure = '503' | 'hang' | 'reset' | 'redirect';

/** A mock Atlassian authorization server: one valid code, rotating single-use refresh tokens. */
class MockAtlassian {
  readonly requests: { path: string; body: Record<string, unknown>; authorization?: string; at: number }[] = [];
  /** Shared with test stores to check the order of events. */
  readonly log: string[] = [];
  failures: Failure[] = [];
  private serial = 0;
  private readonly refreshTokens = new Set<string>();
  private readonly accessTokens = new Set<string>();
  private server: http.Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  tokenRequests(grant?: string): number {
    return this.requests.filter((r) => r.path === '/oauth/token' && (grant === undefined || r.body['grant_type'] === grant)).length;
  }

  private issue(res: http.ServerResponse): void {
    this.serial++;
    const at = `at-${this.serial}`;
    const rt = `rt-${this.serial}`;
    this.accessTokens.add(at);
    this.refreshTokens.add(rt);
    this.json(res, 200, { access_token: at, refresh_token: rt, expires_in: 3600, scope: 'read:jira-work offline_access', token_type: 'Bearer' });
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    this.requests.push({ path: req.url ?? '', body, at: Date.now(), ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (req.method === 'POST' && req.url === '/oauth/token') {
      const failure = this.failures.shift();
      if (failure === '503') return this.json(res, 503, { error: 'temporarily_unavailable' });
      if (failure === 'hang') return;
      if (failure === 'reset') return void req.socket.destroy();
      if (failure === 'redirect') {
        res.writeHead(307, { Location: `${this.base}/elsewhere/oauth/token` });
        return void res.end();
      }
      if (body['client_id'] !== CLIENT_ID || body['client_secret'] !== CLIENT_SECRET) return this.json(res, 401, { error: 'access_denied', error_description: 'Unauthorized' });
      if (body['grant_type'] === 'authorization_code') {
        if (body['code'] === 'good-code' && body['redirect_uri'] === REDIRECT) return this.issue(res);
        return this.json(res, 403, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
      }
      if (body['grant_type'] === 'refresh_token') {
        const rt = String(body['refresh_token']);
        this.log.push(`refresh ${rt}`);
        if (!this.refreshTokens.delete(rt)) return this.json(res, 403, { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' });
        return this.issue(res);
      }
      return this.json(res, 400, { error: 'unsupported_grant_type' });
    }
    if (req.method === 'GET' && req.url === '/oauth/token/accessible-resources') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.accessTokens.has(token)) return this.json(res, 401, { code: 401, message: 'Unauthorized' });
      return this.json(res, 200, [
        { id: 'cloud-acme', url: 'https://acme.atlassian.net', name: 'acme', scopes: ['read:jira-work'], avatarUrl: '' },
        { id: 'cloud-beta', url: 'https://beta.atlassian.net', name: 'beta', scopes: ['read:jira-work'], avatarUrl: '' },
      ]);
    }
    this.json(res, 404, {});
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A store in a database: every read and write takes `latencyMs`; rows survive a "restart" of the helper. */
class SlowStore implements Store {
  readonly rows = new Map<string, TokenSet>();
  loads = 0;
  readonly saved: TokenSet[] = [];
  failSave = false;
  /** Called when a save starts. */
  onSave: (() => void) | undefined;
  constructor(
    private readonly latencyMs: number,
    private readonly log?: string[],
    private readonly saveLatencyMs = latencyMs,
  ) {}
  async load(key: TokenKey): Promise<TokenSet | undefined> {
    this.loads++;
    this.log?.push('load');
    // The query reads the row, then the answer takes its time to arrive.
    const row = this.rows.get(`${key.user} ${key.site}`);
    await sleep(this.latencyMs);
    return row;
  }
  async save(t: TokenSet, key: TokenKey): Promise<void> {
    this.onSave?.();
    await sleep(this.saveLatencyMs);
    if (this.failSave) throw new Error('database unavailable');
    this.rows.set(`${key.user} ${key.site}`, t);
    this.saved.push(t);
    this.log?.push(`saved ${t.refreshToken ?? ''}`);
  }
  put(key: TokenKey, t: TokenSet): void {
    this.rows.set(`${key.user} ${key.site}`, t);
  }
}

describe('generated atlassianOAuth.ts against a mock token server on loopback', () => {
  const mock = new MockAtlassian();
  const saved = { ...process.env };
  let dir = '';
  let js = '';
  let instances = 0;
  let helper: Helper;
  let config: Config;

  /** A fresh module instance: a new process as far as the helper's state goes. */
  function load(test = true): Helper {
    const file = path.join(dir, `atlassianOAuth${++instances}.js`);
    fs.writeFileSync(file, js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const h = require(file) as Helper;
    if (test) h.setTestEndpoints({ authBaseUrl: mock.base, apiBaseUrl: mock.base, timeoutMs: 2000, backoffMs: 5 });
    return h;
  }

  /** Tokens granted by the mock, saved nowhere. */
  async function grant(): Promise<TokenSet> {
    const state = helper.createState();
    return helper.exchangeCode({ code: 'good-code', state, expectedState: state }, config);
  }

  before(async () => {
    await mock.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-oauth-'));
    // The JavaScript a CommonJS project gets (TypeScript projects compile the same source themselves).
    js = typedJavaScript(OAUTH_HELPER_SOURCE, ts.ModuleKind.CommonJS);
    for (const k of ENV) delete process.env[k];
    process.env['ATLASSIAN_CLIENT_ID'] = CLIENT_ID;
    process.env['ATLASSIAN_CLIENT_SECRET'] = CLIENT_SECRET;
    process.env['ATLASSIAN_REDIRECT_URI'] = REDIRECT;
    helper = load();
    config = helper.oauthConfig();
  });

  beforeEach(() => {
    helper.setTokenStore(helper.createMemoryTokenStore());
    mock.failures = [];
    delete process.env['ATLASSIAN_REFRESH_TOKEN'];
  });

  after(async () => {
    await mock.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('reads the client id and secret of the one app from the environment; the error names the vendor, never a customer', () => {
    assert.equal(config.clientSecret, CLIENT_SECRET);
    assert.ok(!OAUTH_HELPER_SOURCE.includes(CLIENT_SECRET));
    delete process.env['ATLASSIAN_CLIENT_SECRET'];
    try {
      assert.throws(() => helper.oauthConfig(), /Set ATLASSIAN_CLIENT_ID and ATLASSIAN_CLIENT_SECRET on your server: the credentials of your one OAuth 2.0 \(3LO\) app, registered once by you \(customers only consent\)/);
    } finally {
      process.env['ATLASSIAN_CLIENT_SECRET'] = CLIENT_SECRET;
    }
  });

  it('talks only to https://auth.atlassian.com and https://api.atlassian.com: the old *_BASE_URL variables are ignored', async () => {
    process.env['ATLASSIAN_AUTH_BASE_URL'] = mock.base;
    process.env['ATLASSIAN_API_BASE_URL'] = mock.base;
    const prod = load(false);
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    // Offline: record where the helper would go and answer 400 (final, not retried).
    globalThis.fetch = async (input: string | URL | Request): Promise<Response> => {
      urls.push(String(input));
      return new Response(JSON.stringify({ error: 'invalid_request' }), { status: 400, headers: { 'Content-Type': 'application/json' } });
    };
    const before = mock.requests.length;
    try {
      const state = prod.createState();
      assert.match(prod.authorizationUrl(['read:jira-work'], state), /^https:\/\/auth\.atlassian\.com\/authorize\?/);
      await assert.rejects(prod.exchangeCode({ code: 'good-code', state, expectedState: state }), /token request failed: 400 invalid_request/);
      await assert.rejects(prod.accessibleResources('at-x'), /accessible-resources failed: 400/);
    } finally {
      globalThis.fetch = realFetch;
      delete process.env['ATLASSIAN_AUTH_BASE_URL'];
      delete process.env['ATLASSIAN_API_BASE_URL'];
    }
    assert.deepEqual(urls, ['https://auth.atlassian.com/oauth/token', 'https://api.atlassian.com/oauth/token/accessible-resources']);
    assert.equal(mock.requests.length, before, 'nothing reached the address the environment named');
  });

  it('the test hook takes https or loopback http only; redirect URIs must be https (http only on loopback)', () => {
    const h = load(false);
    for (const bad of ['http://auth.example.com', 'http://10.0.0.5:8080', 'ftp://127.0.0.1']) {
      assert.throws(() => h.setTestEndpoints({ authBaseUrl: bad, apiBaseUrl: mock.base }), /https only \(plain http only to a loopback test server\)/, bad);
    }
    assert.doesNotThrow(() => h.setTestEndpoints({ authBaseUrl: 'https://auth.mock.example', apiBaseUrl: 'http://localhost:9' }));
    const state = h.createState();
    assert.match(h.authorizationUrl(['read:jira-work'], state), /^https:\/\/auth\.mock\.example\/authorize\?/);
    h.setTestEndpoints(undefined);
    assert.match(h.authorizationUrl(['read:jira-work'], state), /^https:\/\/auth\.atlassian\.com\/authorize\?/);
    assert.throws(() => h.authorizationUrl(['read:jira-work'], state, { ...config, redirectUri: 'http://app.example.com/cb' }), /ATLASSIAN_REDIRECT_URI must use https/);
    assert.match(h.authorizationUrl(['read:jira-work'], state, { ...config, redirectUri: 'http://127.0.0.1:8123/cb' }), /redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A8123%2Fcb/);
  });

  it('builds the authorization URL with state and checks the state of the callback', () => {
    const state = helper.createState();
    assert.ok(state.length >= 40);
    assert.notEqual(helper.createState(), state);
    const url = new URL(helper.authorizationUrl(['read:jira-work', 'offline_access'], state, config));
    assert.equal(url.origin + url.pathname, `${mock.base}/authorize`);
    assert.equal(url.searchParams.get('audience'), 'api.atlassian.com');
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('scope'), 'read:jira-work offline_access');
    assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('state'), state);
    assert.ok(!url.toString().includes(CLIENT_SECRET), 'the secret never goes to the browser');
    assert.throws(() => helper.authorizationUrl(['read:jira-work'], ''), /createState\(\) value/);
    helper.verifyState(state, state);
    assert.throws(() => helper.verifyState(state, 'forged'), /state mismatch/);
    assert.throws(() => helper.verifyState(state, `${state}x`), /state mismatch/);
    assert.throws(() => helper.verifyState(state, undefined), /state mismatch/);
    assert.throws(() => helper.verifyState('', ''), /state mismatch/, 'an empty expected state never matches');
  });

  it('exchangeCode requires the state this user\'s request carried: a forged or missing state sends nothing', async () => {
    const state = helper.createState();
    const before = mock.requests.length;
    for (const received of ['forged', null, undefined, helper.createState()]) {
      await assert.rejects(helper.exchangeCode({ code: 'good-code', state: received, expectedState: state }), (err: OAuthError) => {
        assert.equal(err.code, 'state_mismatch');
        assert.match(err.message, /OAuth state mismatch/);
        return true;
      });
    }
    await assert.rejects(helper.exchangeCode({ code: 'good-code', state: '', expectedState: '' }), /state mismatch/);
    assert.equal(mock.requests.length, before, 'the code is never sent when the state does not match');
    await assert.rejects(helper.exchangeCode({ code: null, state, expectedState: state }), /no authorization code \(the user may have denied access\)/);
  });

  it('exchanges an authorization code (secret sent only to the token endpoint) and saves the tokens under the key', async () => {
    const store = new SlowStore(0);
    helper.setTokenStore(store);
    const state = helper.createState();
    const key = { user: 'tenant-7', site: 'https://acme.atlassian.net' };
    const tokens = await helper.exchangeCode({ code: 'good-code', state, expectedState: state, key });
    assert.match(tokens.accessToken, /^at-\d+$/);
    assert.match(tokens.refreshToken ?? '', /^rt-\d+$/);
    assert.ok(tokens.expiresAt > Date.now() + 3500_000);
    const last = mock.requests[mock.requests.length - 1];
    assert.deepEqual(
      { grant: last?.body['grant_type'], code: last?.body['code'], redirect: last?.body['redirect_uri'], secret: last?.body['client_secret'] === CLIENT_SECRET },
      { grant: 'authorization_code', code: 'good-code', redirect: REDIRECT, secret: true },
    );
    assert.deepEqual(store.rows.get('tenant-7 https://acme.atlassian.net'), tokens);
    assert.equal(await helper.grantFor(key).getAccessToken(), tokens.accessToken);
  });

  it('an expired or invalid code is a clear invalid_grant error, sent once (4xx is never retried)', async () => {
    const state = helper.createState();
    const before = mock.tokenRequests();
    await assert.rejects(helper.exchangeCode({ code: 'expired-code', state, expectedState: state }), (err: OAuthError) => {
      assert.equal(err.name, 'AtlassianOAuthError');
      assert.equal(err.code, 'invalid_grant');
      assert.equal(err.status, 403);
      assert.match(err.message, /403 invalid_grant: Invalid authorization code .*authorize again/);
      return true;
    });
    assert.equal(mock.tokenRequests() - before, 1);
  });

  it('rotates refresh tokens: the new one replaces the old, reusing the old fails with invalid_grant', async () => {
    const first = await grant();
    const second = await helper.refreshTokens(first.refreshToken ?? '', config);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.notEqual(second.accessToken, first.accessToken);
    await assert.rejects(helper.refreshTokens(first.refreshToken ?? '', config), /invalid_grant: Unknown or invalid refresh token/);
    const third = await helper.refreshTokens(second.refreshToken ?? '', config);
    assert.match(third.refreshToken ?? '', /^rt-\d+$/);
  });

  it('a store with latency and concurrent callers: the refresh token is spent once (the lock is taken before the read)', async () => {
    const granted = await grant();
    const store = new SlowStore(40);
    store.put(helper.DEFAULT_KEY, { ...granted, expiresAt: Date.now() - 1 });
    helper.setTokenStore(store);
    const before = mock.tokenRequests('refresh_token');
    const tokens = await Promise.all([helper.getAccessToken(), helper.getAccessToken(), helper.getAccessToken()]);
    assert.deepEqual(new Set(tokens).size, 1, 'every caller gets the same new token');
    assert.notEqual(tokens[0], granted.accessToken);
    assert.equal(mock.tokenRequests('refresh_token') - before, 1, 'one refresh, no invalid_grant');
    assert.equal(store.loads, 1, 'the callers shared one read');
    assert.notEqual(store.saved[0]?.refreshToken, granted.refreshToken, 'rotated refresh token saved');
    assert.equal(await helper.getAccessToken(), tokens[0], 'a fresh token is reused without a request');
    assert.equal(mock.tokenRequests('refresh_token') - before, 1);
  });

  it('a second caller arriving while the first saves the rotated token joins it (it never reads the spent token)', async () => {
    const granted = await grant();
    // Reads are slower than writes: a read started during the save would return the spent token after the save.
    const store = new SlowStore(40, undefined, 10);
    store.put(helper.DEFAULT_KEY, { ...granted, expiresAt: Date.now() - 1 });
    helper.setTokenStore(store);
    let second: Promise<string> | undefined;
    store.onSave = () => {
      second ??= helper.getAccessToken();
    };
    const first = await helper.getAccessToken();
    assert.ok(second, 'the second caller came during the save');
    assert.equal(await second, first);
    assert.equal(mock.log.filter((l) => l === `refresh ${granted.refreshToken}`).length, 1);
  });

  it('per-user, per-site token sets: each grant keeps its own tokens, refreshes and site', async () => {
    const store = new SlowStore(5);
    helper.setTokenStore(store);
    const alice = { user: 'alice', site: 'https://acme.atlassian.net' };
    const bob = { user: 'bob', site: 'beta.atlassian.net' };
    const s1 = helper.createState();
    const s2 = helper.createState();
    const a = await helper.exchangeCode({ code: 'good-code', state: s1, expectedState: s1, key: alice });
    const b = await helper.exchangeCode({ code: 'good-code', state: s2, expectedState: s2, key: bob });
    assert.equal(await helper.grantFor(alice).getAccessToken(), a.accessToken);
    assert.equal(await helper.grantFor(bob).getAccessToken(), b.accessToken);
    assert.equal(await helper.grantFor(alice).getCloudId(), 'cloud-acme', "the key's site picks the cloud id");
    assert.equal(await helper.grantFor(bob).getCloudId(), 'cloud-beta');
    // Both expire: two keys refresh in parallel, each with its own refresh token.
    store.put(alice, { ...a, expiresAt: 0 });
    store.put(bob, { ...b, expiresAt: 0 });
    helper.setTokenStore(store);
    const before = mock.tokenRequests('refresh_token');
    const [a2, b2] = await Promise.all([helper.grantFor(alice).getAccessToken(), helper.grantFor(bob).getAccessToken()]);
    assert.equal(mock.tokenRequests('refresh_token') - before, 2);
    assert.notEqual(a2, b2);
    assert.equal(store.rows.get('alice https://acme.atlassian.net')?.accessToken, a2);
    assert.equal(store.rows.get('bob beta.atlassian.net')?.accessToken, b2);
    await assert.rejects(helper.getAccessToken(), /No Atlassian OAuth tokens for user "default" yet: send the user to authorizationUrl\(\) and call exchangeCode\(\)/);
    await assert.rejects(helper.grantFor({ user: 'carol', site: 'https://acme.atlassian.net' }).getAccessToken(), /No Atlassian OAuth tokens for user "carol" on https:\/\/acme\.atlassian\.net yet/);
    assert.throws(() => helper.grantFor({ user: '', site: '' }), /needs a user/);
  });

  it('the in-memory default store keeps each key apart and says it is for one process only', async () => {
    const store = helper.createMemoryTokenStore();
    const t: TokenSet = { accessToken: 'a', expiresAt: 1, scope: '' };
    await store.save(t, { user: 'u', site: 'https://ACME.atlassian.net/' });
    assert.deepEqual(await store.load({ user: 'u', site: 'acme.atlassian.net' }), t, 'one site, written two ways');
    assert.equal(await store.load({ user: 'u', site: 'beta.atlassian.net' }), undefined);
    assert.equal(await store.load({ user: 'v', site: 'acme.atlassian.net' }), undefined);
    const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export function createMemoryTokenStore/.exec(OAUTH_HELPER_SOURCE)?.[1] ?? '';
    assert.match(doc.replace(/\s*\*\s*/g, ' '), /for ONE process only.*a restart loses the rotated refresh token/);
  });

  it('saves the rotated refresh token before the new access token is used; a failed save returns no token', async () => {
    const granted = await grant();
    const store = new SlowStore(20, mock.log);
    store.put(helper.DEFAULT_KEY, { ...granted, expiresAt: 0 });
    helper.setTokenStore(store);
    mock.log.length = 0;
    const token = await helper.getAccessToken();
    mock.log.push('used');
    const rotated = store.saved[0]?.refreshToken ?? '';
    assert.deepEqual(mock.log, ['load', `refresh ${granted.refreshToken}`, `saved ${rotated}`, 'used']);
    assert.equal(store.saved[0]?.accessToken, token);

    store.put(helper.DEFAULT_KEY, { ...store.saved[0]!, expiresAt: 0 });
    store.failSave = true;
    helper.setTokenStore(store);
    await assert.rejects(helper.getAccessToken(), /database unavailable/);
  });

  it('after the first rotation a restart never reuses the spent ATLASSIAN_REFRESH_TOKEN (it only seeds an empty store)', async () => {
    const granted = await grant();
    process.env['ATLASSIAN_REFRESH_TOKEN'] = granted.refreshToken ?? '';
    const database = new SlowStore(5);
    const first = load();
    first.setTokenStore(database);
    const t1 = await first.getAccessToken();
    assert.notEqual(t1, granted.accessToken);
    const rotated = database.rows.get('default ')?.refreshToken;
    assert.ok(rotated && rotated !== granted.refreshToken, 'the seed was refreshed and the rotated token stored');

    // Restart: a new process, the same database, the access token expired.
    database.put({ user: 'default', site: '' }, { ...database.rows.get('default ')!, expiresAt: 0 });
    const second = load();
    second.setTokenStore(database);
    const t2 = await second.getAccessToken();
    assert.notEqual(t2, t1);
    assert.deepEqual(
      mock.log.filter((l) => l === `refresh ${granted.refreshToken}` || l === `refresh ${rotated}`),
      [`refresh ${granted.refreshToken}`, `refresh ${rotated}`],
      'the environment token was spent once; the restart used the stored one',
    );

    // A restart with the one-process memory store has nothing but the spent seed: a clear error.
    const third = load();
    await assert.rejects(third.getAccessToken(), (err: OAuthError) => {
      assert.match(err.message, /invalid_grant.*ATLASSIAN_REFRESH_TOKEN only seeds an empty store and is spent by its first use/);
      assert.ok(!err.message.includes(granted.refreshToken ?? '?'), 'the token is never in a message');
      return true;
    });
  });

  it('another process that rotated first (store without a lock): the stored token is used, not invalid_grant', async () => {
    const granted = await grant();
    const database = new SlowStore(0);
    database.put(helper.DEFAULT_KEY, { ...granted, expiresAt: 0 });
    const a = load();
    const b = load();
    a.setTokenStore(database);
    let reads = 0;
    b.setTokenStore({
      // b read the row before a rotated it.
      load: async (key) => (reads++ === 0 ? { ...granted, expiresAt: 0 } : database.load(key)),
      save: (t, key) => database.save(t, key),
    });
    const ta = await a.getAccessToken();
    assert.equal(await b.getAccessToken(), ta);
  });

  it('retries 5xx answers and dropped connections with growing delays, then succeeds', async () => {
    const h = load(false);
    h.setTestEndpoints({ authBaseUrl: mock.base, apiBaseUrl: mock.base, backoffMs: 60 });
    mock.failures = ['503', 'reset'];
    const before = mock.requests.length;
    const state = h.createState();
    const tokens = await h.exchangeCode({ code: 'good-code', state, expectedState: state }, config);
    assert.match(tokens.accessToken, /^at-\d+$/);
    const attempts = mock.requests.slice(before).filter((r) => r.path === '/oauth/token');
    assert.equal(attempts.length, 3);
    const [t0, t1, t2] = attempts.map((r) => r.at) as [number, number, number];
    assert.ok(t1 - t0 >= 44, `first retry after >= 0.75 x 60 ms (was ${t1 - t0})`);
    assert.ok(t2 - t1 >= 89, `second retry after >= 0.75 x 120 ms (was ${t2 - t1})`);
  });

  it('gives up after three attempts with the last status; 4xx answers are final', async () => {
    mock.failures = ['503', '503', '503', '503'];
    const state = helper.createState();
    const before = mock.tokenRequests();
    await assert.rejects(helper.exchangeCode({ code: 'good-code', state, expectedState: state }), (err: OAuthError) => {
      assert.equal(err.status, 503);
      assert.match(err.message, /token request failed: 503 temporarily_unavailable/);
      return true;
    });
    assert.equal(mock.tokenRequests() - before, 3);
    mock.failures = [];
    helper.setTokenStore(helper.createMemoryTokenStore());
    const r0 = mock.tokenRequests();
    process.env['ATLASSIAN_REFRESH_TOKEN'] = 'rt-revoked';
    await assert.rejects(helper.getAccessToken(), /403 invalid_grant/);
    assert.equal(mock.tokenRequests() - r0, 1, 'invalid_grant is not retried');
  });

  it('times out a token endpoint that never answers, retrying before it gives up', async () => {
    const h = load(false);
    h.setTestEndpoints({ authBaseUrl: mock.base, apiBaseUrl: mock.base, timeoutMs: 150, backoffMs: 5 });
    mock.failures = ['hang'];
    const state = h.createState();
    const tokens = await h.exchangeCode({ code: 'good-code', state, expectedState: state }, config);
    assert.match(tokens.accessToken, /^at-\d+$/, 'the retry after the timeout succeeded');
    mock.failures = ['hang', 'hang', 'hang'];
    const before = mock.tokenRequests();
    const started = Date.now();
    await assert.rejects(h.exchangeCode({ code: 'good-code', state, expectedState: state }, config), (err: OAuthError) => {
      assert.equal(err.code, 'network_error');
      assert.match(err.message, /Atlassian token request failed after 3 attempts: timed out after 150 ms/);
      return true;
    });
    assert.equal(mock.tokenRequests() - before, 3);
    assert.ok(Date.now() - started < 5000);
  });

  it('refuses to follow a redirect from the token endpoint (the body holds the client secret)', async () => {
    mock.failures = ['redirect'];
    const state = helper.createState();
    const before = mock.requests.length;
    await assert.rejects(helper.exchangeCode({ code: 'good-code', state, expectedState: state }), /answered with a redirect \(307\), which is not followed/);
    assert.deepEqual(mock.requests.slice(before).map((r) => r.path), ['/oauth/token']);
  });

  it('a revoked refresh token or no tokens at all surface as clear errors without the token', async () => {
    helper.setTokenStore({ load: async () => ({ accessToken: '', refreshToken: 'rt-revoked', expiresAt: 0, scope: '' }), save: async () => undefined });
    await assert.rejects(helper.getAccessToken(), (err: OAuthError) => {
      assert.match(err.message, /invalid_grant.*authorize again/);
      assert.ok(!err.message.includes('rt-revoked'));
      assert.ok(!err.message.includes(CLIENT_SECRET));
      return true;
    });
    helper.setTokenStore(helper.createMemoryTokenStore());
    await assert.rejects(helper.getAccessToken(), /No Atlassian OAuth tokens for user "default" yet/);
  });

  it('a store written for the previous helper (load() and save(tokens), one account) still works', async () => {
    const granted = await grant();
    let row: TokenSet | undefined = { ...granted, expiresAt: 0 };
    const legacy = { load: async (): Promise<TokenSet | undefined> => row, save: async (t: TokenSet): Promise<void> => void (row = t) };
    helper.setTokenStore(legacy);
    const token = await helper.getAccessToken();
    assert.equal(row?.accessToken, token);
    assert.notEqual(row?.refreshToken, granted.refreshToken);
  });

  it('looks up the cloud id among several accessible sites', async () => {
    const granted = await grant();
    helper.setTokenStore({ load: async () => granted, save: async () => undefined });
    const sites = await helper.accessibleResources(granted.accessToken);
    assert.deepEqual(sites.map((s) => s.id), ['cloud-acme', 'cloud-beta']);
    const last = mock.requests[mock.requests.length - 1];
    assert.equal(last?.authorization, `Bearer ${granted.accessToken}`);
    assert.equal(await helper.getCloudId('https://beta.atlassian.net'), 'cloud-beta');
    assert.equal(await helper.getCloudId('acme.atlassian.net/'), 'cloud-acme');
    assert.equal(await helper.getCloudId('cloud-beta'), 'cloud-beta', 'a cloud id is accepted as the site');
    await assert.rejects(helper.getCloudId(), /Several Atlassian sites are authorized \(https:\/\/acme\.atlassian\.net, https:\/\/beta\.atlassian\.net\)/);
    await assert.rejects(helper.getCloudId('https://other.atlassian.net'), /does not cover https:\/\/other\.atlassian\.net/);
    await assert.rejects(helper.accessibleResources('not-a-token'), /accessible-resources failed: 401/);
    process.env['ATLASSIAN_CLOUD_ID'] = 'cloud-from-env';
    try {
      assert.equal(await helper.getCloudId('https://beta.atlassian.net'), 'cloud-from-env');
      assert.equal(await helper.grantFor({ user: 'alice', site: 'https://acme.atlassian.net' }).getCloudId(), 'cloud-acme', "ATLASSIAN_CLOUD_ID is the default key's only");
    } finally {
      delete process.env['ATLASSIAN_CLOUD_ID'];
    }
  });
});
