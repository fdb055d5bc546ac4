import * as assert from 'assert';
import * as ts from 'typescript';
import { TextDocumentEdit, type CodeAction, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseFile, parseCode } from '../../server/src/core/engine';
import type { Finding, Fix } from '../../server/src/core/model';
import { defineRule } from '../../server/src/core/rule';
import noApiTokenLiteral from '../../server/src/core/rules/code/no-api-token-literal';
import { fixAllAction, fixToWorkspaceEdit, quickFixes, suppressionEdit, type ActionTarget, type ResolvedFile } from '../../server/src/lsp/codeActions';
import { Dependencies, type FileRef } from '../../server/src/lsp/dependencies';
import { isDiagnosticData, relatedItems, toDiagnostic } from '../../server/src/lsp/diagnostics';
import { Workspace } from '../../server/src/lsp/folders';
import { changeRange, ParseCache } from '../../server/src/lsp/parseCache';
import { registerModuleReader } from '../../server/src/core/analysis/modules';
import { evaluate, staticText } from '../../server/src/core/analysis/values';
import { GuardService, type ServiceHost } from '../../server/src/lsp/service';
import { excludedReason, parseEditorSettings, resolveSettings } from '../../server/src/lsp/settings';
import { fakeApiToken } from '../support/secrets';

const CAPS = { documentChanges: true, createFiles: true, snippets: false };

function target(relPath: string, text: string, files: Record<string, string> = {}, caps = CAPS, languageId = 'typescript'): ActionTarget {
  const uri = `file:///ws/${relPath}`;
  const ws = new Workspace();
  ws.setFolders([{ uri: 'file:///ws', name: 'ws' }]);
  return {
    doc: TextDocument.create(uri, languageId, 3, text),
    located: ws.locate(uri, languageId),
    languageId,
    caps,
    resolve: (rel): ResolvedFile => ({ uri: `file:///ws/${rel}`, text: files[rel], version: null }),
  };
}

function finding(fixes: Fix[], start = 0, end = 1): Finding {
  return {
    ruleId: 'redirect-uri-insecure', category: 'redirect-uris', severity: 'error', file: 'src/a.ts',
    range: { start, end }, start: { line: 1, column: start + 1 }, end: { line: 1, column: end + 1 },
    messageId: 'x', message: 'm', detail: 'd', policy: 'p', fixes,
  };
}

function editsOf(action: CodeAction | undefined, uri: string): LspTextEdit[] {
  const out: LspTextEdit[] = [];
  for (const c of action?.edit?.documentChanges ?? []) {
    if (TextDocumentEdit.is(c) && c.textDocument.uri === uri) for (const e of c.edits) if ('newText' in e) out.push(e);
  }
  return out;
}

