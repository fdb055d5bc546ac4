import { strict as assert } from 'assert';
import * as path from 'path';
import * as ts from 'typescript';
import { analyseFile } from '../../../server/src/core/engine';
import { applyFix } from '../../../server/src/core/fixes';
import type { Finding } from '../../../server/src/core/model';
import { assertShortTitle } from '../../support/fix-title';
import { fakeClientSecret, randomAlnum, windows } from '../../support/secrets';
import { VIRTUAL_ROOT, virtualProgram } from '../../support/typecheck';
import { assertShortMessage } from '../../support/message';

/**
 * SPEC §4.1 "Move a secret", issue 15: a fix is offered only when it is correct. Each case is a
 * realistic place a secret sits (TS and JS, ES modules and CommonJS, Forge and not). Offered: every
 * fix is applied, the file analysed again (the finding is gone, nothing new appears, the literal has
 * left) and the original and every fixed file type-checked in one program (`strict`, JS with
 * `checkJs`, each case in a folder whose package.json says ESM or CommonJS). Refused: no fix, and
 * the message says why.
 */

const MOVE_RULES = new Set(['no-hardcoded-client-secret', 'no-hardcoded-signing-key']);

interface Offered {
  /** One pattern per fix title, in order, for the first finding. */
  readonly titles: readonly RegExp[];
  /** Text the first fix's output must contain. */
  readonly contains?: readonly string[];
  /** The environment names the file's findings' first fixes must use, all distinct. */
  readonly names?: readonly string[];
}

interface Case {
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly module: 'esm' | 'cjs';
  readonly forge?: boolean;
  readonly resources?: readonly string[];
  readonly offered?: Offered;
  /** Every finding of the move rules is refused with this reason. */
  readonly refused?: RegExp;
  /** The secrets in the code: no message or fix may show a piece of one. */
  readonly secrets: readonly string[];
  /** Other files of the project (workspace-relative to the case), e.g. a `jsconfig.json`. */
  readonly files?: Readonly<Record<string, string>>;
}

const s1 = fakeClientSecret();
const s2 = fakeClientSecret();
const g1 = randomAlnum(40);
const g2 = randomAlnum(40);
const k1 = randomAlnum(32);
const k2 = randomAlnum(32);

const ENV_TITLE = /^Read [A-Z_]+ from the environment$/;
const ENC_TITLE = /^Move to a Forge encrypted variable \(process\.env\.[A-Z_]+\)$/;
const KVS_TITLE = /^Move to Forge secret storage \(kvs\.getSecret\('[a-z-]+'\)\)$/;

