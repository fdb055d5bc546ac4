import { strict as assert } from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { helperFor } from '../../../server/src/core/migration/helper';
import { typedJavaScript } from '../../../server/src/core/migration/jsdoc-emit';
import { OAUTH_HELPER_SOURCE } from '../../../server/src/core/migration/oauth-helper';
import { analyseAll } from '../../support/migrate';
import { VIRTUAL_ROOT } from '../../support/typecheck';

/**
 * The helper as the 3LO fix writes it (TypeScript, or JavaScript for plain-JS projects) compiles in the
 * projects partners have: `tsc --strict` in an ES-module package (`"module": "nodenext"`) and in a
 * CommonJS one, JavaScript with `checkJs`, each with a caller that uses the whole public API. The
 * tool finds nothing to report in it, and the fix's note describes one vendor-owned app and the state check.
 */

/** Type-checks one virtual project (absolute path → text) with the given options; `file:line message` per error. */
function check(files: ReadonlyMap<string, string>, options: ts.CompilerOptions): string[] {
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = files.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, version, true) : getSourceFile(name, version, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
  const directoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (dir) => [...files.keys()].some((f) => f.startsWith(path.resolve(dir) + path.sep)) || (directoryExists ? directoryExists(dir) : false);
  const rootNames = [...files.keys()].filter((f) => /\.[cm]?[jt]s$/.test(f));
  const program = ts.createProgram({ rootNames, options, host });
  return [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()].map((d) => {
    const where = d.file && d.start !== undefined ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '(global)';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

const STRICT: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  skipLibCheck: true,
};
const NODENEXT = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
const COMMONJS = { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true };
const CHECK_JS = { allowJs: true, checkJs: true };

/** A caller using every public name, as a partner's server would. */
const TS_CALLER = (from: string): string => `import {
  DEFAULT_KEY, AtlassianOAuthError, createMemoryTokenStore, createState, exchangeCode, getAccessToken, getCloudId, grantFor,
  setTokenStore, type Grant, type TokenKey, type TokenSet, type TokenStore,
} from '${from}';

class DatabaseStore implements TokenStore {
  private readonly rows = new Map<string, TokenSet>();
  async load(key: TokenKey): Promise<TokenSet | undefined> {
    return this.rows.get(key.user + ' ' + key.site);
  }
  async save(tokens: TokenSet, key: TokenKey): Promise<void> {
    this.rows.set(key.user + ' ' + key.site, tokens);
  }
  async withLock<T>(_key: TokenKey, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}

/** A store written for the previous helper (one account, no key) still type-checks. */
const oneAccount: TokenStore = { load: async () => undefined, save: async (_tokens: TokenSet) => undefined };
setTokenStore(process.env['DATABASE_URL'] ? new DatabaseStore() : oneAccount);
setTokenStore(createMemoryTokenStore());

export async function callback(query: URLSearchParams, session: { state: string; tenant: string }): Promise<string> {
  const tokens = await exchangeCode({ code: query.get('code'), state: query.get('state'), expectedState: session.state, key: { user: session.tenant, site: '' } });
  return tokens.scope;
}

export async function myself(tenant: string, siteUrl: string): Promise<unknown> {
  const grant: Grant = grantFor({ user: tenant, site: siteUrl });
  const res = await fetch('https://api.atlassian.com/ex/jira/' + (await grant.getCloudId()) + '/rest/api/3/myself', {
    headers: { Authorization: 'Bearer ' + (await grant.getAccessToken()) },
  });
  return res.json();
}

export async function single(): Promise<string> {
  try {
    return (await getCloudId('https://acme.atlassian.net')) + (await getAccessToken()) + createState() + DEFAULT_KEY.user;
  } catch (err) {
    if (err instanceof AtlassianOAuthError) return String(err.status ?? err.code);
    throw err;
  }
}
`;

const JS_BODY = `/** @param {string} tenant @param {string} siteUrl */
async function myself(tenant, siteUrl) {
  const grant = grantFor({ user: tenant, site: siteUrl });
  const res = await fetch('https://api.atlassian.com/ex/jira/' + (await grant.getCloudId()) + '/rest/api/3/myself', {
    headers: { Authorization: 'Bearer ' + (await grant.getAccessToken()) },
  });
  return res.json();
}

/** @param {URLSearchParams} query @param {{ state: string }} session */
async function callback(query, session) {
  const tokens = await exchangeCode({ code: query.get('code'), state: query.get('state'), expectedState: session.state });
  return tokens.scope + (await getAccessToken()) + (await getCloudId());
}
`;

interface Project {
  readonly name: string;
  readonly options: ts.CompilerOptions;
  readonly files: Record<string, string>;
  /** The file that imports the helper, whose path decides the helper's language and module format. */
  readonly caller: string;
  readonly callerText: (specifier: string) => string;
  readonly helperPath: string;
}

const PROJECTS: Project[] = [
  {
    name: 'TypeScript, ES module package ("module": "nodenext", "type": "module")',
    options: { ...STRICT, ...NODENEXT },
    files: { 'package.json': '{ "type": "module", "devDependencies": { "typescript": "^5" } }\n', 'tsconfig.json': '{ "compilerOptions": { "module": "nodenext", "strict": true } }\n' },
    caller: 'src/jira.ts',
    callerText: TS_CALLER,
    helperPath: 'src/atlassianOAuth.ts',
  },
  {
    name: 'TypeScript, CommonJS',
    options: { ...STRICT, ...COMMONJS },
    files: { 'package.json': '{ "devDependencies": { "typescript": "^5" } }\n', 'tsconfig.json': '{ "compilerOptions": { "module": "commonjs", "strict": true } }\n' },
    caller: 'src/jira.ts',
    callerText: TS_CALLER,
    helperPath: 'src/atlassianOAuth.ts',
  },
  {
    name: 'JavaScript, CommonJS, checkJs',
    options: { ...STRICT, ...COMMONJS, ...CHECK_JS },
    files: { 'package.json': '{ "name": "sync" }\n' },
    caller: 'src/jira.js',
    callerText: (spec) => `'use strict';\nconst { exchangeCode, getAccessToken, getCloudId, grantFor } = require('${spec}');\n\n${JS_BODY}\nmodule.exports = { myself, callback };\n`,
    helperPath: 'src/atlassianOAuth.js',
  },
  {
    name: 'JavaScript, ES module package, checkJs',
    options: { ...STRICT, ...NODENEXT, ...CHECK_JS },
    files: { 'package.json': '{ "name": "sync", "type": "module" }\n' },
    caller: 'src/jira.js',
    callerText: (spec) => `import { exchangeCode, getAccessToken, getCloudId, grantFor } from '${spec}';\n\n${JS_BODY}\nexport { myself, callback };\n`,
    helperPath: 'src/atlassianOAuth.js',
  },
];

describe('the generated atlassianOAuth helper compiles where the fix writes it', () => {
  PROJECTS.forEach((p, i) => {
    it(`${p.name}: tsc --strict finds no error in the helper or its caller`, function () {
      this.timeout(60_000);
      const root = path.join(VIRTUAL_ROOT, `oauth-helper-${i}`);
      // The caller's module syntax decides the helper's; a non-relative specifier keeps its import style undecided.
      const probe = p.callerText('atlassian-oauth');
      const plan = helperFor(p.caller, ts.createSourceFile(p.caller, probe, ts.ScriptTarget.ES2022, true), (q) => p.files[q]);
      assert.equal(plan.path, p.helperPath);
      const files = new Map<string, string>();
      for (const [rel, text] of Object.entries(p.files)) files.set(path.join(root, rel), text);
      files.set(path.join(root, plan.path), plan.source);
      files.set(path.join(root, p.caller), p.callerText(plan.specifier));
      assert.deepEqual(check(files, p.options), []);
    });
  });

  it('a caller that passes no state, or the old code-only signature, does not compile', () => {
    const root = path.join(VIRTUAL_ROOT, 'oauth-helper-nostate');
    const files = new Map([
      [path.join(root, 'src/atlassianOAuth.ts'), OAUTH_HELPER_SOURCE],
      [path.join(root, 'src/cb.ts'), "import { exchangeCode } from './atlassianOAuth';\nexport const a = exchangeCode({ code: 'c', state: 's' });\nexport const b = exchangeCode('c');\n"],
    ]);
    const errors = check(files, { ...STRICT, ...COMMONJS });
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0] ?? '', /cb\.ts:2 [\s\S]*expectedState/);
    assert.match(errors[1] ?? '', /cb\.ts:3 /);
  });
});