describe('LSP adapters', () => {
  describe('fixes → WorkspaceEdit', () => {
    it('converts offsets in this file, edits in another file, and creates a missing file with its edits applied', () => {
      const t = target('src/a.ts', 'const a = "http://x";\n', { 'manifest.yml': 'permissions:\n  scopes: []\n' });
      const edit = fixToWorkspaceEdit(
        {
          title: 't', safe: false,
          edits: [
            { range: { start: 11, end: 15 }, newText: 'https' },
            { file: 'manifest.yml', range: { start: 23, end: 25 }, newText: '[read:jira-work]' },
          ],
          envDeclarations: [{ file: '.env.example', name: 'JIRA_API_TOKEN' }],
          createFiles: { '.env.example': '' },
        },
        t,
      );
      const changes = edit?.documentChanges ?? [];
      assert.deepStrictEqual(changes[0], { kind: 'create', uri: 'file:///ws/.env.example', options: { ignoreIfExists: true } });
      assert.deepStrictEqual(changes[1], TextDocumentEdit.create({ uri: 'file:///ws/.env.example', version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'JIRA_API_TOKEN=\n' }]));
      const self = changes.find((c) => TextDocumentEdit.is(c) && c.textDocument.uri === 'file:///ws/src/a.ts');
      assert.ok(self && TextDocumentEdit.is(self));
      assert.strictEqual(self.textDocument.version, 3);
      assert.deepStrictEqual(self.edits[0]?.range, { start: { line: 0, character: 11 }, end: { line: 0, character: 15 } });
      const manifest = changes.find((c) => TextDocumentEdit.is(c) && c.textDocument.uri === 'file:///ws/manifest.yml');
      assert.ok(manifest && TextDocumentEdit.is(manifest));
      assert.deepStrictEqual(manifest.edits[0]?.range.start, { line: 1, character: 10 });
    });

    it('declares env names against the file as it is now: appended at its end in its line endings, once, none already there', () => {
      const t = target('src/a.ts', 'x\n', { '.env.example': '# keys\r\nCLIENT_ID=\r\nPORT=3000' });
      const declare = (...names: string[]): Fix => ({
        title: 't', safe: false, edits: [{ range: { start: 0, end: 1 }, newText: 'y' }],
        envDeclarations: names.map((name) => ({ file: '.env.example', name })), createFiles: { '.env.example': '' },
      });
      const envUri = 'file:///ws/.env.example';
      const both = fixToWorkspaceEdit(declare('CLIENT_SECRET', 'CLIENT_ID', 'CLIENT_SECRET'), t);
      assert.ok(!(both?.documentChanges ?? []).some((c) => 'kind' in c), 'no CreateFile for an existing file');
      const envEdits = (both?.documentChanges ?? []).flatMap((c) => (TextDocumentEdit.is(c) && c.textDocument.uri === envUri ? c.edits : []));
      assert.deepStrictEqual(envEdits, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, newText: '\r\nCLIENT_SECRET=\r\n' }]);
      const none = fixToWorkspaceEdit(declare('CLIENT_ID'), t);
      assert.deepStrictEqual((none?.documentChanges ?? []).map((c) => (TextDocumentEdit.is(c) ? c.textDocument.uri : 'create')), ['file:///ws/src/a.ts']);
      // Outside the workspace folder (nothing resolves) the fix is not offered rather than half applied.
      const lost = { ...t, resolve: (): undefined => undefined };
      assert.strictEqual(fixToWorkspaceEdit(declare('CLIENT_SECRET'), lost), undefined);
    });

    it('gives up on a fix it cannot apply as computed', () => {
      const t = target('src/a.ts', 'short', {}, { documentChanges: false, createFiles: false, snippets: false });
      assert.strictEqual(fixToWorkspaceEdit({ title: 't', safe: true, edits: [{ range: { start: 2, end: 99 }, newText: '' }] }, t), undefined);
      assert.strictEqual(fixToWorkspaceEdit({ title: 't', safe: true, edits: [], createFiles: { 'new.ts': 'x' } }, t), undefined);
      assert.strictEqual(fixToWorkspaceEdit({ title: 't', safe: true, edits: [{ file: 'gone.yml', range: { start: 0, end: 0 }, newText: 'x' }] }, t), undefined);
      assert.deepStrictEqual(fixToWorkspaceEdit({ title: 't', safe: true, edits: [{ range: { start: 0, end: 1 }, newText: 'S' }] }, t)?.changes, {
        'file:///ws/src/a.ts': [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'S' }],
      });
    });

    it('fix-all takes only safe fixes and skips one that collides with an earlier one', () => {
      const t = target('src/a.ts', 'http://a http://b\n');
      const safe = (start: number, title: string): Fix => ({ title, safe: true, edits: [{ range: { start, end: start + 4 }, newText: 'https' }] });
      const action = fixAllAction(
        [
          finding([safe(0, 'first')]),
          finding([{ title: 'unsafe', safe: false, edits: [{ range: { start: 9, end: 13 }, newText: 'nope' }] }]),
          finding([safe(0, 'collides')]),
          finding([safe(9, 'second')]),
        ],
        t,
      );
      assert.strictEqual(action?.kind, 'source.fixAll.marketplaceGuard');
      assert.deepStrictEqual(editsOf(action, t.doc.uri).map((e) => e.range.start.character), [0, 9]);
      assert.strictEqual(fixAllAction([finding([{ title: 'u', safe: false, edits: [] }])], t), undefined);
    });

    it('fix-all: two fixes declaring the same env name create .env.example once, with the line once', () => {
      const t = target('src/a.ts', 'http://a http://b\n');
      const declaring = (start: number): Fix => ({
        title: 'env', safe: true, edits: [{ range: { start, end: start + 4 }, newText: 'https' }],
        envDeclarations: [{ file: '.env.example', name: 'CLIENT_SECRET' }], createFiles: { '.env.example': '' },
      });
      const action = fixAllAction([finding([declaring(0)]), finding([declaring(9)])], t);
      assert.deepStrictEqual(editsOf(action, t.doc.uri).map((e) => e.range.start.character), [0, 9]);
      assert.deepStrictEqual(editsOf(action, 'file:///ws/.env.example').map((e) => e.newText), ['CLIENT_SECRET=\n']);
      const existing = target('src/a.ts', 'http://a http://b\n', { '.env.example': 'PORT=3000\n' });
      const again = fixAllAction([finding([declaring(0)]), finding([declaring(9)])], existing);
      assert.deepStrictEqual(editsOf(again, 'file:///ws/.env.example').map((e) => [e.range.start.line, e.newText]), [[1, 'CLIENT_SECRET=\n']]);
    });
  });

  describe('suppression directives', () => {
    const apply = (t: ActionTarget, line: number): string => {
      const e = suppressionEdit(t, line, 'no-api-token-literal');
      assert.ok(e && 'newText' in e);
      return TextDocument.applyEdits(t.doc, [e]);
    };

    it('uses the comment syntax of the file and keeps the indentation', () => {
      assert.strictEqual(apply(target('manifest.yml', 'app:\n  token: x\n', {}, CAPS, 'yaml'), 1), 'app:\n  # marketplace-guard-disable-next-line no-api-token-literal -- reason\n  token: x\n');
      assert.strictEqual(apply(target('.env', 'A=1\r\nB=2\r\n', {}, CAPS, 'dotenv'), 1), 'A=1\r\n# marketplace-guard-disable-next-line no-api-token-literal -- reason\r\nB=2\r\n');
      assert.strictEqual(apply(target('docs/a.md', '# T\n    curl\n', {}, CAPS, 'markdown'), 1), '# T\n    <!-- marketplace-guard-disable-next-line no-api-token-literal -- reason -->\n    curl\n');
      assert.strictEqual(apply(target('src/a.ts', '\tconst a = 1;\n'), 0), '\t// marketplace-guard-disable-next-line no-api-token-literal -- reason\n\tconst a = 1;\n');
    });

    it('joins an existing next-line directive instead of stacking a second one', () => {
      const t = target('src/a.ts', '  // marketplace-guard-disable-next-line no-secret-logging -- debug only\n  log(token);\n');
      assert.strictEqual(apply(t, 1), '  // marketplace-guard-disable-next-line no-secret-logging, no-api-token-literal -- debug only; reason\n  log(token);\n');
    });

    it('offers none in plain JSON, and a snippet with a reason placeholder when the client takes snippets', () => {
      assert.strictEqual(suppressionEdit(target('a.json', '{}\n', {}, CAPS, 'json'), 0, 'r'), undefined);
      const e = suppressionEdit(target('src/a.ts', 'x\n', {}, { ...CAPS, snippets: true }), 0, 'no-api-token-literal');
      assert.ok(e && 'snippet' in e);
      assert.strictEqual(e.snippet.value, '// marketplace-guard-disable-next-line no-api-token-literal -- ${1:reason}\n');
    });
  });

  it('quick fixes need diagnostic data for the current version; stale data still gets suppress and docs', () => {
    const token = fakeApiToken();
    const text = `const jiraApiToken = '${token}';\n`;
    const t = target('src/a.ts', text);
    const [f] = analyseFile('src/a.ts', text, { rules: [noApiTokenLiteral] }).findings;
    assert.ok(f);
    const current = toDiagnostic(f, t.doc, 3);
    assert.ok(isDiagnosticData(current.data));
    assert.deepStrictEqual(quickFixes([current], t).map((a) => a.title.split(' ')[0]), ['Replace', 'Suppress', 'Show']);
    const stale: Diagnostic = toDiagnostic(f, t.doc, 2);
    assert.deepStrictEqual(quickFixes([stale], t).map((a) => a.title.split(' ')[0]), ['Suppress', 'Show']);
    assert.ok(!isDiagnosticData({ kind: 'finding', ruleId: 'x', version: 1, fixes: [{ title: 't', safe: true, edits: [{ range: { start: 5, end: 1 }, newText: '' }] }] }));
    const declaring = (name: unknown): unknown => ({ kind: 'finding', ruleId: 'x', version: 1, fixes: [{ title: 't', safe: false, edits: [], envDeclarations: [{ file: '.env.example', name }] }] });
    assert.ok(isDiagnosticData(declaring('CLIENT_SECRET')));
    for (const bad of ['A=\nEVIL', 'X Y', '', 3]) assert.ok(!isDiagnosticData(declaring(bad)), JSON.stringify(bad));
  });

  describe('related locations → relatedInformation', () => {
    const text = "import { token } from './conf@ig';\nconst auth = 'Basic ' + btoa('me:' + token);\nfetch(u, { headers: { Authorization: auth } });\n";
    const configText = 'export const token = process.env.JIRA_API_TOKEN;\n';
    const at = (s: string, needle: string, from = 0): { start: number; end: number } => {
      const start = s.indexOf(needle, from);
      assert.ok(start >= 0, needle);
      return { start, end: start + needle.length };
    };
    const basicAuth = defineRule({
      id: 'no-api-token-basic-auth', kinds: ['code'],
      meta: { category: 'api-tokens', defaultSeverity: 'error', policy: 'p', description: 'd', messages: { basicAuth: 'API token sent with Basic auth.' }, fixable: false },
      check(ctx) {
        if (ctx.path !== 'src/a.ts') return;
        ctx.report({
          range: at(ctx.text, 'auth', ctx.text.indexOf('Authorization')),
          messageId: 'basicAuth',
          related: [
            { range: at(ctx.text, "'Basic ' + btoa('me:' + token)"), message: 'Basic credential built here' },
            { file: 'src/conf@ig.ts', range: at(configText, 'token'), message: 'API token comes from here' },
          ],
        });
      },
    });

    it('converts related locations in the finding’s file by its offsets and in other files by their positions', () => {
      const doc = TextDocument.create('file:///ws/src/a.ts', 'typescript', 1, text);
      const f: Finding = {
        ...finding([], 100, 104),
        related: [
          { file: 'src/a.ts', range: { start: 48, end: 78 }, start: { line: 2, column: 14 }, end: { line: 2, column: 44 }, message: 'Basic credential built here' },
          { file: 'src/conf@ig.ts', range: { start: 13, end: 18 }, start: { line: 1, column: 14 }, end: { line: 1, column: 19 }, message: 'API token comes from here' },
        ],
      };
      const d = toDiagnostic(f, doc, 1, relatedItems(f, doc, (file) => `file:///ws/${file}`));
      assert.deepStrictEqual(d.relatedInformation, [
        { location: { uri: 'file:///ws/src/a.ts', range: { start: { line: 1, character: 13 }, end: { line: 1, character: 43 } } }, message: 'Basic credential built here' },
        { location: { uri: 'file:///ws/src/conf@ig.ts', range: { start: { line: 0, character: 13 }, end: { line: 0, character: 18 } } }, message: 'API token comes from here' },
      ]);
      // Without a folder to resolve against (an untitled document), only the finding's own file is linked.
      assert.deepStrictEqual(toDiagnostic(f, doc, 1).relatedInformation?.map((r) => r.location.uri), ['file:///ws/src/a.ts']);
      assert.ok(!('relatedInformation' in toDiagnostic(finding([]), doc, 1)), 'none on a finding without related locations');
    });

    it('the service links another file by the URI the client opened it with, and the tree gets the same locations', async () => {
      const published: Diagnostic[][] = [];
      const host: ServiceHost = {
        publish: (_uri, _v, d) => published.push(d), fetchSettings: async () => ({}), findingsChanged: () => undefined,
        log: () => undefined, error: (m) => assert.fail(m), warn: () => undefined,
      };
      // VS Code escapes `@` in URIs; Node's pathToFileURL does not.
      const config = TextDocument.create('file:///ws/src/conf%40ig.ts', 'typescript', 4, configText);
      const doc = TextDocument.create('file:///ws/src/a.ts', 'typescript', 1, text);
      const docs = new Map([doc, config].map((d) => [d.uri, d]));
      const svc = new GuardService({ get: (u) => docs.get(u), all: () => [...docs.values()] }, host, (p, t, o) => analyseFile(p, t, { ...o, rules: [basicAuth] }));
      svc.workspace.setFolders([{ uri: 'file:///ws', name: 'ws' }]);
      const located = svc.workspace.locate(doc.uri);
      const settings = resolveSettings(parseEditorSettings({}, () => undefined), { rules: {}, ownedDomains: [], exclude: [] });
      svc.publish(located, doc, 1, svc.analyse(located, text, settings), false);
      const expected = [
        { location: { uri: 'file:///ws/src/a.ts', range: { start: { line: 1, character: 13 }, end: { line: 1, character: 43 } } }, message: 'Basic credential built here' },
        { location: { uri: 'file:///ws/src/conf%40ig.ts', range: { start: { line: 0, character: 13 }, end: { line: 0, character: 18 } } }, message: 'API token comes from here' },
      ];
      assert.deepStrictEqual(published[0]?.[0]?.relatedInformation, expected);
      const items = svc.store.items();
      assert.strictEqual(items.length, 1);
      assert.deepStrictEqual(
        items[0]?.related,
        expected.map((r, i) => ({ uri: r.location.uri, file: ['src/a.ts', 'src/conf@ig.ts'][i], range: r.location.range, message: r.message })),
      );
      // The tree's request goes over JSON-RPC: the locations are plain data.
      assert.deepStrictEqual(JSON.parse(JSON.stringify(items)), items);
      svc.dispose();
    });
  });

  it('a rule that throws is logged and shown as one info diagnostic; other findings survive', async () => {
    const boom = defineRule({
      id: 'no-api-token-client', kinds: ['code'],
      meta: { category: 'api-tokens', defaultSeverity: 'error', policy: 'p', description: 'd', messages: { m: 'm' }, fixable: false },
      check() {
        throw new Error('boom');
      },
    });
    const published: Diagnostic[][] = [];
    const errors: string[] = [];
    const host: ServiceHost = {
      publish: (_uri, _v, d) => published.push(d), fetchSettings: async () => ({}), findingsChanged: () => undefined,
      log: () => undefined, error: (m) => errors.push(m), warn: () => undefined,
    };
    const docs = new Map<string, TextDocument>();
    const svc = new GuardService({ get: (u) => docs.get(u), all: () => [...docs.values()] }, host, (p, text, o) =>
      analyseFile(p, text, { ...o, rules: [boom, noApiTokenLiteral] }),
    );
    svc.workspace.setFolders([{ uri: 'file:///ws', name: 'ws' }]);
    const text = `const jiraApiToken = '${fakeApiToken()}';\n`;
    const doc = TextDocument.create('file:///ws/src/a.ts', 'typescript', 1, text);
    const located = svc.workspace.locate(doc.uri);
    const settings = resolveSettings(parseEditorSettings({}, () => undefined), { rules: {}, ownedDomains: [], exclude: [] });
    svc.publish(located, doc, 1, svc.analyse(located, text, settings), false);
    const diags = published[0] ?? [];
    assert.deepStrictEqual(diags.map((d) => d.code ?? d.severity), ['no-api-token-literal', 3]);
    assert.match(errors[0] ?? '', /no-api-token-client failed on src\/a\.ts: boom/);

    const crashing = new GuardService({ get: () => undefined, all: () => [] }, host, () => {
      throw new Error('engine bug');
    });
    const outcome = crashing.analyse(located, text, settings);
    assert.strictEqual(outcome.findings.length, 0);
    assert.strictEqual(outcome.failures.length, 1);
    svc.dispose();
    crashing.dispose();
  });

  it('settings: bad entries are reported and skipped; editor settings win over the file', () => {
    const warnings: string[] = [];
    const s = parseEditorSettings({ enable: 'yes', run: 'onSave', rules: { 'no-api-token-literal': 'off', 'made-up': 'error', 'no-api-token-client': 'loud' }, exclude: 'dist' }, (m) => warnings.push(m));
    assert.deepStrictEqual(s, { enable: true, run: 'onSave', rules: { 'no-api-token-literal': 'off' }, ownedDomains: [], exclude: [] });
    // enable (a string), made-up (unknown rule), loud (bad severity), exclude (not an array): one message each.
    assert.strictEqual(warnings.length, 4);
    const merged = resolveSettings({ ...s, ownedDomains: ['acme.com'] }, { rules: { 'no-api-token-literal': 'warning', 'no-api-token-client': 'info' }, ownedDomains: ['old.com'], exclude: ['gen/'] });
    assert.deepStrictEqual(merged.config, { rules: { 'no-api-token-literal': 'off', 'no-api-token-client': 'info' }, ownedDomains: ['acme.com'], exclude: ['gen/'] });
    assert.strictEqual(excludedReason('gen/a.ts', merged.config), 'matched by the exclude setting');
    assert.ok(excludedReason('node_modules/x/a.js', merged.config));
    assert.strictEqual(excludedReason('src/a.ts', merged.config), undefined);
  });

  it('dependencies: a manifest and the code of its Forge app invalidate each other, nothing else', () => {
    const ref = (relPath: string, folderUri = 'f'): FileRef => ({ uri: `${folderUri}/${relPath}`, folderUri, relPath, kind: relPath.endsWith('.yml') ? 'manifest' : 'code' });
    const open = [ref('app/manifest.yml'), ref('app/src/index.ts'), ref('other/x.ts'), ref('app/src/index.ts', 'g')];
    const deps = new Dependencies();
    assert.deepStrictEqual(deps.affected(ref('app/manifest.yml'), open).map((r) => r.uri), ['f/app/src/index.ts']);
    assert.deepStrictEqual(deps.affected(ref('app/src/deep/y.ts'), open).map((r) => r.uri), ['f/app/manifest.yml']);
    assert.deepStrictEqual(deps.affected(ref('other/x.ts'), open), []);
    const remove = deps.register((changed, all) => (changed.relPath === 'other/x.ts' ? all.filter((r) => r.relPath === 'other/x.ts' || r.folderUri === 'g') : []));
    assert.deepStrictEqual(deps.affected(ref('other/x.ts'), open).map((r) => r.uri), ['g/app/src/index.ts']);
    remove();
    assert.deepStrictEqual(deps.affected(ref('other/x.ts'), open), []);
  });

  it('incremental parsing gives the same tree as a full parse after edits', () => {
    const cache = new ParseCache();
    const parse = cache.parserFor('k');
    let text = 'const a = 1;\nfunction f() { return a; }\n';
    parse('a.ts', text);
    for (const [at, insert] of [[13, 'let b = "x";\n'], [0, '// c\n'], [20, '(( ']] as const) {
      text = text.slice(0, at) + insert + text.slice(at);
      const kinds = (sf: ts.SourceFile): string[] => {
        const out: string[] = [];
        const visit = (n: ts.Node): void => {
          out.push(`${n.kind}@${n.pos}-${n.end}`);
          ts.forEachChild(n, visit);
        };
        visit(sf);
        return out;
      };
      assert.deepStrictEqual(kinds(parse('a.ts', text)), kinds(parseCode('a.ts', text)));
    }
    assert.deepStrictEqual(changeRange('abcdef', 'abXYef'), { span: { start: 2, length: 2 }, newLength: 2 });
  });

  it('does not reuse a tree whose values were followed into another file (that file may have changed)', () => {
    const parse = new ParseCache().parserFor('k');
    const text = "import { auth } from './auth';\nconst h = auth;\n";
    const first = parse('src/a.ts', text);
    assert.strictEqual(parse('src/a.ts', text), first, 'an unchanged tree is reused');
    registerModuleReader(first, (p) => (p === 'src/auth.ts' ? "export const auth = 'Basic x';\n" : undefined));
    const use = first.statements[1];
    assert.ok(use && ts.isVariableStatement(use) && use.declarationList.declarations[0]?.initializer);
    assert.strictEqual(staticText(evaluate(use.declarationList.declarations[0].initializer)), 'Basic x');
    const second = parse('src/a.ts', text);
    assert.notStrictEqual(second, first);
    assert.strictEqual(parse('src/a.ts', `${text}// edit\n`).statements.length, 2);
  });
});
