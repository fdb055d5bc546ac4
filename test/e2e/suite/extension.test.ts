import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { GuardApi } from '../../../client/src/extension';
import type { TreeSnapshot } from '../../../client/src/complianceTree';
import { DIAGNOSTIC_SOURCE, type AuditSummary, type FindingItem } from '../../../server/src/protocol';
import { fakeApiToken, windows } from '../../support/secrets';
import { diagnosticsChanged, retryCanceled, waitFor } from './wait';

/**
 * The editor layer (HARNESS.md): runs inside code-server's real extension host with the real
 * vscode-languageclient and the bundled language server, on a copy of examples/legacy-jira-sync.
 */

const EXTENSION_ID = 'marketplace-guard.marketplace-guard';

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the runner opens a workspace folder');
  return f.uri;
}

function ours(uri: vscode.Uri, ruleId?: string): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === DIAGNOSTIC_SOURCE && (ruleId === undefined || codeOf(d) === ruleId));
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

async function writeFile(rel: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder(), rel);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

function walk(rows: readonly TreeSnapshot[], visit: (row: TreeSnapshot, depth: number) => void, depth = 0): void {
  for (const row of rows) {
    visit(row, depth);
    walk(row.children, visit, depth + 1);
  }
}

/** Findings below a row (a finding's own children are its related locations, not findings). */
function leaves(row: TreeSnapshot): number {
  return row.contextValue.startsWith('finding') ? 1 : row.children.reduce((n, c) => n + leaves(c), 0);
}

/** The count a row shows: its description's leading number. */
function shownCount(row: TreeSnapshot): number {
  const m = /^(?:.*· )?(\d+)/.exec(row.description.replace(/ · (overdue|deadline).*$/, ''));
  assert.ok(m, `row "${row.label}" shows a count: "${row.description}"`);
  return Number(m[1]);
}

