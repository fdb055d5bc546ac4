import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { OAUTH_HELPER_SOURCE } from '../../../server/src/core/migration/oauth-helper';

/**
 * The helper the 3LO fix writes into a workspace, compiled and run against a mock of
 * auth.atlassian.com and api.atlassian.com on 127.0.0.1 (no other network).
 */

interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt: number;
  readonly scope: string;
}
interface Config {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri?: string;
  readonly authBaseUrl: string;
  readonly apiBaseUrl: string;
}
interface Store {
  load(): Promise<TokenSet | undefined>;
  save(t: TokenSet): Promise<void>;
}
interface Helper {
  oauthConfig(o?: Partial<Config>): Config;
  createState(): string;
  verifyState(expected: string, received: string | null | undefined): void;
  authorizationUrl(scopes: readonly string[], state: string, config?: Config): string;
  exchangeCode(code: string, config?: Config): Promise<TokenSet>;
  refreshTokens(refreshToken: string, config?: Config): Promise<TokenSet>;
  accessibleResources(accessToken: string, config?: Config): Promise<{ id: string; url: string; name: string }[]>;
  setTokenStore(store: Store, overrides?: Partial<Config>): void;
  getAccessToken(): Promise<string>;
  getCloudId(siteUrl?: string): Promise<string>;
  AtlassianOAuthError: new (...args: never[]) => Error;
}

const CLIENT_ID = 'client-id-for-tests';
/** Generated per run: no secret-looking literal in the repository. */
const CLIENT_SECRET = `s-${Math.random().toString(36).slice(2)}`;
const REDIRECT = 'https://app.example.com/oauth/callback';

