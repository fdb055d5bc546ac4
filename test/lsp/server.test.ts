import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { WorkDoneProgress, type CodeAction, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import {
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  type AuditSummary,
  type ExportReportResult,
  type FindingsChangedParams,
  type FindingsResult,
  type RulesResult,
} from '../../server/src/protocol';
import { ALL_RULES } from '../../server/src/core/rules';
import { audit as auditRoot } from '../../server/src/core/workspace';
import { fakeApiToken, fakeAppPassword, windows } from '../support/secrets';
import { makeWorkspace, rangeOf, TestClient, writeFile } from './harness';

const RULE = 'no-api-token-literal';
const token = fakeApiToken();
const unopenedToken = fakeApiToken();
const appPassword = fakeAppPassword();

const ofRule = (diagnostics: Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.code === RULE);
const SCOPES_MANIFEST = 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000002\npermissions:\n  scopes:\n    - read:jira-work\n    - write:confluence-content\n';
const SCOPES_CODE = "import api, { route } from '@forge/api';\n\nexport async function create(fields: object) {\n  return api.asUser().requestJira(route`/rest/api/3/issue`, { method: 'POST', body: JSON.stringify({ fields }) });\n}\n";
const scopeFindings = (diagnostics: Diagnostic[], rule: string): string[] =>
  diagnostics.filter((d) => d.code === rule).map((d) => (typeof d.message === 'string' ? (/"[^"]*"/.exec(d.message)?.[0] ?? '') : ''));

describe('language server over stdio', function () {
  this.timeout(60_000);
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = makeWorkspace({
      '.gitignore': 'ignored/\n',
      'src/unopened.ts': `export const jiraApiToken = '${unopenedToken}';\n`,
      'config/ci.yml': `bitbucket:\n  app_password: ${appPassword}\n`,
      'ignored/secret.ts': `export const jiraApiToken = '${unopenedToken}';\n`,
      'forge/manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\npermissions:\n  scopes:\n    - read:jira-work\n',
      'forge/src/index.ts': "import api, { route } from '@forge/api';\nexport const run = () => api.asApp().requestJira(route`/rest/api/3/myself`);\n",
    });
    client = await TestClient.start(folder);
  });

  after(async () => {
    await client?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes a diagnostic with the rule id, a documentation link and fix data when a token is typed', async () => {
    const { uri, diagnostics } = await client.open('src/jira.ts', `const jiraApiToken = '${token}';\nexport default jiraApiToken;\n`);
    const [d] = ofRule(diagnostics);
    assert.ok(d, 'no no-api-token-literal diagnostic');
    assert.strictEqual(d.source, DIAGNOSTIC_SOURCE);
    assert.strictEqual(d.severity, 1);
    assert.ok(d.codeDescription?.href.startsWith('file://'));
    assert.ok(d.codeDescription?.href.endsWith(`/docs/rules/${RULE}.md`), d.codeDescription?.href);
    assert.ok(d.codeDescription && fs.existsSync(new URL(d.codeDescription.href)), 'the linked doc ships with the extension');
    assert.deepStrictEqual(d.range, rangeOf(client.doc(uri), token));
    assert.ok(!windows(token).some((w) => JSON.stringify(d.message).includes(w)), 'the message must not contain the token');
    assert.ok(typeof d.data === 'object' && d.data !== null);
  });

  it('clears the diagnostic when an incremental edit removes the token', async () => {
    const { uri } = await client.open('src/edit.ts', `// jira client\nconst jiraApiToken = '${token}';\n`);
    const diagnostics = await client.changeAndWait(uri, [{ range: rangeOf(client.doc(uri), `'${token}'`), text: 'process.env.JIRA_API_TOKEN' }]);
    assert.deepStrictEqual(ofRule(diagnostics), []);
  });

  it('drops superseded versions: a burst of edits publishes only the last one', async () => {
    const { uri } = await client.open('src/burst.ts', 'const a = 1;\n');
    const first = client.doc(uri).version + 1;
    const last = first + 4;
    const done = client.nextDiagnostics(uri, (p) => p.version === last);
    for (let v = first; v <= last; v++) {
      const end = client.doc(uri).positionAt(client.text(uri).length);
      await client.change(uri, [{ range: { start: end, end }, text: v === last ? `const jiraToken = '${token}';\n` : `// ${v}\n` }]);
    }
    const final = await done;
    assert.strictEqual(ofRule(final.diagnostics).length, 1);
    const stale = client.published.filter((p) => p.uri === uri && typeof p.version === 'number' && p.version >= first && p.version < last);
    assert.deepStrictEqual(stale, [], 'intermediate versions were published');
  });

  describe('code actions', () => {
    let uri: string;
    let diagnostic: Diagnostic;
    let actions: CodeAction[];

    beforeEach(async () => {
      const opened = await client.open(`src/actions-${Math.random().toString(36).slice(2)}.ts`, `export function make() {\n  const jiraApiToken = '${token}';\n  return jiraApiToken;\n}\n`);
      uri = opened.uri;
      const found = ofRule(opened.diagnostics)[0];
      assert.ok(found);
      diagnostic = found;
      actions = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      });
    });

    it('offers the fix, "Suppress with a reason" and "Show rule documentation"', () => {
      const titles = actions.map((a) => a.title);
      assert.ok(titles.some((t) => t.startsWith('Replace the token with process.env.JIRA_API_TOKEN')), titles.join(' | '));
      assert.ok(titles.includes(`Suppress ${RULE} with a reason`), titles.join(' | '));
      const docs = actions.find((a) => a.command?.command === SHOW_RULE_DOCUMENTATION_COMMAND);
      assert.deepStrictEqual(docs?.command?.arguments, [RULE]);
      assert.ok(actions.every((a) => a.kind === 'quickfix'));
    });

    it('applying the fix removes the finding', async () => {
      const fix = actions.find((a) => a.title.startsWith('Replace the token'));
      assert.ok(fix?.edit);
      const diagnostics = await client.applyEdit(fix.edit, uri);
      assert.deepStrictEqual(ofRule(diagnostics), []);
      assert.ok(client.text(uri).includes('const jiraApiToken = process.env.JIRA_API_TOKEN;'));
      assert.ok(!client.text(uri).includes(token));
    });

    it('applying the suppression inserts an indented directive and silences the finding', async () => {
      const suppress = actions.find((a) => a.title.startsWith('Suppress'));
      assert.ok(suppress?.edit);
      const diagnostics = await client.applyEdit(suppress.edit, uri);
      assert.deepStrictEqual(ofRule(diagnostics), []);
      assert.match(client.text(uri), /\n {2}\/\/ marketplace-guard-disable-next-line no-api-token-literal -- reason\n {2}const jiraApiToken/);
    });

    it('source.fixAll.marketplaceGuard applies only safe fixes (the token fix is not one)', async () => {
      const fixAll: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: [FIX_ALL_KIND] },
      });
      assert.deepStrictEqual(fixAll, []);
    });

    it('ignores diagnostics whose data is not ours or is malformed', async () => {
      const result: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [{ ...diagnostic, data: { kind: 'finding', ruleId: RULE, version: 1, fixes: 'rm -rf' } }, { ...diagnostic, source: 'eslint' }] },
      });
      assert.deepStrictEqual(result, []);
    });
  });

  it('re-validates open documents when settings turn the rule off, and again when it is back on', async () => {
    const { uri } = await client.open('src/settings.ts', `const jiraApiToken = '${token}';\n`);
    try {
      client.settings = { rules: { [RULE]: 'off' } };
      let next = client.nextDiagnostics(uri, (p) => ofRule(p.diagnostics).length === 0);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await next;
      client.settings = {};
      next = client.nextDiagnostics(uri, (p) => ofRule(p.diagnostics).length === 1);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await next;
    } finally {
      client.settings = {};
    }
  });

  it('watches .marketplace-guard.json', async () => {
    const { uri } = await client.open('src/config-file.ts', `const jiraApiToken = '${token}';\n`);
    const configUri = client.uri('.marketplace-guard.json');
    writeFile(folder, '.marketplace-guard.json', JSON.stringify({ rules: { [RULE]: 'warning' } }));
    const next = client.nextDiagnostics(uri, (p) => ofRule(p.diagnostics)[0]?.severity === 2);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 1 }] });
    await next;
    fs.rmSync(path.join(folder, '.marketplace-guard.json'));
    const back = client.nextDiagnostics(uri, (p) => ofRule(p.diagnostics)[0]?.severity === 1);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    await back;
  });

  it('registers for configuration and watched-file changes', () => {
    assert.ok(client.registrations.includes('workspace/didChangeConfiguration'));
    assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'));
  });

  it('audits the workspace: progress, diagnostics for unopened files, findings, a changed notification', async () => {
    const unopened = client.uri('src/unopened.ts');
    const yaml = client.uri('config/ci.yml');
    const gotUnopened = client.nextDiagnostics(unopened, (p) => ofRule(p.diagnostics).length === 1);
    const gotYaml = client.nextDiagnostics(yaml, (p) => ofRule(p.diagnostics).length === 1);
    const changed = client.nextNotification('marketplaceGuard/findingsChanged', (p) => (p as FindingsChangedParams).uris.includes(unopened));
    const kinds: string[] = [];
    const progress = new Promise<void>((resolve) =>
      client.connection.onProgress(WorkDoneProgress.type, 'audit-1', (value) => {
        kinds.push(value.kind);
        if (value.kind === 'end') resolve();
      }),
    );
    const summary: AuditSummary = await client.connection.sendRequest('marketplaceGuard/auditWorkspace', { workDoneToken: 'audit-1' });
    const [u, y] = await Promise.all([gotUnopened, gotYaml, changed, progress]);
    assert.strictEqual(u.version ?? null, null);
    assert.deepStrictEqual([kinds[0], kinds[kinds.length - 1]], ['begin', 'end']);
    assert.ok(!(y as PublishDiagnosticsParams).diagnostics.some((d) => windows(appPassword).some((w) => JSON.stringify(d.message).includes(w))));
    assert.strictEqual(summary.cancelled, false);
    // On disk: unopened.ts, ci.yml and the Forge app (the open editors' files were never saved).
    assert.strictEqual(summary.files, 4, JSON.stringify(summary));
    // Two API tokens, and the Forge app's GET /myself without read:jira-user (on the manifest and at the call).
    assert.strictEqual(summary.errors, 4, JSON.stringify(summary));
    assert.ok(!client.published.some((p) => p.uri.includes('/ignored/')), 'a git-ignored file was analysed');

    const findings: FindingsResult = await client.connection.sendRequest('marketplaceGuard/findings', {});
    assert.strictEqual(findings.audited, true);
    const item = findings.findings.find((f) => f.uri === unopened);
    assert.ok(item);
    assert.strictEqual(item.ruleId, RULE);
    assert.strictEqual(item.category, 'api-tokens');
    assert.strictEqual(item.file, 'src/unopened.ts');
    assert.strictEqual(item.fixable, true);
    assert.deepStrictEqual(item.range.start, { line: 0, character: 29 });
  });

  it('exports a JSON report that parses and holds no secret', async () => {
    const result: ExportReportResult = await client.connection.sendRequest('marketplaceGuard/exportReport', { format: 'json' });
    const report = JSON.parse(result.text) as { findings: { ruleId: string; file: string }[]; summary: { errors: number } };
    assert.ok(report.findings.some((f) => f.ruleId === RULE && f.file === 'src/unopened.ts'));
    assert.strictEqual(result.findings, report.findings.length);
    for (const secret of [token, unopenedToken, appPassword]) assert.ok(!windows(secret).some((w) => result.text.includes(w)));
    await assert.rejects(client.connection.sendRequest('marketplaceGuard/exportReport', { format: 'pdf' }), /format/);
  });

  it('lists every rule with its policy area and what it catches (Show Rule Documentation)', async () => {
    const { rules }: RulesResult = await client.connection.sendRequest('marketplaceGuard/rules', {});
    assert.deepStrictEqual(rules.map((r) => r.id), ALL_RULES.map((r) => r.id));
    const basic = rules.find((r) => r.id === 'no-api-token-basic-auth');
    assert.strictEqual(basic?.area, 'API tokens');
    assert.strictEqual(basic.policy, 'Personal access tokens');
    assert.match(basic.description, /HTTP Basic/);
    assert.ok(rules.every((r) => r.description.length > 20 && r.area.length > 0));
  });

  it('re-validates code under a Forge root when its manifest changes, and the manifest when the code changes', async () => {
    const manifest = await client.open('forge/manifest.yml', fs.readFileSync(path.join(folder, 'forge/manifest.yml'), 'utf8'), 'yaml');
    const code = await client.open('forge/src/index.ts', fs.readFileSync(path.join(folder, 'forge/src/index.ts'), 'utf8'));
    const outside = await client.open('src/outside.ts', 'export const x = 1;\n');
    const codeVersion = client.doc(code.uri).version;
    const codeAgain = client.nextDiagnostics(code.uri, (p) => p.version === codeVersion);
    const end = client.doc(manifest.uri).positionAt(client.text(manifest.uri).length);
    await client.change(manifest.uri, [{ range: { start: end, end }, text: '    - write:jira-work\n' }]);
    await codeAgain;
    const manifestAgain = client.nextDiagnostics(manifest.uri, (p) => p.version === client.doc(manifest.uri).version);
    await client.change(code.uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// edited\n' }]);
    await manifestAgain;
    assert.ok(!client.published.some((p) => p.uri === outside.uri && p.version !== 1), 'a file outside the Forge app was re-validated');
  });

  describe('scope findings across files (manifest ↔ code of a Forge app)', () => {
    let scopesFolder: string;
    let scopesClient: TestClient;
    before(async () => {
      scopesFolder = makeWorkspace({
        'scopes-app/manifest.yml': SCOPES_MANIFEST,
        'scopes-app/src/unopened.ts': "import api, { route } from '@forge/api';\nexport const projects = () => api.asApp().requestJira(route`/rest/api/3/project/search`);\n",
        'scopes-app/src/index.ts': SCOPES_CODE,
        'token-app/manifest.yml': 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000003\npermissions:\n  scopes:\n    - read:jira-user\n',
        'token-app/src/me.ts': "import api, { route } from '@forge/api';\nexport const me = () => api.asUser().requestJira(route`/rest/api/3/myself`);\n",
        'token-app/src/legacy-sync.ts':
          'export async function whoAmI(site: string, email: string) {\n' +
          '  const auth = Buffer.from(`${email}:${process.env.JIRA_API_TOKEN}`).toString(\'base64\');\n' +
          '  return fetch(`https://${site}.atlassian.net/rest/api/3/myself`, { headers: { Authorization: `Basic ${auth}` } });\n' +
          '}\n',
      });
      scopesClient = await TestClient.start(scopesFolder);
    });
    after(async () => {
      await scopesClient?.stop();
      if (scopesFolder) fs.rmSync(scopesFolder, { recursive: true, force: true });
    });

    it('a code edit updates the manifest\'s findings; a manifest edit updates the code\'s', async () => {
      const manifest = await scopesClient.open('scopes-app/manifest.yml', SCOPES_MANIFEST, 'yaml');
      const code = await scopesClient.open('scopes-app/src/index.ts', SCOPES_CODE);
      // The unopened file's GET /project/search uses read:jira-work (read from disk, not opened).
      assert.deepStrictEqual(scopeFindings(manifest.diagnostics, 'no-unused-scope'), ['"write:confluence-content"']);
      assert.deepStrictEqual(scopeFindings(manifest.diagnostics, 'missing-scope').length, 1, 'write:jira-work is missing for POST /issue');
      assert.strictEqual(code.diagnostics.filter((d) => d.code === 'missing-scope').length, 1);

      // Code edit: a Confluence call now uses write:confluence-content; the manifest's finding goes.
      const manifestAfterCode = scopesClient.nextDiagnostics(manifest.uri, (p) => !p.diagnostics.some((d) => d.code === 'no-unused-scope'));
      const end = scopesClient.doc(code.uri).positionAt(scopesClient.text(code.uri).length);
      await scopesClient.change(code.uri, [
        { range: { start: end, end }, text: "\nexport const page = (body: string) =>\n  api.asUser().requestConfluence(route`/wiki/rest/api/content`, { method: 'POST', body });\n" },
      ]);
      const started = Date.now();
      const m1 = await manifestAfterCode;
      assert.deepStrictEqual(scopeFindings(m1.diagnostics, 'no-unused-scope'), []);
      const codeEditMs = Date.now() - started;

      // Manifest edit: declaring write:jira-work clears the code's missing-scope at the call.
      const codeAfterManifest = scopesClient.nextDiagnostics(code.uri, (p) => !p.diagnostics.some((d) => d.code === 'missing-scope'));
      const mEnd = scopesClient.doc(manifest.uri).positionAt(scopesClient.text(manifest.uri).length);
      await scopesClient.change(manifest.uri, [{ range: { start: mEnd, end: mEnd }, text: '    - write:jira-work\n' }]);
      const c1 = await codeAfterManifest;
      assert.deepStrictEqual(c1.diagnostics.filter((d) => d.code === 'missing-scope'), []);
      assert.ok(codeEditMs < 10_000);
    });

    it('an unopened app file that sends an API token is named in the manifest\'s Runs on Atlassian note, as the CLI names it', async () => {
      const text = fs.readFileSync(path.join(scopesFolder, 'token-app', 'manifest.yml'), 'utf8');
      const manifest = await scopesClient.open('token-app/manifest.yml', text, 'yaml');
      const note = manifest.diagnostics.filter((d) => d.code === 'runs-on-atlassian').map((d) => d.message);
      assert.deepStrictEqual(note, ['Not eligible for Runs on Atlassian: API-token use in token-app/src/legacy-sync.ts.']);
      const cli = auditRoot(scopesFolder).findings.filter((f) => f.ruleId === 'runs-on-atlassian' && f.file === 'token-app/manifest.yml').map((f) => f.message);
      assert.deepStrictEqual(cli, note);
    });
  });

  describe('Atlassian Connect descriptor scopes across files', () => {
    let connectFolder: string;
    let connectClient: TestClient;
    const DESCRIPTOR = '{\n  "key": "acme-widget",\n  "baseUrl": "https://widget.acme.example",\n  "scopes": ["READ", "ADMIN"],\n  "modules": { "generalPages": [{ "key": "main", "url": "/main" }] }\n}\n';
    before(async () => {
      connectFolder = makeWorkspace({
        'atlassian-connect.json': DESCRIPTOR,
        'routes/index.js': "module.exports = (app, addon) => app.get('/main', addon.authenticate(), (req, res) =>\n  addon.httpClient(req).get('/rest/api/3/issue/' + req.query.key, (e, r, body) => res.send(body)));\n",
      });
      connectClient = await TestClient.start(connectFolder);
    });
    after(async () => {
      await connectClient?.stop();
      if (connectFolder) fs.rmSync(connectFolder, { recursive: true, force: true });
    });

    it('judges the descriptor by unopened code, and again when an open file adds a call', async () => {
      const descriptor = await connectClient.open('atlassian-connect.json', DESCRIPTOR, 'json');
      const broad = (ds: readonly { code?: string | number; message: unknown }[]): string[] => ds.filter((d) => d.code === 'no-broad-scope').map((d) => String(d.message));
      assert.deepStrictEqual(broad(descriptor.diagnostics), ['Connect scope "ADMIN" is above what the calls need (READ).']);
      const panel = await connectClient.open('public/panel.js', 'export const x = 1;\n', 'javascript');
      const updated = connectClient.nextDiagnostics(descriptor.uri, (p) => p.diagnostics.some((d) => d.code === 'no-broad-scope' && String(d.message).includes('(DELETE)')));
      await connectClient.change(panel.uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: "export const drop = (key) => AP.request({ url: '/rest/api/3/issue/' + key, type: 'DELETE' });\n" },
      ]);
      const after = await updated;
      assert.deepStrictEqual(broad(after.diagnostics), ['Connect scope "ADMIN" is above what the calls need (DELETE).']);
      const detail = after.diagnostics.find((d) => d.code === 'no-broad-scope')?.data as { detail?: string } | undefined;
      assert.match(detail?.detail ?? '', /Fix: Use "DELETE"\.$/);
    });
  });

  describe('3LO scopes in code across files', () => {
    let folder3: string;
    let client3: TestClient;
    const AUTH = "// Atlassian OAuth 2.0 (3LO)\nexport const scope = 'read:jira-work write:jira-work offline_access';\n";
    before(async () => {
      folder3 = makeWorkspace({
        'server/jira.ts': "export const get = (cloudId: string, key: string) =>\n  fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/plans/plan/${key}`);\n",
      });
      client3 = await TestClient.start(folder3);
    });
    after(async () => {
      await client3?.stop();
      if (folder3) fs.rmSync(folder3, { recursive: true, force: true });
    });

    it('an unopened file\'s calls make a requested scope unused; a new call in an open file makes it used', async () => {
      const auth = await client3.open('server/auth.ts', AUTH);
      assert.deepStrictEqual(scopeFindings(auth.diagnostics, 'no-unused-scope'), ['"write:jira-work"']);
      const calls = await client3.open('server/write.ts', 'export const x = 1;\n');
      const cleared = client3.nextDiagnostics(auth.uri, (p) => !p.diagnostics.some((d) => d.code === 'no-unused-scope'));
      await client3.change(calls.uri, [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
          text: "export const put = (cloudId: string, key: string, body: string) =>\n  fetch(`https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${key}`, { method: 'PUT', body });\n",
        },
      ]);
      await cleared;
    });
  });

  it('survives garbage: half-typed code, broken YAML, a minified file, unknown documents', async () => {
    const half = await client.open('src/half.ts', `const jiraApiToken = '${token}\nexport function (( {\n  if (\n`);
    assert.strictEqual(ofRule(half.diagnostics).length, 1);
    const broken = await client.open('forge2/manifest.yml', 'app:\n  id: [unclosed\npermissions:\n  scopes:\n    - read:jira-work\n  - : :\n\t- tab\n', 'yaml');
    assert.ok(Array.isArray(broken.diagnostics));
    // A minified bundle is not parsed, but its text is scanned for tokens (SPEC §2), and the log says so.
    const minified = await client.open('src/bundle.min.js', `var jiraToken='${token}';${'x=1;'.repeat(3000)}\n`, 'javascript');
    assert.deepStrictEqual(minified.diagnostics.map((d) => d.code), [RULE]);
    assert.ok(client.logs.some((l) => l.includes('Scanned src/bundle.min.js as text only: minified')), client.logs.join('\n'));
    const notes = await client.open('docs/DEPLOY.txt', `Jira bot token: ${token}\n`, 'plaintext');
    assert.deepStrictEqual(notes.diagnostics.map((d) => d.code), [RULE]);
    const none: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: client.uri('nope.ts') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });
    assert.deepStrictEqual(none, []);
    // Still serving: a new document gets its diagnostics.
    const after = await client.open('src/after-garbage.ts', `const jiraApiToken = '${token}';\n`);
    assert.strictEqual(ofRule(after.diagnostics).length, 1);
    assert.strictEqual(client.child.exitCode, null);
  });

  it('analyses untitled documents by their language', async () => {
    const uri = 'untitled:Untitled-1';
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: `const jiraApiToken = '${token}';\n` },
    });
    assert.strictEqual(ofRule((await next).diagnostics).length, 1);
  });
});