const CASES: readonly Case[] = [
  {
    name: 'ESM TS service: exported const',
    file: 'svc/src/oauth.ts', module: 'esm', secrets: [g1],
    code: `export const clientSecret = '${g1}';\nexport const tokenBody = (code: string): URLSearchParams => new URLSearchParams({ client_secret: clientSecret, code });\n`,
    offered: { titles: [ENV_TITLE], contains: ["export const clientSecret = process.env.CLIENT_SECRET ?? '';"] },
  },
  {
    name: 'config object under `as const`',
    file: 'src/config.ts', module: 'cjs', secrets: [s1],
    code: `export const config = { clientId: 'abc', clientSecret: '${s1}', scopes: ['read:jira-work'] } as const;\nexport function secret(): string {\n  return config.clientSecret;\n}\n`,
    offered: { titles: [ENV_TITLE], contains: ["clientSecret: process.env.CLIENT_SECRET ?? '', scopes: ['read:jira-work'] } as const;"] },
  },
  {
    name: "`'…' as const` (TS1355 before): the assertion goes with the literal",
    file: 'src/constants.ts', module: 'esm', secrets: [s1],
    code: `export const CLIENT_SECRET = '${s1}' as const;\nexport const form: Record<string, string> = { client_secret: CLIENT_SECRET };\n`,
    offered: { titles: [ENV_TITLE], contains: ["export const CLIENT_SECRET = process.env.CLIENT_SECRET ?? '';"] },
  },
  {
    name: "`<const>'…'` type assertion",
    file: 'src/legacy.ts', module: 'cjs', secrets: [g1],
    code: `export const clientSecret = <const>'${g1}';\n`,
    offered: { titles: [ENV_TITLE], contains: ["export const clientSecret = process.env.CLIENT_SECRET ?? '';"] },
  },
  {
    name: 'CommonJS config module with two apps: two names from their keys',
    file: 'src/settings.js', module: 'cjs', secrets: [g1, g2],
    files: { 'jsconfig.json': '{ "compilerOptions": { "checkJs": true } }\n' },
    code: `module.exports = {\n  jira: { clientId: 'a', clientSecret: '${g1}' },\n  confluence: { clientId: 'b', clientSecret: '${g2}' },\n};\n`,
    offered: { titles: [ENV_TITLE], names: ['JIRA_CLIENT_SECRET', 'CONFLUENCE_CLIENT_SECRET'] },
  },
  {
    name: 'ESM .mjs: URLSearchParams.append',
    file: 'src/token.mjs', module: 'esm', secrets: [g1],
    code: `// @ts-check\n/** @param {string} code */\nexport function body(code) {\n  const params = new URLSearchParams();\n  params.append('client_secret', '${g1}');\n  params.append('code', code);\n  return params;\n}\n`,
    offered: { titles: [ENV_TITLE], contains: ["params.append('client_secret', process.env.CLIENT_SECRET ?? '');"] },
  },
  {
    name: 'class field (non-Forge)',
    file: 'src/client.ts', module: 'cjs', secrets: [s1],
    code: `export class OAuthClient {\n  private readonly clientSecret = '${s1}';\n  form(code: string): string {\n    return new URLSearchParams({ client_secret: this.clientSecret, code }).toString();\n  }\n}\n`,
    offered: { titles: [ENV_TITLE], contains: ["private readonly clientSecret = process.env.CLIENT_SECRET ?? '';"] },
  },
  {
    name: 'template literal form body: the secret becomes a substitution',
    file: 'src/exchange.ts', module: 'esm', secrets: [g1],
    code: `export const form = (id: string, code: string): string => \`grant_type=authorization_code&client_id=\${id}&client_secret=${g1}&code=\${code}\`;\n`,
    offered: { titles: [ENV_TITLE], contains: ["&client_secret=${process.env.CLIENT_SECRET ?? ''}&code="] },
  },
  {
    name: 'query string in a plain string: becomes a template',
    file: 'lib/refresh.js', module: 'cjs', secrets: [g1],
    code: `// @ts-check\n/** @param {string} rt */\nexports.body = (rt) => 'grant_type=refresh_token&client_secret=${g1}&refresh_token=' + rt;\n`,
    offered: { titles: [ENV_TITLE], contains: ["`grant_type=refresh_token&client_secret=${process.env.CLIENT_SECRET ?? ''}&refresh_token=`"] },
  },
  {
    name: 'JSX attribute in a terminal UI (Ink, runs in Node): braces, not parentheses',
    file: 'cli/src/App.tsx', module: 'esm', secrets: [s1],
    code: `import React from 'react';\nimport { render } from 'ink';\nfunction Login(props: { clientSecret: string }): JSX.Element | null {\n  return props.clientSecret ? null : null;\n}\nrender(<Login clientSecret="${s1}" />);\nexport { React };\n`,
    offered: { titles: [ENV_TITLE], contains: ["<Login clientSecret={process.env.CLIENT_SECRET ?? ''} />"] },
  },
  {
    name: 'two parameter defaults named clientSecret: named after their functions',
    file: 'src/apps.ts', module: 'cjs', secrets: [g1, g2],
    code: `export function jira(clientSecret = '${g1}'): string {\n  return clientSecret;\n}\nexport function confluence(clientSecret = '${g2}'): string {\n  return clientSecret;\n}\n`,
    offered: { titles: [ENV_TITLE], names: ['JIRA_CLIENT_SECRET', 'CONFLUENCE_CLIENT_SECRET'] },
  },
  {
    name: 'one secret written twice: one fix, one name',
    file: 'src/twice.ts', module: 'esm', secrets: [s1],
    code: `export const a = { clientSecret: '${s1}' };\nexport const b = { clientSecret: '${s1}' };\n`,
    offered: { titles: [ENV_TITLE], names: ['CLIENT_SECRET', 'CLIENT_SECRET'], contains: ["a = { clientSecret: process.env.CLIENT_SECRET ?? '' }", "b = { clientSecret: process.env.CLIENT_SECRET ?? '' }"] },
  },
  {
    name: 'two HMAC keys in one CommonJS file: two names',
    file: 'src/hooks.js', module: 'cjs', secrets: [k1, k2],
    files: { 'jsconfig.json': '{ "compilerOptions": { "checkJs": true, "strict": true } }\n' },
    code: `const crypto = require('crypto');\n/** @param {string} body */\nfunction signJira(body) {\n  return crypto.createHmac('sha256', '${k1}').update(body).digest('hex');\n}\n/** @param {string} body */\nfunction signBitbucket(body) {\n  return crypto.createHmac('sha256', '${k2}').update(body).digest('hex');\n}\nmodule.exports = { signJira, signBitbucket };\n`,
    offered: { titles: [ENV_TITLE], names: ['SIGN_JIRA_SIGNING_KEY', 'SIGN_BITBUCKET_SIGNING_KEY'] },
  },
  {
    name: 'client secret and signing key side by side keep their own names',
    file: 'src/auth.ts', module: 'esm', secrets: [g1, k1],
    code: `import { createHmac } from 'node:crypto';\nexport const clientSecret = '${g1}';\nexport const sign = (body: string): string => createHmac('sha256', '${k1}').update(body).digest('hex');\n`,
    offered: { titles: [ENV_TITLE], names: ['CLIENT_SECRET', 'SIGNING_KEY'] },
  },
  {
    name: 'hardcoded fallback after process.env: the fallback goes',
    file: 'src/env.js', module: 'cjs', secrets: [g1],
    code: `const clientSecret = process.env.ATLASSIAN_CLIENT_SECRET || '${g1}';\nmodule.exports = { clientSecret };\n`,
    offered: { titles: [/^Remove the hardcoded fallback$/], contains: ['const clientSecret = process.env.ATLASSIAN_CLIENT_SECRET;'] },
  },
  {
    name: 'Forge resolver (async): encrypted variable and secret storage',
    file: 'src/resolvers/token.ts', module: 'cjs', forge: true, secrets: [s1],
    code: `import api from '@forge/api';\nexport async function exchange(code: string): Promise<number> {\n  const res = await api.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify({ client_secret: '${s1}', code }) });\n  return res.status;\n}\n`,
    offered: { titles: [ENC_TITLE, KVS_TITLE] },
  },
  {
    name: 'Forge module-level const: no await there, encrypted variable only',
    file: 'src/secrets.ts', module: 'esm', forge: true, secrets: [s1],
    code: `import api from '@forge/api';\nexport const CLIENT_SECRET = '${s1}';\nexport const fetcher = api.fetch;\n`,
    offered: { titles: [ENC_TITLE] },
  },
  {
    name: 'Forge class field inside an async function: no await in a field initializer',
    file: 'src/factory.ts', module: 'cjs', forge: true, secrets: [s1],
    code: `import api from '@forge/api';\nexport async function make(): Promise<unknown> {\n  class Client {\n    settings = { clientSecret: '${s1}' };\n  }\n  await api.fetch('https://example.com');\n  return new Client();\n}\n`,
    offered: { titles: [ENC_TITLE] },
  },
  {
    name: 'Forge static block inside an async function: no await there',
    file: 'src/static.ts', module: 'esm', forge: true, secrets: [s1],
    code: `import api from '@forge/api';\nexport async function make(): Promise<string> {\n  class Keys {\n    static secret = '';\n    static {\n      Keys.secret = '${s1}';\n    }\n  }\n  await api.fetch('https://example.com');\n  return Keys.secret;\n}\n`,
    offered: { titles: [ENC_TITLE] },
  },
  {
    name: 'Forge CommonJS handler: storage fix requires @forge/kvs',
    file: 'src/index.js', module: 'cjs', forge: true, secrets: [s1],
    code: `// @ts-check\nconst api = require('@forge/api');\n/** @param {{ code: string }} event */\nexports.handler = async (event) => {\n  const body = { client_secret: '${s1}', code: event.code };\n  return api.default.fetch('https://auth.atlassian.com/oauth/token', { method: 'POST', body: JSON.stringify(body) });\n};\n`,
    offered: { titles: [ENC_TITLE, KVS_TITLE] },
  },
  {
    name: 'Forge webhook token header in an async trigger (signing-key rule)',
    file: 'src/trigger.ts', module: 'esm', forge: true, secrets: [k1],
    code: `import api from '@forge/api';\nexport async function trigger(url: string): Promise<number> {\n  const res = await api.fetch(url, { method: 'POST', headers: { 'X-Automation-Webhook-Token': '${k1}' } });\n  return res.status;\n}\n`,
    offered: { titles: [ENC_TITLE, KVS_TITLE], names: ['AUTOMATION_WEBHOOK_TOKEN'] },
  },
  // ---- refused, with the reason ----
  {
    name: 'string enum member (TS18033 before)',
    file: 'src/creds.ts', module: 'cjs', secrets: [s1],
    code: `export enum Creds {\n  ClientId = 'abc',\n  ClientSecret = '${s1}',\n}\n`,
    refused: /enum members must be constants/,
  },
  {
    name: 'literal type',
    file: 'src/types.ts', module: 'esm', secrets: [s1],
    code: `export type Secret = '${s1}';\nexport const isIt = (s: string): s is Secret => s.length === 74;\n`,
    refused: /literal type/,
  },
  {
    name: 'property key',
    file: 'src/lookup.ts', module: 'cjs', secrets: [s1],
    code: `export const apps: Record<string, string> = { '${s1}': 'jira-sync' };\n`,
    refused: /property name/,
  },
  {
    name: 'value under a literal type annotation (the type is refused too)',
    file: 'src/pinned.ts', module: 'esm', secrets: [s1],
    code: `export const clientSecret: '${s1}' = '${s1}';\n`,
    refused: /literal type|declared type is the literal value/,
  },
  {
    name: 'ambient declaration',
    file: 'src/ambient.ts', module: 'cjs', secrets: [s1],
    code: `export declare const CLIENT_SECRET = '${s1}';\n`,
    refused: /declaration \(`declare`, `\.d\.ts`\)/,
  },
  {
    name: 'React DOM front end: no browser env var for a secret',
    file: 'web/src/Login.tsx', module: 'esm', secrets: [s1],
    code: `import React from 'react';\nimport { createRoot } from 'react-dom/client';\nexport const clientSecret = '${s1}';\nexport const mount = (el: Element): void => createRoot(el).render(React.createElement('div', { title: clientSecret.slice(0, 0) }));\n`,
    refused: /browser code \(imports `react-dom`\).*move the token exchange to your back end/,
  },
  {
    name: 'Forge Custom UI: no fix, the exchange belongs in a resolver',
    file: 'static/app/src/App.ts', module: 'esm', forge: true, resources: ['static/app'], secrets: [s1],
    code: `import { invoke } from '@forge/bridge';\nexport const clientSecret = '${s1}';\nexport const go = (): Promise<unknown> => invoke('exchange', { clientSecret });\n`,
    refused: /Custom UI resource.*move the token exchange to a Forge resolver/,
  },
  {
    name: 'secret pasted into a log message',
    file: 'src/debug.ts', module: 'cjs', secrets: [s1],
    code: `export function debug(code: string): void {\n  console.log(\`exchanging \${code} with ${s1}\`);\n}\n`,
    refused: /part of a log message/,
  },
  {
    name: 'tagged template',
    file: 'src/raw.ts', module: 'esm', secrets: [s1],
    code: `export const body = String.raw\`client_secret=${s1}\`;\n`,
    refused: /tagged template/,
  },
];