describe('Marketplace Guard in VS Code', function () {
  let api: GuardApi;
  const token = fakeApiToken();
  let tokenFile: vscode.Uri;
  // Files only the audit reads (never opened before the tree acts on them).
  const unopenedToken = fakeApiToken();
  const staleToken = fakeApiToken();
  let unopenedFile: vscode.Uri;
  let staleFile: vscode.Uri;
  // Two plain-http redirect URIs (safe fix) beside a pasted token (fix not marked safe), never opened before the tree fixes it.
  const redirectToken = fakeApiToken();
  let redirectsFile: vscode.Uri;

  before(async function () {
    tokenFile = await writeFile('src/credentials.ts', `// Sync job settings.\nexport const jiraApiToken = '${token}';\n`);
    unopenedFile = await writeFile('src/unopenedSettings.ts', `export const jiraApiToken = '${unopenedToken}';\n`);
    staleFile = await writeFile('src/staleSettings.ts', `export const jiraApiToken = '${staleToken}';\n`);
    redirectsFile = await writeFile(
      'src/redirects.ts',
      "export const redirectUri = 'http://app.example.com/oauth/callback';\n" +
        "export const callbackUrl = 'http://api.example.com/auth/callback';\n" +
        `export const legacyApiToken = '${redirectToken}';\n`,
    );
  });

  const isOpen = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const auditedFinding = async (uri: vscode.Uri): Promise<{ kind: 'finding'; id: string; finding: FindingItem; showRule: boolean }> => {
    const finding = (await api.testing.findings(uri.toString())).findings.find((f) => f.ruleId === 'no-api-token-literal');
    assert.ok(finding, `the audit found the token in ${uri.path}`);
    return { kind: 'finding', id: 'test', finding, showRule: false };
  };

  after(async function () {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates and starts the language server', async function () {
    const ext = vscode.extensions.getExtension<GuardApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    await api.ready;
    assert.ok(api.client.isRunning(), 'the client is running');
    // Figures for `npm run bench` (never asserted: tests are not timed, SPEC §7).
    const timings = { date: new Date().toISOString(), activationMs: api.testing.activationMs, serverStartMs: api.testing.serverStartMs() ?? null };
    fs.writeFileSync(path.join(__dirname, '..', 'editor-timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    console.log(`activation ${timings.activationMs.toFixed(1)} ms; language server running after ${String(timings.serverStartMs?.toFixed(0))} ms`);
  });

  it('the status item shows on the example (an Atlassian client library) and never in a folder with nothing Atlassian', async function () {
    const signals = await api.testing.rescanSignals();
    assert.match(signals.app ?? '', /^Atlassian package in package\.json$/, `signal: ${String(signals.app)}`);
    assert.strictEqual(api.testing.statusBarVisible(), true, 'shown in the example');
    // A plain TypeScript project beside it: another tool's manifest.yml, a config.json, no Atlassian package.
    const plain = vscode.Uri.joinPath(folder(), 'plain-ts');
    await writeFile('plain-ts/package.json', JSON.stringify({ name: 'plain', dependencies: { express: '^4.21.0' }, devDependencies: { typescript: '^5.6.0' } }));
    await writeFile('plain-ts/manifest.yml', 'applications:\n- name: plain\n  memory: 256M\n');
    await writeFile('plain-ts/config.json', JSON.stringify({ development: { port: 3000 }, production: { port: 80 } }));
    await writeFile('plain-ts/src/index.ts', 'export const port = Number(process.env.PORT ?? 3000);\n');
    try {
      assert.strictEqual(await api.testing.atlassianSignal(plain), undefined, 'nothing Atlassian in plain-ts');
      // The same folder becomes an Atlassian app with a Connect descriptor, or a Forge manifest.
      await writeFile('plain-ts/atlassian-connect.json', JSON.stringify({ key: 'plain', baseUrl: 'https://plain.example.com', modules: {} }));
      assert.match((await api.testing.atlassianSignal(plain)) ?? '', /^Connect descriptor plain-ts\/atlassian-connect\.json$/);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(plain, 'atlassian-connect.json'));
      await writeFile('plain-ts/manifest.yml', 'app:\n  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000\nmodules: {}\n');
      assert.match((await api.testing.atlassianSignal(plain)) ?? '', /^Forge manifest plain-ts\/manifest\.yml$/);
    } finally {
      await vscode.workspace.fs.delete(plain, { recursive: true });
    }
  });

  it('before any audit the status bar says only open files were checked, never a check mark', async function () {
    await api.testing.refreshTree();
    assert.ok(!api.testing.statusBarText().includes('$(check)'), api.testing.statusBarText());
    assert.match(api.testing.statusBarText(), /Not audited|in open files/);
    assert.match(api.testing.statusBarTooltip(), /only open files checked/);
    assert.doesNotMatch(api.testing.statusBarTooltip(), /\*\*/, 'plain text, no raw Markdown');
  });

  it('publishes diagnostics for an opened file (Problems panel), with the rule doc and no secret', async function () {
    const doc = await vscode.workspace.openTextDocument(tokenFile);
    await vscode.window.showTextDocument(doc);
    const [diag] = await waitFor('a no-api-token-literal diagnostic', [diagnosticsChanged(tokenFile)], () => {
      const found = ours(tokenFile, 'no-api-token-literal');
      return found.length > 0 ? found : undefined;
    });
    assert.ok(diag);
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(diag.range.start.line, 1);
    // The code link (hover, Problems) runs Show Rule Documentation: the rendered page, not the raw .md.
    assert.ok(typeof diag.code === 'object', 'the diagnostic has a code link');
    const target = diag.code.target;
    assert.strictEqual(target.scheme, 'command', target.toString());
    assert.strictEqual(target.path, 'marketplaceGuard.showRuleDocumentation');
    const args: unknown = JSON.parse(target.query);
    assert.deepStrictEqual(args, ['no-api-token-literal']);
    const page = await vscode.commands.executeCommand<vscode.Uri | undefined>(target.path, ...(args as string[]));
    assert.ok(page?.path.endsWith('/docs/rules/no-api-token-literal.md'));
    for (const w of windows(token)) assert.ok(!diag.message.includes(w), 'the message never holds the token');
  });

  it('applies a quick fix through executeCodeActionProvider + applyEdit and the finding goes away', async function () {
    const [diag] = ours(tokenFile, 'no-api-token-literal');
    assert.ok(diag);
    const actions = await retryCanceled(
      () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', tokenFile, diag.range, vscode.CodeActionKind.QuickFix.value),
      10,
      diagnosticsChanged(tokenFile),
    );
    // executeCodeActionProvider drops each action's diagnostics: the server names the rule in its titles.
    const mine = actions;
    const titles = mine.map((a) => a.title);
    assert.ok(titles.includes('Suppress no-api-token-literal with a reason'), `a suppress action: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Show documentation for no-api-token-literal'), `a docs action: ${titles.join(' | ')}`);
    const fix = mine.find((a) => a.edit && !a.title.startsWith('Suppress'));
    assert.ok(fix?.edit, `a fix with an edit: ${titles.join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    const doc = await vscode.workspace.openTextDocument(tokenFile);
    assert.ok(!doc.getText().includes(token), 'the literal left the file');
    await waitFor('the diagnostic to disappear', [diagnosticsChanged(tokenFile)], () =>
      ours(tokenFile, 'no-api-token-literal').length === 0 ? true : undefined,
    );
    await doc.save();
  });

  let summary: AuditSummary;
  it('Audit Workspace reports unopened files too', async function () {
    const jiraClient = vscode.Uri.joinPath(folder(), 'src', 'jiraClient.ts');
    const result = await vscode.commands.executeCommand<AuditSummary | undefined>('marketplaceGuard.auditWorkspace');
    assert.ok(result, 'the audit returns a summary');
    summary = result;
    assert.ok(summary.files >= 5, `files analysed: ${summary.files}`);
    assert.ok(summary.errors > 0, 'the example has errors');
    assert.strictEqual(summary.cancelled, false);
    // The toast says what its numbers mean: findings, the files they sit in, the files analysed.
    const toast = api.testing.lastAuditToast() ?? '';
    const m = /^Marketplace Guard: (\d+) findings? \(([^)]*)\) in (\d+) files?; (\d+) files? analysed\.$/.exec(toast);
    assert.ok(m, `toast: ${toast}`);
    assert.strictEqual(Number(m[1]), summary.findings);
    assert.strictEqual(Number(m[4]), summary.files);
    assert.match(m[2] ?? '', new RegExp(`^${summary.errors} errors?\\b`));
    const inFiles = new Set((await api.testing.findings()).findings.map((f) => f.uri)).size;
    assert.strictEqual(Number(m[3]), inFiles, 'files with findings, not files analysed');
    assert.ok(inFiles < summary.files, 'the example has files without findings: the two numbers differ');
    await waitFor('diagnostics for the unopened jiraClient.ts', [diagnosticsChanged(jiraClient)], () =>
      ours(jiraClient, 'no-api-token-basic-auth').length > 0 ? true : undefined,
    );
    await api.testing.refreshTree();
    assert.match(api.testing.statusBarTooltip(), /whole workspace audited at /);
    assert.doesNotMatch(api.testing.statusBarTooltip(), /\*\*/, 'plain text, no raw Markdown');
    assert.strictEqual(api.testing.statusBarVisible(), true);
  });

  it('shows the compliance tree: area → rule → finding, with consistent counts, badge, status bar and message', async function () {
    await api.testing.refreshTree();
    const rows = api.testing.treeSnapshot();
    const result = await api.testing.findings();
    const apiTokens = rows.find((r) => r.label === 'API tokens');
    assert.ok(apiTokens, `areas: ${rows.map((r) => r.label).join(', ')}`);
    assert.match(apiTokens.description, /overdue since 2026-01-01/);
    let total = 0;
    for (const area of rows) {
      assert.strictEqual(area.contextValue, 'area');
      assert.strictEqual(shownCount(area), leaves(area), `${area.label}: count = findings below`);
      total += shownCount(area);
      for (const rule of area.children) {
        assert.strictEqual(rule.contextValue, 'rule');
        assert.strictEqual(shownCount(rule), rule.children.length, `${rule.label}: count = its finding rows`);
        for (const f of rule.children) {
          assert.match(f.contextValue, /^(finding|note)/);
          assert.ok(f.label.length <= 100, `a short label: ${f.label.length} characters: ${f.label}`);
          assert.match(f.description, /^[^:\s]+:\d+:\d+$/, 'file:line:col in the description');
          assert.match(f.ariaLabel, /^(Error|Warning|Note): .+, \S+ line \d+ column \d+, [a-z-]+$/, 'a severity word for screen readers');
          assert.ok(f.tooltip.includes(rule.label), 'the tooltip names the rule');
        }
      }
    }
    assert.strictEqual(total, result.findings.length, 'the tree shows every finding');
    const basic = apiTokens.children.find((r) => r.label === 'no-api-token-basic-auth');
    assert.ok(basic, 'the rule row for basic auth');
    assert.ok(basic.children.some((f) => f.description.startsWith('jiraClient.ts:')), 'its findings name their file');
    assert.strictEqual(api.testing.badge(), result.errors, 'badge = error count');
    assert.match(api.testing.statusBarText(), new RegExp(`\\b${result.errors}\\b`), 'status bar shows the error count');
    assert.match(api.testing.viewMessage() ?? '', /^Whole workspace audited at .+: \d+ errors?/, 'the line above the tree says what was checked');
    let depth = 0;
    walk(rows, (r, d) => {
      if (r.contextValue !== 'related') depth = Math.max(depth, d);
    });
    assert.strictEqual(depth, 2, 'three levels, then the related locations of a finding');
    // The Basic-auth finding says where its credential is built and where its token comes from.
    for (const f of basic.children.filter((x) => x.description.startsWith('jiraClient.ts:'))) {
      const related = f.children.map((c) => `${c.contextValue} ${c.label} @ ${c.description}`);
      assert.ok(related.some((c) => /^related Basic credential built here @ jiraClient\.ts:\d+:\d+$/.test(c)), related.join(' | '));
      assert.ok(related.some((c) => /^related token comes from .*JIRA_API_TOKEN @ jiraClient\.ts:\d+:\d+$/.test(c)), related.join(' | '));
    }
  });

  it('grouped by file, each file row counts what Problems shows for that file and lists each of them', async function () {
    await vscode.commands.executeCommand('marketplaceGuard.groupByFile');
    try {
      await api.testing.refreshTree();
      const rows = api.testing.treeSnapshot();
      const nodes = api.testing.treeNodes();
      assert.strictEqual(rows.length, nodes.length);
      assert.ok(rows.length >= 5, `file rows: ${rows.length}`);
      rows.forEach((row, i) => {
        const node = nodes[i];
        assert.ok(node?.kind === 'file', row.label);
        const inProblems = ours(vscode.Uri.parse(node.uri)).length;
        assert.strictEqual(shownCount(row), row.children.length, `${row.label}: count = its rows`);
        assert.strictEqual(shownCount(row), inProblems, `${row.label}: count = VS Code's diagnostics for the file`);
        assert.match(row.tooltip, /the number the Problems panel shows/);
        for (const f of row.children) {
          assert.match(f.description, /^\d+:\d+$/, 'line:col in the description');
          assert.ok(f.label.length <= 100, f.label);
        }
      });
    } finally {
      await vscode.commands.executeCommand('marketplaceGuard.groupByArea');
    }
  });

  it('Copy Findings on a file row puts one `file:line:col severity message [rule]` line per finding on the clipboard', async function () {
    await vscode.commands.executeCommand('marketplaceGuard.groupByFile');
    try {
      const node = api.testing.treeNodes().find((n) => n.kind === 'file' && n.file === 'src/jiraClient.ts');
      assert.ok(node?.kind === 'file');
      const expected = node.findings
        .map((f) => `src/jiraClient.ts:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.message} [${f.ruleId}]`)
        .join('\n');
      const copied = await vscode.commands.executeCommand<string | undefined>('marketplaceGuard.copyFindings', node);
      assert.strictEqual(copied, expected);
      assert.strictEqual((await vscode.env.clipboard.readText()).trimEnd(), expected, 'the clipboard holds the lines');
      assert.match(expected, /^src\/jiraClient\.ts:\d+:\d+ error .+ \[no-api-token-basic-auth\]$/m);
      assert.strictEqual(expected.split('\n').length, ours(vscode.Uri.parse(node.uri)).length);
    } finally {
      await vscode.commands.executeCommand('marketplaceGuard.groupByArea');
    }
  });

  it('five consecutive audits give identical trees', async function () {
    this.timeout(180_000);
    const snapshots: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await vscode.commands.executeCommand<AuditSummary | undefined>('marketplaceGuard.auditWorkspace');
      assert.ok(result && !result.cancelled);
      await api.testing.refreshTree();
      const rows = api.testing.treeSnapshot();
      // Every row under a rule belongs to that rule (the corruption seen once in five audits).
      for (const area of rows) for (const rule of area.children) for (const f of rule.children) assert.ok(f.tooltip.includes(`\`${rule.label}\``), `${f.label} under ${rule.label}`);
      snapshots.push(JSON.stringify(rows));
    }
    for (const [i, snap] of snapshots.entries()) assert.strictEqual(snap, snapshots[0], `audit ${i + 1} gave another tree`);
  });

  it('Fix All Safe Problems Here on a file row fixes that file’s safe problems and leaves the others', async function () {
    const before = ours(redirectsFile);
    assert.deepStrictEqual(before.map((d) => codeOf(d)).sort(), ['no-api-token-literal', 'redirect-uri-insecure', 'redirect-uri-insecure']);
    await vscode.commands.executeCommand('marketplaceGuard.groupByFile');
    try {
      const node = api.testing.treeNodes().find((n) => n.kind === 'file' && n.file === 'src/redirects.ts');
      assert.ok(node, 'the file row');
      const summary = await vscode.commands.executeCommand<{ fixed: number; files: number; unsafe: number; skipped: number }>('marketplaceGuard.fixAllSafeHere', node);
      assert.deepStrictEqual(summary, { fixed: 2, files: 1, unsafe: 1, skipped: 0 });
      await waitFor('the safe-fixable findings to disappear', [diagnosticsChanged(redirectsFile)], () =>
        ours(redirectsFile, 'redirect-uri-insecure').length === 0 ? true : undefined,
      );
      assert.strictEqual(ours(redirectsFile, 'no-api-token-literal').length, 1, 'the fix not marked safe was not applied');
      const doc = await vscode.workspace.openTextDocument(redirectsFile);
      assert.strictEqual(doc.isDirty, false, 'the file, unchanged before, is saved');
      assert.strictEqual((doc.getText().match(/'https:\/\//g) ?? []).length, 2);
      await waitFor('the tree to drop the fixed rows', [api.testing.onDidRefreshTree], () => {
        const row = api.testing.treeNodes().find((n) => n.kind === 'file' && n.file === 'src/redirects.ts');
        return row && row.children.length === 1 ? true : undefined;
      });
    } finally {
      await vscode.commands.executeCommand('marketplaceGuard.groupByArea');
    }
  });

  it('groups by file and back', async function () {
    await vscode.commands.executeCommand('marketplaceGuard.groupByFile');
    const byFile = api.testing.treeSnapshot();
    assert.strictEqual(api.testing.groupBy(), 'file');
    assert.ok(byFile.every((r) => r.contextValue === 'file'), 'top level is files');
    assert.ok(byFile.some((r) => r.label === 'jiraClient.ts'));
    let depth = 0;
    walk(byFile, (r, d) => {
      if (r.contextValue !== 'related') depth = Math.max(depth, d);
    });
    assert.strictEqual(depth, 1, 'file → finding, then the related locations of a finding');
    await vscode.commands.executeCommand('marketplaceGuard.groupByArea');
    assert.ok(api.testing.treeSnapshot().every((r) => r.contextValue === 'area'));
  });

  it('Apply Fix from the tree fixes a finding of a file the audit read unopened, on the first click', async function () {
    assert.ok(!isOpen(unopenedFile), 'the file is not open before Apply Fix');
    const node = await auditedFinding(unopenedFile);
    const ok = await vscode.commands.executeCommand<boolean>('marketplaceGuard.applyFix', node);
    assert.strictEqual(ok, true, 'the fix applied');
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), unopenedFile.toString(), 'the fixed file is shown');
    assert.ok(!windows(unopenedToken).some((w) => editor.document.getText().includes(w)), 'the token left the file');
    assert.match(editor.document.getText(), /process\.env\.JIRA_API_TOKEN/);
    await waitFor('the fixed finding to disappear', [diagnosticsChanged(unopenedFile)], () =>
      ours(unopenedFile, 'no-api-token-literal').length === 0 ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Apply Fix from the tree never edits text that changed since the finding was computed', async function () {
    const node = await auditedFinding(staleFile);
    const doc = await vscode.workspace.openTextDocument(staleFile);
    const insert = new vscode.WorkspaceEdit();
    insert.insert(staleFile, new vscode.Position(0, 0), '// edited after the audit\n');
    assert.ok(await vscode.workspace.applyEdit(insert));
    const before = doc.getText();
    const ok = await vscode.commands.executeCommand<boolean>('marketplaceGuard.applyFix', node);
    assert.strictEqual(ok, false, 'the stale finding is refused');
    assert.strictEqual(doc.getText(), before, 'nothing was edited');
    // The file was re-checked: its finding now sits one line lower, and from there the fix applies.
    await waitFor('the re-checked finding on line 2', [diagnosticsChanged(staleFile)], () =>
      ours(staleFile, 'no-api-token-literal')[0]?.range.start.line === 1 ? true : undefined,
    );
    const fresh = await auditedFinding(staleFile);
    assert.strictEqual(fresh.finding.range.start.line, 1);
    assert.strictEqual(await vscode.commands.executeCommand<boolean>('marketplaceGuard.applyFix', fresh), true);
    assert.ok(!windows(staleToken).some((w) => doc.getText().includes(w)));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('clicking a finding reveals its range; the tree suppresses a finding through the server action', async function () {
    const second = fakeApiToken();
    const uri = await writeFile('src/legacy.ts', `export const confluenceApiToken = '${second}';\n`);
    await vscode.window.showTextDocument(uri);
    await waitFor('a finding in legacy.ts', [diagnosticsChanged(uri)], () =>
      ours(uri, 'no-api-token-literal').length > 0 ? true : undefined,
    );
    const { findings } = await api.testing.findings(uri.toString());
    const finding = findings.find((f) => f.ruleId === 'no-api-token-literal');
    assert.ok(finding);
    const node = { kind: 'finding' as const, id: 'test', finding, showRule: false };
    await vscode.commands.executeCommand('marketplaceGuard.revealFinding', node);
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), uri.toString());
    assert.strictEqual(editor.selection.start.line, finding.range.start.line);
    assert.strictEqual(editor.selection.start.character, finding.range.start.character);
    // The reason is asked for (an input box); a placeholder is refused and nothing is written.
    const placeholder = await vscode.commands.executeCommand<boolean>('marketplaceGuard.suppressFinding', node, 'reason');
    assert.strictEqual(placeholder, false, 'a placeholder is not a reason');
    assert.ok(!editor.document.getText().includes('marketplace-guard-disable'), 'nothing was inserted');
    const ok = await vscode.commands.executeCommand<boolean>('marketplaceGuard.suppressFinding', node, 'revoked token kept for the migration guide');
    assert.ok(ok, 'the suppress action ran');
    assert.strictEqual(
      editor.document.lineAt(finding.range.start.line).text,
      '// marketplace-guard-disable-next-line no-api-token-literal -- revoked token kept for the migration guide',
      'the directive sits on the finding\'s line, the finding below it',
    );
    assert.strictEqual(vscode.window.activeTextEditor?.selection.start.line, finding.range.start.line, 'the directive is revealed');
    await waitFor('the suppressed finding to disappear', [diagnosticsChanged(uri)], () =>
      ours(uri, 'no-api-token-literal').length === 0 ? true : undefined,
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  for (const [format, check] of [
    ['json', (text: string) => assert.ok(Array.isArray((JSON.parse(text) as { findings: unknown[] }).findings))],
    ['sarif', (text: string) => assert.strictEqual((JSON.parse(text) as { version: string }).version, '2.1.0')],
    ['markdown', (text: string) => assert.match(text, /^#/m)],
  ] as const) {
    it(`Export Compliance Report… writes ${format} from the server`, async function () {
      const target = vscode.Uri.joinPath(folder(), `report.${format}`);
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('marketplaceGuard.exportReport', format, target);
      assert.strictEqual(saved?.toString(), target.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      check(text);
      for (const w of windows(token)) assert.ok(!text.includes(w), 'no secret in the report');
    });
  }

  describe('API-token migration plan', function () {
    const PLAN_NAME = 'API-token migration plan.md';
    const allTabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const planTabs = (): vscode.Tab[] =>
      allTabs().filter(
        (t) =>
          (t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'marketplace-guard-plan') ||
          (t.input instanceof vscode.TabInputWebview && t.label.endsWith(PLAN_NAME)),
      );
    let plan: vscode.TextDocument;

    it('opens as a read-only virtual Markdown document with its preview, never an untitled one', async function () {
      plan = await vscode.commands.executeCommand<vscode.TextDocument>('marketplaceGuard.showMigrationPlan');
      assert.strictEqual(plan.uri.scheme, 'marketplace-guard-plan');
      assert.strictEqual(plan.uri.path, `/${PLAN_NAME}`);
      assert.strictEqual(plan.languageId, 'markdown');
      assert.strictEqual(plan.isUntitled, false);
      assert.match(plan.getText(), /^# API-token migration report: /);
      assert.match(plan.getText(), /jiraClient\.ts/);
      await waitFor('the plan\'s preview tab', [vscode.window.tabGroups.onDidChangeTabs], () =>
        planTabs().some((t) => t.input instanceof vscode.TabInputWebview) ? true : undefined,
      );
      // The preview's title bar offers Save As… (context key set while the preview is the active tab).
      const preview = planTabs().find((t) => t.input instanceof vscode.TabInputWebview);
      assert.ok(preview);
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
      assert.strictEqual(api.testing.migrationPlanPreviewActive(), false, 'not while the source editor is active');
      const previewGroup = vscode.window.tabGroups.all.indexOf(preview.group);
      await vscode.commands.executeCommand(previewGroup === 1 ? 'workbench.action.focusSecondEditorGroup' : 'workbench.action.focusFirstEditorGroup');
      await vscode.commands.executeCommand('workbench.action.openEditorAtIndex', preview.group.tabs.indexOf(preview));
      await waitFor('the plan preview to be the active tab', [vscode.window.tabGroups.onDidChangeTabs, vscode.window.tabGroups.onDidChangeTabGroups], () =>
        api.testing.migrationPlanPreviewActive() ? true : undefined,
      );
      // Read-only: typing in its editor changes nothing and never makes it dirty.
      const editor = await vscode.window.showTextDocument(plan);
      const before = plan.getText();
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      await vscode.commands.executeCommand('type', { text: 'typed into the plan ' });
      await vscode.commands.executeCommand('deleteLeft');
      assert.strictEqual(plan.getText(), before, 'the plan cannot be edited');
      assert.strictEqual(plan.isDirty, false);
    });

    it('is rebuilt while open when the findings change', async function () {
      const uri = await writeFile(
        'src/whoAmI.ts',
        "const baseUrl = process.env.JIRA_BASE_URL ?? 'https://acme.atlassian.net';\n" +
          'const auth = `Basic ${Buffer.from(`${process.env.JIRA_EMAIL}:${process.env.JIRA_API_TOKEN}`).toString(\'base64\')}`;\n' +
          'export async function whoAmI(): Promise<unknown> {\n' +
          '  const res = await fetch(`${baseUrl}/rest/api/3/myself`, { headers: { Authorization: auth } });\n' +
          '  return res.json();\n}\n',
      );
      assert.ok(!plan.getText().includes('whoAmI.ts'));
      await vscode.window.showTextDocument(uri, { preview: false });
      await waitFor('the plan to list the new call', [vscode.workspace.onDidChangeTextDocument], () =>
        plan.getText().includes('GET /rest/api/3/myself (src/whoAmI.ts:4)') ? true : undefined,
      60_000);
      assert.strictEqual(plan.isDirty, false);
    });

    it('closing it asks nothing and leaves no dirty editor', async function () {
      assert.ok(planTabs().length >= 2, 'the editor and the preview');
      assert.ok(planTabs().every((t) => !t.isDirty));
      const closed = await vscode.window.tabGroups.close(planTabs());
      assert.strictEqual(closed, true, 'closed without a save prompt');
      assert.strictEqual(planTabs().length, 0);
      assert.ok(!allTabs().some((t) => t.isDirty && t.input instanceof vscode.TabInputText && t.input.uri.scheme !== 'file'), 'no dirty untitled editor left');
    });

    it('Save Migration Plan As… writes it; the next audit does not report the saved plan', async function () {
      const target = vscode.Uri.joinPath(folder(), 'docs', 'api-token-migration-plan.md');
      const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>('marketplaceGuard.saveMigrationPlanAs', target);
      assert.strictEqual(saved?.toString(), target.toString());
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      assert.match(text, /^# API-token migration report: /);
      assert.match(text, /src\/whoAmI\.ts/);
      for (const w of windows(token)) assert.ok(!text.includes(w), 'no secret in the plan');
      // The same text under another title is an ordinary Markdown file, and a finding: the check can fail.
      const copy = await writeFile('docs/plan-notes.md', text.replace(/^# API-token migration report: .*$/m, '# Notes'));
      try {
        const audit = await vscode.commands.executeCommand<AuditSummary | undefined>('marketplaceGuard.auditWorkspace');
        assert.ok(audit && !audit.cancelled);
        const files = new Set((await api.testing.findings()).findings.map((f) => f.file));
        assert.ok(!files.has('docs/api-token-migration-plan.md'), `the saved plan is no finding: ${[...files].join(', ')}`);
        assert.ok(files.has('docs/plan-notes.md'), `the retitled copy is analysed: ${[...files].join(', ')}`);
      } finally {
        await vscode.workspace.fs.delete(copy);
      }
    });
  });

  it('Show Rule Documentation lists each rule with its policy area and what it catches', async function () {
    const items = await api.testing.ruleDocumentationItems();
    assert.ok(items.length >= 20, `${items.length} rules`);
    for (const item of items) {
      assert.strictEqual(item.label, item.ruleId);
      assert.ok(item.detail && item.detail.length > 20, `${item.ruleId}: what it catches`);
    }
    const basic = items.find((i) => i.ruleId === 'no-api-token-basic-auth');
    assert.match(basic?.description ?? '', /^API tokens \("Personal access tokens"\) · error · quick fix$/);
    assert.match(items.find((i) => i.ruleId === 'redirect-uri-insecure')?.description ?? '', /^Redirect URIs /);
  });

  it('Show Rule Documentation opens the bundled page in the Markdown preview', async function () {
    const tabs = (): vscode.Tab[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    const page = await vscode.commands.executeCommand<vscode.Uri | undefined>('marketplaceGuard.showRuleDocumentation', 'no-api-token-literal');
    assert.ok(page?.path.endsWith('/docs/rules/no-api-token-literal.md'));
    await waitFor('the preview tab', [vscode.window.tabGroups.onDidChangeTabs], () =>
      tabs().some((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('no-api-token-literal')) ? true : undefined,
    );
  });

  it('Restart Server restarts the client and the tree comes back', async function () {
    await vscode.commands.executeCommand('marketplaceGuard.restartServer');
    assert.ok(api.client.isRunning());
    // The new server re-analyses the open documents; its findingsChanged notification refreshes the tree.
    await waitFor('findings after the restart', [api.testing.onDidRefreshTree], async () =>
      (await api.testing.findings()).findings.length > 0 && api.testing.treeSnapshot().length > 0 ? true : undefined,
    );
    // The audit is restored, not dropped: unopened files' findings are back and the status says so.
    const after = await api.testing.findings();
    assert.strictEqual(after.audited, true, 'the workspace audit runs again after a restart');
    assert.ok(after.findings.some((f) => f.file === 'src/jiraClient.ts'), 'the unopened jiraClient.ts is in the tree again');
    assert.match(api.testing.statusBarTooltip(), /whole workspace audited at /);
  });

  it('every contributed palette command is registered', async function () {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of ['auditWorkspace', 'exportReport', 'showMigrationPlan', 'showRuleDocumentation', 'restartServer']) {
      assert.ok(all.has(`marketplaceGuard.${id}`), id);
    }
  });
});
