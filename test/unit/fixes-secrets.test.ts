import { strict as assert } from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { analyseFile } from '../../server/src/core/engine';
import { applyFix } from '../../server/src/core/fixes';
import type { Finding } from '../../server/src/core/model';
import { fakeClientSecret, randomAlnum } from '../support/secrets';

/**
 * SPEC §4.1 fixes, end to end: every fix of the client-secret and redirect rules is applied, the fixed
 * file is analysed again with every rule (the finding is gone and nothing new appears), and the fixed
 * TypeScript files type-check against the real `@forge/api`, `@forge/kvs` and Node types, in one program.
 */

const SECRET_RULES = new Set([
  'no-hardcoded-client-secret', 'no-hardcoded-signing-key', 'no-client-secret-in-frontend', 'no-plaintext-secret-storage',
  'no-secret-logging', 'redirect-uri-insecure', 'redirect-uri-untrusted-host',
]);

interface Fixture {
  readonly file: string;
  readonly code: string;
  readonly forge: boolean;
  /** False where the original cannot type-check against today's types (legacy `storage` left @forge/api in v8). */
  readonly typecheck?: boolean;
}

const secret = fakeClientSecret();
const key = randomAlnum(32);

const FIXTURES: readonly Fixture[] = [
  {
    file: 'src/resolvers/token.ts',
    forge: true,
    code: [
      "import api from '@forge/api';",
      'export async function refresh(refreshToken: string): Promise<unknown> {',
      `  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'abc', client_secret: '${secret}', refresh_token: refreshToken });`,
      "  const res = await api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: body.toString() });",
      '  return res.json();',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/config.ts',
    forge: true,
    code: [
      `const CLIENT_SECRET: string = '${secret}';`,
      'export function credentials(): { clientSecret: string } {',
      '  return { clientSecret: CLIENT_SECRET };',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/webhook.ts',
    forge: true,
    code: [
      "import api from '@forge/api';",
      'export async function trigger(url: string): Promise<number> {',
      `  const res = await api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': '${key}' } });`,
      '  return res.status;',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/hmac.ts',
    forge: true,
    code: [
      "import { createHmac } from 'crypto';",
      'export async function sign(body: string): Promise<string> {',
      `  return createHmac('sha256', '${key}').update(body).digest('hex');`,
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/store.ts',
    forge: true,
    code: [
      "import { kvs } from '@forge/kvs';",
      'export async function save(accountId: string, refreshToken: string): Promise<void> {',
      '  await kvs.set(`refresh-token:${accountId}`, refreshToken);',
      '}',
      'export async function load(accountId: string): Promise<string | undefined> {',
      '  return kvs.get<string>(`refresh-token:${accountId}`);',
      '}',
      'export async function forget(accountId: string): Promise<void> {',
      '  await kvs.delete(`refresh-token:${accountId}`);',
      '}',
      '',
    ].join('\n'),
  },
  {
    file: 'src/legacy-store.ts',
    forge: true,
    typecheck: false,
    code: [
      "import { storage } from '@forge/api';",
      "const KEY = 'oauth-access-token';",
      'export const save = (accessToken: string): Promise<void> => storage.set(KEY, accessToken);',
      'export const load = (): Promise<string | undefined> => storage.get(KEY);',
      '',
    ].join('\n'),
  },
  {
    file: 'server/oauth.ts',
    forge: false,
    code: [
      `const clientSecret = '${secret}';`,
      "const redirectUri = 'http://jira-sync.acme.com/callback';",
      'export function tokenRequest(code: string): URLSearchParams {',
      "  return new URLSearchParams({ grant_type: 'authorization_code', client_id: 'abc', client_secret: clientSecret, code, redirect_uri: redirectUri });",
      '}',
      '',
    ].join('\n'),
  },
];

function analyse(file: string, text: string, forge: boolean): Finding[] {
  const r = analyseFile(file, text, { forgeRoots: new Set(forge ? [''] : []) });
  assert.deepEqual(r.failures, []);
  return r.findings;
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

const ROOT = path.resolve(__dirname, '..', '..');
const VIRTUAL = path.join(ROOT, 'test', '.typecheck');

/** Type-checks many in-memory files in one program; returns the diagnostics by virtual name. */
function typeCheck(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'], skipLibCheck: true, esModuleInterop: true, lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const byPath = new Map([...files].map(([name, text]) => [path.join(VIRTUAL, name), text]));
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, lang, onError, create) => {
    const text = byPath.get(path.resolve(fileName));
    return text !== undefined ? ts.createSourceFile(fileName, text, lang, true) : getSourceFile(fileName, lang, onError, create);
  };
  host.fileExists = (f) => byPath.has(path.resolve(f)) || fileExists(f);
  host.readFile = (f) => byPath.get(path.resolve(f)) ?? readFile(f);
  const program = ts.createProgram([...byPath.keys()], options, host);
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const name = d.file ? path.relative(VIRTUAL, d.file.fileName) : '(global)';
    const list = out.get(name) ?? [];
    list.push(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    out.set(name, list);
  }
  return out;
}

describe('client-secret and redirect fixes (§4.1): applied, re-analysed, type-checked', function () {
  this.timeout(60_000);
  const toCheck = new Map<string, string>();
  let applied = 0;

  for (const fx of FIXTURES) {
    it(`${fx.file}: every fix removes its finding and adds none`, () => {
      const before = analyse(fx.file, fx.code, fx.forge);
      const ours = before.filter((f) => SECRET_RULES.has(f.ruleId) && f.fixes.length > 0);
      assert.ok(ours.length > 0, `no fixable finding in ${fx.file}: ${before.map((f) => f.ruleId).join(', ')}`);
      if (fx.typecheck !== false) toCheck.set(`original/${fx.file}`, fx.code);
      ours.forEach((finding, i) => {
        finding.fixes.forEach((fix, j) => {
          const after = applyFix(new Map([[fx.file, fx.code]]), fx.file, fix);
          const fixed = after.get(fx.file) ?? '';
          if (/hardcoded/.test(finding.ruleId)) assert.ok(!fixed.includes(secret) && !fixed.includes(key), `${fix.title}: the literal leaves the file`);
          const again = counts(analyse(fx.file, fixed, fx.forge));
          const was = counts(before);
          assert.ok((again.get(finding.ruleId) ?? 0) < (was.get(finding.ruleId) ?? 0), `${fix.title}: ${finding.ruleId} still reported`);
          for (const [rule, n] of again) assert.ok(n <= (was.get(rule) ?? 0), `${fix.title}: new ${rule} finding`);
          for (const d of fix.envDeclarations ?? []) assert.strictEqual(after.get(d.file), `${d.name}=\n`, `${fix.title}: ${d.file}`);
          if (fx.typecheck !== false) toCheck.set(`fixed/${i}-${j}/${fx.file}`, fixed);
          applied++;
        });
      });
    });
  }

  it('every Forge fix action is exercised (encrypted variable, secret storage, setSecret rewrite, https)', () => {
    const titles = FIXTURES.flatMap((fx) => analyse(fx.file, fx.code, fx.forge).flatMap((f) => f.fixes.map((x) => x.title.replace(/\(.*$/, '').trim())));
    for (const t of ['Move to a Forge encrypted variable', 'Move to Forge secret storage', 'Use kvs.setSecret and kvs.getSecret', 'Use https://', 'Read CLIENT_SECRET from the environment']) {
      assert.ok(titles.includes(t), `${t} not offered: ${[...new Set(titles)].join(' | ')}`);
    }
    assert.ok(applied >= 10, `only ${applied} fixes applied`);
  });

  it('the original and every fixed file type-check against the real @forge/api and @forge/kvs types', () => {
    assert.ok(toCheck.size > FIXTURES.length);
    // A control file proves the check can fail: getSecret resolves to a Promise, not a number.
    toCheck.set('control/broken.ts', "import { kvs } from '@forge/kvs';\nexport const n: number = kvs.getSecret<string>('x');\n");
    const errors = typeCheck(toCheck);
    assert.equal(errors.get('control/broken.ts')?.length, 1, 'the control file must fail');
    errors.delete('control/broken.ts');
    assert.deepEqual(Object.fromEntries(errors), {});
  });
});