function analyse(c: Case, text: string): Finding[] {
  const files = new Map(Object.entries(c.files ?? {}));
  const r = analyseFile(c.file, text, { forgeRoots: new Set(c.forge ? [''] : []), resourceRoots: new Set(c.resources ?? []), readFile: (p) => files.get(p) });
  assert.deepEqual(r.failures, []);
  return r.findings;
}

function counts(findings: readonly Finding[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of findings) m.set(f.ruleId, (m.get(f.ruleId) ?? 0) + 1);
  return m;
}

/** `process.env.NAME` names a fix writes. */
function envNames(newTexts: readonly string[]): string[] {
  return newTexts.flatMap((t) => [...t.matchAll(/process\.env\.([A-Z_0-9]+)/g)].map((m) => m[1] ?? ''));
}

const STUBS = `declare module 'ink' {
  export function render(node: unknown): void;
}
declare module 'react' {
  const React: { createElement(type: unknown, props?: unknown, ...children: unknown[]): unknown };
  export default React;
}
declare module 'react-dom/client' {
  export function createRoot(el: Element): { render(node: unknown): void };
}
declare module '@forge/bridge' {
  export function invoke(name: string, payload?: unknown): Promise<unknown>;
}
`;

const JSX_GLOBAL = `declare namespace JSX {
  interface Element { readonly jsx?: true }
  interface IntrinsicElements { [name: string]: Record<string, unknown> }
}
interface Element { readonly element?: true }
`;

