import { strict as assert } from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { migrateAll } from '../../support/migrate';

/**
 * "Behaviour kept" for the 3LO migration fix (issue 15): each call site runs before and after the fix,
 * both against an in-process fake of the network. Before: Basic auth to the site. After: the generated
 * helper gets a token from a mock auth.atlassian.com (refresh grant) and the cloud id from a mock
 * accessible-resources, and the call goes to api.atlassian.com/ex/{product}/{cloudId} with that Bearer
 * token. The same method, product path, query and body must reach Atlassian, and the function must
 * return what the API answered. Nothing leaves the process.
 */

const SITE = 'https://acme.atlassian.net';
const CLOUD_ID = 'cloud-4b1d';
const MOCK = 'http://127.0.0.1:9';
/** Generated per run: nothing secret-looking in the repository. */
const ACCESS = `at-${Math.random().toString(36).slice(2)}`;
const REFRESH = `rt-${Math.random().toString(36).slice(2)}`;

interface Sent {
  readonly method: string;
  readonly url: URL;
  readonly authorization: string;
  readonly body: string;
}

/** What reached the product (site or gateway), normalised to the product path. */
interface ProductCall {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
  readonly authorization: string;
}

class FakeNetwork {
  readonly sent: Sent[] = [];
  readonly product: ProductCall[] = [];

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init.headers);
    const body = typeof init.body === 'string' ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : '';
    const method = (init.method ?? 'GET').toUpperCase();
    this.sent.push({ method, url, authorization: headers.get('authorization') ?? '', body });
    const json = (v: unknown, status = 200): Response => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } });
    if (url.href.startsWith(`${MOCK}/auth/oauth/token`)) {
      const grant = JSON.parse(body || '{}') as Record<string, string>;
      if (grant['grant_type'] !== 'refresh_token' || grant['refresh_token'] !== REFRESH) return json({ error: 'invalid_grant' }, 403);
      return json({ access_token: ACCESS, refresh_token: `${REFRESH}-2`, expires_in: 3600, scope: 'read:jira-work write:jira-work offline_access' });
    }
    if (url.href.startsWith(`${MOCK}/api/oauth/token/accessible-resources`)) {
      return json([{ id: CLOUD_ID, url: SITE, name: 'acme', scopes: [] }]);
    }
    let productPath: string | undefined;
    if (url.origin === SITE) productPath = url.pathname;
    const gateway = /^\/ex\/(?:jira|confluence)\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (url.origin === 'https://api.atlassian.com' && gateway) {
      assert.equal(gateway[1], CLOUD_ID, 'the cloud id comes from accessible-resources');
      productPath = gateway[2];
    }
    if (productPath === undefined) throw new TypeError(`fetch failed: no route to ${url.origin} in this test`);
    this.product.push({ method, path: productPath, query: url.search, body, authorization: headers.get('authorization') ?? '' });
    return json({ echo: `${method} ${productPath}`, key: 'ACME-1', fields: { summary: 'Fix the build' } });
  };
}

interface Case {
  readonly name: string;
  /** The file with the call (TS), relative to the workspace. */
  readonly file: string;
  readonly code: string;
  /** Calls the module's export and returns what it returned. */
  readonly run: (mod: Record<string, (...a: unknown[]) => Promise<unknown>>) => Promise<unknown>;
}

const CASES: readonly Case[] = [
  {
    name: 'GET an issue with a query, template URL on a site constant, inline Basic header',
    file: 'src/issues.ts',
    code: `const site = process.env.JIRA_SITE ?? '${SITE}';
export async function getIssue(key: string): Promise<unknown> {
  const res = await fetch(\`\${site}/rest/api/3/issue/\${encodeURIComponent(key)}?fields=summary\`, {
    headers: { Authorization: \`Basic \${Buffer.from(\`bot@acme.com:\${process.env.JIRA_API_TOKEN}\`).toString('base64')}\`, Accept: 'application/json' },
  });
  return res.json();
}
`,
    run: (m) => m['getIssue']?.('ACME-1') ?? Promise.reject(new Error('no export')),
  },
  {
    name: 'PUT with a JSON body, URL concatenated, header in a const',
    file: 'src/labels.ts',
    code: `const JIRA = '${SITE}';
export async function setLabels(key: string, labels: string[]): Promise<number> {
  const authorization = 'Basic ' + Buffer.from('bot@acme.com:' + (process.env.JIRA_API_TOKEN ?? '')).toString('base64');
  const res = await fetch(JIRA + '/rest/api/3/issue/' + key, {
    method: 'PUT',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ fields: { labels } }),
  });
  return res.status;
}
`,
    run: (m) => m['setLabels']?.('ACME-2', ['ops', 'p1']) ?? Promise.reject(new Error('no export')),
  },
  {
    name: 'two calls through one private header helper (it becomes async)',
    file: 'src/jira.ts',
    code: `const baseUrl = process.env.JIRA_BASE_URL ?? '${SITE}';
const apiToken = process.env.JIRA_API_TOKEN ?? '';
function headers(): Record<string, string> {
  return { Authorization: 'Basic ' + btoa('ops@acme.com:' + apiToken), Accept: 'application/json' };
}
export async function myself(): Promise<unknown> {
  return (await fetch(\`\${baseUrl}/rest/api/3/myself\`, { headers: headers() })).json();
}
export async function comment(key: string, text: string): Promise<unknown> {
  const res = await fetch(\`\${baseUrl}/rest/api/3/issue/\${key}/comment\`, { method: 'POST', headers: headers(), body: JSON.stringify({ body: text }) });
  return res.json();
}
export async function both(): Promise<unknown[]> {
  return [await myself(), await comment('ACME-3', 'deployed')];
}
`,
    run: (m) => m['both']?.() ?? Promise.reject(new Error('no export')),
  },
  {
    name: 'POST search/jql with an options object built first',
    file: 'src/search.ts',
    code: `export async function search(jql: string): Promise<unknown> {
  const options = {
    method: 'POST',
    headers: { Authorization: \`Basic \${Buffer.from(\`ci@acme.com:\${process.env.JIRA_API_TOKEN}\`).toString('base64')}\`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ jql, maxResults: 50 }),
  };
  const res = await fetch('${SITE}/rest/api/3/search/jql', options);
  return res.json();
}
`,
    run: (m) => m['search']?.('project = ACME') ?? Promise.reject(new Error('no export')),
  },
  {
    name: 'Confluence pages with URLSearchParams',
    file: 'src/wiki.ts',
    code: `export async function pagesIn(spaceId: string): Promise<unknown> {
  const params = new URLSearchParams({ 'space-id': spaceId, limit: '25' });
  const auth = 'Basic ' + Buffer.from('docs@acme.com:' + (process.env.CONFLUENCE_API_TOKEN ?? '')).toString('base64');
  const res = await fetch(\`${SITE}/wiki/api/v2/pages?\${params}\`, { headers: { Authorization: auth } });
  return res.json();
}
`,
    run: (m) => m['pagesIn']?.('98304') ?? Promise.reject(new Error('no export')),
  },
];