/** A mock Atlassian authorization server: one valid code, rotating single-use refresh tokens. */
class MockAtlassian {
  readonly requests: { path: string; body: Record<string, unknown>; authorization?: string }[] = [];
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
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
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
    this.requests.push({ path: req.url ?? '', body, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    if (req.method === 'POST' && req.url === '/oauth/token') {
      if (body['client_id'] !== CLIENT_ID || body['client_secret'] !== CLIENT_SECRET) return this.json(res, 401, { error: 'access_denied', error_description: 'Unauthorized' });
      if (body['grant_type'] === 'authorization_code') {
        if (body['code'] === 'good-code' && body['redirect_uri'] === REDIRECT) return this.issue(res);
        return this.json(res, 403, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
      }
      if (body['grant_type'] === 'refresh_token') {
        const rt = String(body['refresh_token']);
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

function memoryStore(initial: TokenSet | undefined): Store & { saved: TokenSet[] } {
  let current = initial;
  const saved: TokenSet[] = [];
  return {
    saved,
    load: async () => current,
    save: async (t) => {
      current = t;
      saved.push(t);
    },
  };
}

describe('generated atlassianOAuth.ts against a mock token server on loopback', () => {
  const mock = new MockAtlassian();
  let helper: Helper;
  let config: Config;
  const saved = { ...process.env };

  before(async () => {
    await mock.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-oauth-'));
    const js = ts.transpileModule(OAUTH_HELPER_SOURCE, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = path.join(dir, 'atlassianOAuth.js');
    fs.writeFileSync(file, js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    helper = require(file) as Helper;
    process.env['ATLASSIAN_CLIENT_ID'] = CLIENT_ID;
    process.env['ATLASSIAN_CLIENT_SECRET'] = CLIENT_SECRET;
    process.env['ATLASSIAN_REDIRECT_URI'] = REDIRECT;
    delete process.env['ATLASSIAN_CLOUD_ID'];
    config = helper.oauthConfig({ authBaseUrl: mock.base, apiBaseUrl: mock.base });
  });

  after(async () => {
    await mock.stop();
    for (const k of ['ATLASSIAN_CLIENT_ID', 'ATLASSIAN_CLIENT_SECRET', 'ATLASSIAN_REDIRECT_URI', 'ATLASSIAN_CLOUD_ID']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('defaults to auth.atlassian.com and api.atlassian.com, reads the secret from the environment', () => {
    const c = helper.oauthConfig();
    assert.equal(c.authBaseUrl, 'https://auth.atlassian.com');
    assert.equal(c.apiBaseUrl, 'https://api.atlassian.com');
    assert.equal(c.clientSecret, CLIENT_SECRET);
    assert.ok(!OAUTH_HELPER_SOURCE.includes(CLIENT_SECRET));
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
    helper.verifyState(state, state);
    assert.throws(() => helper.verifyState(state, 'forged'), /state mismatch/);
    assert.throws(() => helper.verifyState(state, undefined), /state mismatch/);
  });

  it('exchanges an authorization code for tokens (client secret sent only to the token endpoint)', async () => {
    const tokens = await helper.exchangeCode('good-code', config);
    assert.match(tokens.accessToken, /^at-\d+$/);
    assert.match(tokens.refreshToken ?? '', /^rt-\d+$/);
    assert.ok(tokens.expiresAt > Date.now() + 3500_000);
    const last = mock.requests[mock.requests.length - 1];
    assert.deepEqual(
      { grant: last?.body['grant_type'], code: last?.body['code'], redirect: last?.body['redirect_uri'], secret: last?.body['client_secret'] === CLIENT_SECRET },
      { grant: 'authorization_code', code: 'good-code', redirect: REDIRECT, secret: true },
    );
  });

  it('an expired or invalid code is a clear invalid_grant error', async () => {
    await assert.rejects(helper.exchangeCode('expired-code', config), (err: Error & { code?: string; status?: number }) => {
      assert.equal(err.name, 'AtlassianOAuthError');
      assert.equal(err.code, 'invalid_grant');
      assert.equal(err.status, 403);
      assert.match(err.message, /403 invalid_grant: Invalid authorization code .*authorize again/);
      return true;
    });
  });

  it('rotates refresh tokens: the new one replaces the old, reusing the old fails with invalid_grant', async () => {
    const first = await helper.exchangeCode('good-code', config);
    const second = await helper.refreshTokens(first.refreshToken ?? '', config);
    assert.notEqual(second.refreshToken, first.refreshToken);
    assert.notEqual(second.accessToken, first.accessToken);
    await assert.rejects(helper.refreshTokens(first.refreshToken ?? '', config), /invalid_grant: Unknown or invalid refresh token/);
    const third = await helper.refreshTokens(second.refreshToken ?? '', config);
    assert.match(third.refreshToken ?? '', /^rt-\d+$/);
  });

  it('getAccessToken refreshes an expired token once, even for parallel callers, and stores the rotated refresh token', async () => {
    const granted = await helper.exchangeCode('good-code', config);
    const store = memoryStore({ ...granted, expiresAt: Date.now() - 1 });
    helper.setTokenStore(store, { authBaseUrl: mock.base, apiBaseUrl: mock.base });
    const before = mock.requests.length;
    const [a, b, c] = await Promise.all([helper.getAccessToken(), helper.getAccessToken(), helper.getAccessToken()]);
    assert.equal(a, b);
    assert.equal(b, c);
    assert.notEqual(a, granted.accessToken);
    assert.equal(mock.requests.slice(before).filter((r) => r.body['grant_type'] === 'refresh_token').length, 1, 'one refresh');
    assert.equal(store.saved.length, 1);
    assert.notEqual(store.saved[0]?.refreshToken, granted.refreshToken, 'rotated refresh token saved');
    assert.equal(await helper.getAccessToken(), a, 'a fresh token is reused without a request');
  });

  it('a revoked refresh token surfaces as a clear error from getAccessToken', async () => {
    helper.setTokenStore(memoryStore({ accessToken: '', refreshToken: 'rt-revoked', expiresAt: 0, scope: '' }), { authBaseUrl: mock.base, apiBaseUrl: mock.base });
    await assert.rejects(helper.getAccessToken(), /invalid_grant.*authorize again/);
    helper.setTokenStore(memoryStore(undefined), { authBaseUrl: mock.base, apiBaseUrl: mock.base });
    await assert.rejects(helper.getAccessToken(), /No Atlassian OAuth tokens yet/);
  });

  it('looks up the cloud id among several accessible sites', async () => {
    const granted = await helper.exchangeCode('good-code', config);
    helper.setTokenStore(memoryStore(granted), { authBaseUrl: mock.base, apiBaseUrl: mock.base });
    const sites = await helper.accessibleResources(granted.accessToken, config);
    assert.deepEqual(sites.map((s) => s.id), ['cloud-acme', 'cloud-beta']);
    const last = mock.requests[mock.requests.length - 1];
    assert.equal(last?.authorization, `Bearer ${granted.accessToken}`);
    assert.equal(await helper.getCloudId('https://beta.atlassian.net'), 'cloud-beta');
    assert.equal(await helper.getCloudId('acme.atlassian.net/'), 'cloud-acme');
    await assert.rejects(helper.getCloudId(), /Several Atlassian sites are authorized \(https:\/\/acme\.atlassian\.net, https:\/\/beta\.atlassian\.net\)/);
    await assert.rejects(helper.getCloudId('https://other.atlassian.net'), /does not cover https:\/\/other\.atlassian\.net/);
    await assert.rejects(helper.accessibleResources('not-a-token', config), /accessible-resources failed: 401/);
    process.env['ATLASSIAN_CLOUD_ID'] = 'cloud-from-env';
    try {
      assert.equal(await helper.getCloudId('https://beta.atlassian.net'), 'cloud-from-env');
    } finally {
      delete process.env['ATLASSIAN_CLOUD_ID'];
    }
  });
});