/** Type-checks case folders in one program: strict, JS with checkJs, ESM/CommonJS per folder. */
function typecheck(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const root = path.join(VIRTUAL_ROOT, 'move-secret');
  const all = new Map([...files].map(([name, text]) => [path.join(root, name), text]));
  all.set(path.join(root, 'stubs.d.ts'), STUBS);
  all.set(path.join(root, 'jsx.d.ts'), JSX_GLOBAL);
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ['lib.es2022.d.ts'], types: ['node'], esModuleInterop: true, skipLibCheck: true, allowJs: true, checkJs: true, jsx: ts.JsxEmit.Preserve,
  };
  const program = virtualProgram(all, options, (f) => /\.(?:[cm]?tsx?|[cm]?jsx?)$/.test(f));
  const out = new Map<string, string[]>();
  for (const d of [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(), ...program.getGlobalDiagnostics()]) {
    const name = d.file ? path.relative(root, d.file.fileName) : '(global)';
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    out.set(name, [...(out.get(name) ?? []), `${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`]);
  }
  return out;
}

/** One table row per case, for the report (`CORPUS_TABLE=1`). */
const table: string[] = [];

describe('move-a-secret fix corpus (§4.1, issue 15): offered only when it compiles, refused with the reason', function () {
  this.timeout(120_000);
  const toCheck = new Map<string, string>();
  const names = new Set<string>();

  it('has at least 20 cases, each named once, both outcomes, TS and JS, ESM and CommonJS, Forge and not', () => {
    assert.ok(CASES.length >= 20, `${CASES.length} cases`);
    for (const c of CASES) {
      assert.ok(!names.has(c.name), `duplicate case ${c.name}`);
      names.add(c.name);
      assert.ok((c.offered === undefined) !== (c.refused === undefined), `${c.name}: offered or refused, one of them`);
    }
    for (const want of [(c: Case) => c.refused !== undefined, (c: Case) => c.offered !== undefined, (c: Case) => /\.[cm]?jsx?$/.test(c.file), (c: Case) => /\.[cm]?tsx?$/.test(c.file), (c: Case) => c.module === 'esm', (c: Case) => c.module === 'cjs', (c: Case) => c.forge === true, (c: Case) => !c.forge]) {
      assert.ok(CASES.some(want), String(want));
    }
  });

  CASES.forEach((c, index) => {
    const dir = `c${String(index).padStart(2, '0')}`;
    it(`${c.refused ? 'refused' : 'offered'}: ${c.name}`, () => {
      const before = analyse(c, c.code);
      const ours = before.filter((f) => MOVE_RULES.has(f.ruleId));
      assert.ok(ours.length > 0, `no finding: ${before.map((f) => `${f.ruleId}: ${f.message}`).join('\n')}`);
      for (const f of before) {
        for (const secret of c.secrets) assert.ok(!windows(secret).some((w) => f.message.includes(w) || f.detail.includes(w) || JSON.stringify(f.fixes).includes(w)), `${f.ruleId} shows a piece of a secret`);
        assertShortMessage(f);
      }
      toCheck.set(`${dir}/package.json`, JSON.stringify({ type: c.module === 'esm' ? 'module' : 'commonjs' }));
      for (const phase of ['original', ...ours.flatMap((f, i) => f.fixes.map((_, j) => `fixed-${i}-${j}`))]) {
        for (const [p, text] of Object.entries(c.files ?? {})) toCheck.set(`${dir}/${phase}/${p}`, text);
      }
      toCheck.set(`${dir}/original/${c.file}`, c.code);
      if (c.refused) {
        for (const f of ours) {
          assert.deepStrictEqual(f.fixes.map((x) => x.title), [], `${f.ruleId} at line ${f.start.line} offers a fix`);
          // The reason is in the detail (the hover, the reports); the message stays one short sentence.
          assert.match(f.detail, /No automatic fix: /, f.detail);
          assert.match(f.detail, c.refused, f.detail);
        }
        table.push(`| ${c.name} | ${c.file} | refused | — | ${/No automatic fix: (.*)\.$/.exec(ours[0]?.detail ?? '')?.[1] ?? ''} |`);
        return;
      }
      const offered = c.offered as Offered;
      const first = ours[0] as Finding;
      assert.deepStrictEqual(first.fixes.length, offered.titles.length, `fixes: ${first.fixes.map((x) => x.title).join(' | ')} (${first.message})`);
      first.fixes.forEach((fix, j) => assert.match(fix.title, offered.titles[j] as RegExp));
      first.fixes.forEach((fix) => assertShortTitle(fix.title));
      if (offered.names) {
        const used = ours.map((f) => envNames((f.fixes[0]?.edits ?? []).map((e) => e.newText))[0]);
        assert.deepStrictEqual(used, offered.names);
      }
      let applied = 0;
      ours.forEach((finding, i) => {
        assert.ok(finding.fixes.length > 0, `${finding.ruleId} at line ${finding.start.line}: ${finding.message}`);
        finding.fixes.forEach((fix, j) => {
          const after = applyFix(new Map([[c.file, c.code]]), c.file, fix);
          const fixed = after.get(c.file) ?? '';
          const value = c.code.slice(finding.range.start, finding.range.end);
          assert.ok(!fixed.includes(value), `${fix.title}: the literal leaves the file`);
          if (i === 0 && j === 0) for (const want of offered.contains ?? []) assert.ok(fixed.includes(want), `${fix.title}: expected ${want} in\n${fixed}`);
          const was = counts(before);
          const again = counts(analyse(c, fixed));
          assert.ok((again.get(finding.ruleId) ?? 0) < (was.get(finding.ruleId) ?? 0), `${fix.title}: ${finding.ruleId} still reported`);
          for (const [rule, n] of again) assert.ok(n <= (was.get(rule) ?? 0), `${fix.title}: new ${rule} finding`);
          for (const d of fix.envDeclarations ?? []) assert.strictEqual(after.get(d.file), `${d.name}=\n`, `${fix.title}: ${d.file}`);
          toCheck.set(`${dir}/fixed-${i}-${j}/${c.file}`, fixed);
          applied++;
        });
      });
      table.push(`| ${c.name} | ${c.file} | offered (${applied} fix${applied === 1 ? '' : 'es'}) | yes (tsc strict) | ${first.fixes.map((x) => x.title.replace(/ \(.*$/, '')).join('; ')} |`);
    });
  });

  it('every original and every fixed file type-checks (strict; JS with checkJs)', () => {
    assert.ok(toCheck.size > CASES.length * 2, `${toCheck.size} files`);
    // A control proves the check can fail: the pre-issue JSX rewrite does not parse.
    toCheck.set('control/package.json', JSON.stringify({ type: 'module' }));
    toCheck.set('control/bad.tsx', "const Login = (p: { clientSecret: string }): null => (p ? null : null);\nexport const x = <Login clientSecret=(process.env.X ?? '') />;\n");
    const errors = typecheck(toCheck);
    assert.ok((errors.get(path.join('control', 'bad.tsx'))?.length ?? 0) > 0, 'the control file must fail');
    errors.delete(path.join('control', 'bad.tsx'));
    assert.deepStrictEqual(Object.fromEntries(errors), {});
    if (process.env.CORPUS_TABLE) console.log(['| case | file | outcome | compiles | fixes / reason |', '|---|---|---|---|---|', ...table].join('\n'));
  });
});