/** Transpiles a workspace's TypeScript to CommonJS in a folder and returns a require for it. */
function load(files: ReadonlyMap<string, string>, dir: string): NodeRequire {
  for (const [p, text] of files) {
    if (!/\.ts$/.test(p)) continue;
    const out = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
    const abs = path.join(dir, p.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, out);
  }
  return createRequire(path.join(dir, 'index.js'));
}

describe('3LO migration keeps behaviour (run before and after the fix against a fake Atlassian)', () => {
  const ENV = ['ATLASSIAN_CLIENT_ID', 'ATLASSIAN_CLIENT_SECRET', 'ATLASSIAN_REFRESH_TOKEN', 'ATLASSIAN_CLOUD_ID', 'JIRA_API_TOKEN', 'CONFLUENCE_API_TOKEN', 'JIRA_SITE', 'JIRA_BASE_URL'];
  const saved = new Map<string, string | undefined>();
  const realFetch = globalThis.fetch;
  let root = '';

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-behaviour-'));
    for (const k of ENV) saved.set(k, process.env[k]);
    for (const k of ENV) delete process.env[k];
    process.env['JIRA_API_TOKEN'] = `fake-${Math.random().toString(36).slice(2)}`;
    process.env['CONFLUENCE_API_TOKEN'] = `fake-${Math.random().toString(36).slice(2)}`;
    process.env['ATLASSIAN_CLIENT_ID'] = 'client-id-for-tests';
    process.env['ATLASSIAN_CLIENT_SECRET'] = `s-${Math.random().toString(36).slice(2)}`;
    process.env['ATLASSIAN_REFRESH_TOKEN'] = REFRESH;
  });

  after(() => {
    globalThis.fetch = realFetch;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  CASES.forEach((c, i) => {
    it(c.name, async () => {
      const files = new Map([[c.file, c.code]]);
      const run = migrateAll(files);
      assert.deepEqual(run.left.map((f) => f.message), [], 'every API-token call was migrated');
      const helperPath = [...run.files.keys()].find((p) => /atlassianOAuth\.ts$/.test(p));
      assert.ok(helperPath, 'the helper was created');

      // Before: Basic auth straight to the site.
      const beforeNet = new FakeNetwork();
      globalThis.fetch = beforeNet.fetch as typeof fetch;
      const oldReq = load(files, path.join(root, `before-${i}`));
      const beforeResult = await c.run(oldReq(`./${c.file.replace(/\.ts$/, '')}`) as Record<string, (...a: unknown[]) => Promise<unknown>>);
      assert.ok(beforeNet.product.length > 0 && beforeNet.product.every((p) => p.authorization.startsWith('Basic ')));

      // After: the helper's mock token, the gateway, the same product calls.
      const afterNet = new FakeNetwork();
      globalThis.fetch = afterNet.fetch as typeof fetch;
      const newReq = load(run.files, path.join(root, `after-${i}`));
      const helper = newReq(`./${helperPath.replace(/\.ts$/, '')}`) as { setTestEndpoints(e: { authBaseUrl: string; apiBaseUrl: string }): void };
      helper.setTestEndpoints({ authBaseUrl: `${MOCK}/auth`, apiBaseUrl: `${MOCK}/api` });
      const afterResult = await c.run(newReq(`./${c.file.replace(/\.ts$/, '')}`) as Record<string, (...a: unknown[]) => Promise<unknown>>);

      const strip = (p: ProductCall): Omit<ProductCall, 'authorization'> => ({ method: p.method, path: p.path, query: p.query, body: p.body });
      assert.deepEqual(afterNet.product.map(strip), beforeNet.product.map(strip), 'the same requests reach the product');
      assert.ok(afterNet.product.every((p) => p.authorization === `Bearer ${ACCESS}`), 'each carries the OAuth access token');
      assert.ok(!afterNet.sent.some((s) => s.authorization.startsWith('Basic')), 'no Basic auth is sent any more');
      assert.ok(!afterNet.sent.some((s) => s.url.href.includes(process.env['JIRA_API_TOKEN'] ?? '\0')), 'the API token is not sent');
      assert.deepEqual(afterResult, beforeResult, 'the function returns what the API answered, as before');
      // One refresh for all calls of the case.
      assert.equal(afterNet.sent.filter((s) => s.url.pathname.endsWith('/oauth/token')).length, 1);
    });
  });
});