describe('the generated atlassianOAuth helper, read by Marketplace Guard itself', () => {
  for (const [p, source] of [
    ['src/atlassianOAuth.ts', OAUTH_HELPER_SOURCE],
    ['src/atlassianOAuth.js', typedJavaScript(OAUTH_HELPER_SOURCE, ts.ModuleKind.CommonJS)],
    ['src/atlassianOAuth.mjs', typedJavaScript(OAUTH_HELPER_SOURCE, ts.ModuleKind.ES2022)],
  ] as const) {
    it(`${p}: no finding of any rule`, () => {
      const findings = analyseAll(new Map([[p, source]]));
      assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.start.line} ${f.message}`), []);
    });
  }

  it('its comments describe one vendor-owned app that customers only consent to, and the state check', () => {
    const header = /^\/\*\*([\s\S]*?)\*\//.exec(OAUTH_HELPER_SOURCE)?.[1]?.replace(/\n\s*\*/g, ' ').replace(/\s+/g, ' ') ?? '';
    assert.match(header, /ONE OAuth 2\.0 \(3LO\) app for the whole product, owned by you \(the vendor\): you register it once/);
    assert.match(header, /Customers only consent on Atlassian's screen; they never receive or provide this app's credentials/);
    assert.match(header, /rejects a state that is not the one this user's request carried \(CSRF\)/);
    assert.match(header, /Atlassian's 3LO does not document PKCE/);
    assert.doesNotMatch(OAUTH_HELPER_SOURCE, /console\/myapps/, 'no link sending anyone to create an app');
  });
});

describe('the 3LO fix note', () => {
  it('describes the vendor\'s one app, the state (CSRF) check and a persistent store; never customer credentials', () => {
    const file = 'src/issues.ts';
    const code = `export async function getIssue(key: string): Promise<unknown> {
  const auth = 'Basic ' + Buffer.from(\`\${process.env.JIRA_EMAIL}:\${process.env.JIRA_API_TOKEN}\`).toString('base64');
  const res = await fetch(\`https://acme.atlassian.net/rest/api/3/issue/\${key}\`, { headers: { Authorization: auth } });
  return res.json();
}
`;
    const finding = analyseAll(new Map([[file, code]])).find((f) => f.ruleId === 'no-api-token-basic-auth');
    const fix = finding?.fixes.find((f) => f.title.startsWith('Migrate to OAuth 2.0 (3LO)'));
    assert.ok(fix, 'the 3LO fix is offered');
    assert.deepEqual(fix.createFiles, { 'src/atlassianOAuth.ts': OAUTH_HELPER_SOURCE });
    const note = fix.note ?? '';
    assert.match(note, /^Use one OAuth 2\.0 \(3LO\) app, yours: register it once in the Atlassian developer console/);
    assert.match(note, /customers only consent, they never create an app or hand you credentials/);
    assert.match(note, /exchangeCode\(\{ code, state, expectedState \}\) rejects a state that does not match \(CSRF\)/);
    assert.match(note, /the in-memory default is for one process/);
    assert.match(note, /Scopes: .*read:jira-work.*, plus offline_access\. Then revoke the API token\.$/);
    assert.doesNotMatch(note, /\b(?:ask|have|let) (?:the |your )?customers? (?:to )?(?:create|register|enter|paste)/i);
  });
});
