import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config';
import { ConfigError } from '../../server/src/core/config';
import {
  audit,
  decodeForAnalysis,
  discover,
  loadConfigFile,
  MAX_FILE_BYTES,
  MAX_LINE_CHARS,
  MAX_SCAN_BYTES,
  readForAnalysis,
  readForScan,
} from '../../server/src/core/workspace';
import { fakeApiToken, fakeClientSecret, fakeLegacyToken, windows } from '../support/secrets';
import { makeWorkspace, removeWorkspace } from '../support/workspace';

describe('workspace discovery', () => {
  const roots: string[] = [];
  const ws = (files: Parameters<typeof makeWorkspace>[0]): string => {
    const root = makeWorkspace(files);
    roots.push(root);
    return root;
  };
  after(() => roots.forEach(removeWorkspace));

  it('lists analysed file kinds, sorted, and ignores other files silently', () => {
    const root = ws({
      'src/b.ts': '',
      'src/a.jsx': '',
      'src/types.d.ts': '',
      '.env.local': '',
      'config/app.yaml': '',
      'README.md': '',
      'docs/notes.txt': '',
      'public/index.html': '',
      'logo.png': Buffer.from([0x89, 0x50]),
      'package-lock.json': '{}',
    });
    const d = discover(root);
    assert.deepEqual(d.files.map((f) => f.path), ['.env.local', 'README.md', 'config/app.yaml', 'docs/notes.txt', 'public/index.html', 'src/a.jsx', 'src/b.ts']);
    assert.deepEqual(d.skipped, []);
  });

  it('skips node_modules and VCS folders with a visible reason', () => {
    const root = ws({ 'node_modules/x/index.js': '', '.git/config.json': '{}', 'src/a.ts': '' });
    const d = discover(root);
    assert.deepEqual(d.files.map((f) => f.path), ['src/a.ts']);
    assert.deepEqual(d.skipped, [
      { path: '.git', reason: 'version-control folder' },
      { path: 'node_modules', reason: 'dependencies (node_modules)' },
    ]);
  });

  it('honours .gitignore at every level, relative to its own folder', () => {
    const root = ws({
      '.gitignore': 'dist/\n*.log.json\n',
      'dist/out.js': '',
      'a.log.json': '{}',
      'pkg/.gitignore': 'generated/\n/local.ts\n',
      'pkg/generated/x.ts': '',
      'pkg/local.ts': '',
      'pkg/src/local.ts': '',
      'pkg/keep.ts': '',
      'other/generated/y.ts': '',
    });
    const d = discover(root);
    assert.deepEqual(d.files.map((f) => f.path), ['other/generated/y.ts', 'pkg/keep.ts', 'pkg/src/local.ts']);
    assert.deepEqual(
      d.skipped.map((s) => `${s.path}: ${s.reason}`).sort(),
      ['a.log.json: matched by .gitignore', 'dist: matched by .gitignore', 'pkg/generated: matched by .gitignore', 'pkg/local.ts: matched by .gitignore'],
    );
  });

  it('applies the repository\'s .gitignore files above an audited sub-folder, and those on the way to a named path', () => {
    const repo = ws({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'dist/\n*.secret.json\n',
      'apps/.gitignore': 'tmp/\n',
      'apps/web/src/a.ts': '',
      'apps/web/dist/bundle.js': '',
      'apps/web/tmp/scratch.ts': '',
      'apps/web/c.secret.json': '{}',
      'scratch/.gitignore': '',
      'scratch/x.ts': '',
    });
    const sub = discover(path.join(repo, 'apps', 'web'));
    assert.deepEqual(sub.files.map((f) => f.path), ['src/a.ts']);
    assert.deepEqual(sub.skipped.map((s) => s.path).sort(), ['c.secret.json', 'dist', 'tmp']);
    // Named paths under the root get the root's and the intermediate folders' .gitignore files too.
    const named = discover(repo, DEFAULT_CONFIG, ['apps/web/dist', 'apps/web/src', 'apps/web/tmp/scratch.ts']);
    assert.deepEqual(named.files.map((f) => f.path), ['apps/web/src/a.ts']);
    // Outside a repository, nothing above the root applies.
    const plain = ws({ 'web/dist/bundle.js': '', '.gitignore': 'dist/\n' });
    assert.deepEqual(discover(path.join(plain, 'web')).files.map((f) => f.path), ['dist/bundle.js']);
  });

  it('audits a folder that the repository ignores when it is the root named on purpose', () => {
    const repo = ws({ '.git/HEAD': '', '.gitignore': 'generated/\n', 'generated/app/a.ts': '' });
    assert.deepEqual(discover(path.join(repo, 'generated', 'app')).files.map((f) => f.path), ['a.ts']);
  });

  // git's own reading of nested .gitignore files (gitignore(5)): outermost to innermost, the last
  // matching pattern wins, but nothing is re-included from inside an excluded folder.
  const nested: readonly { name: string; tree: Record<string, string>; files: string[] }[] = [
    {
      name: 'an inner !keep.log re-includes a file an outer *.log excluded',
      tree: { '.gitignore': '*.log.json\n', 'logs/.gitignore': '!keep.log.json\n', 'logs/keep.log.json': '{}', 'logs/drop.log.json': '{}', 'a.log.json': '{}' },
      files: ['logs/keep.log.json'],
    },
    {
      name: 'an inner negation cannot re-include a file whose folder the outer file excluded',
      tree: { '.gitignore': 'build/\n', 'build/.gitignore': '!x.ts\n', 'build/x.ts': '', 'src/a.ts': '' },
      files: ['src/a.ts'],
    },
    {
      name: 'an inner pattern excludes a file the outer file re-included',
      tree: { '.gitignore': '*.ts\n!keep.ts\n', 'pkg/.gitignore': 'keep.ts\n', 'pkg/keep.ts': '', 'keep.ts': '' },
      files: ['keep.ts'],
    },
    {
      name: 'an inner !folder/ re-includes a folder, whose files the outer patterns still see by name',
      tree: { '.gitignore': 'gen/\n*.log.json\n', 'pkg/.gitignore': '!gen/\n', 'pkg/gen/a.ts': '', 'pkg/gen/b.log.json': '{}', 'gen/c.ts': '' },
      files: ['pkg/gen/a.ts'],
    },
    {
      name: 'the inner file\'s patterns are relative to its own folder',
      tree: { '.gitignore': '*.json\n', 'pkg/.gitignore': '!/cfg/app.json\n', 'pkg/cfg/app.json': '{}', 'pkg/other/cfg/app.json': '{}' },
      files: ['pkg/cfg/app.json'],
    },
  ];
  for (const c of nested) {
    it(`nested .gitignore: ${c.name}`, () => {
      assert.deepEqual(discover(ws(c.tree)).files.map((f) => f.path), c.files);
    });
  }

  it('nested .gitignore: a named path under an excluded folder stays excluded, a re-included one is audited', () => {
    const root = ws({ '.gitignore': 'build/\n*.log.json\n', 'build/.gitignore': '!x.ts\n', 'build/x.ts': '', 'logs/.gitignore': '!keep.log.json\n', 'logs/keep.log.json': '{}' });
    const d = discover(root, DEFAULT_CONFIG, ['build/x.ts', 'build', 'logs/keep.log.json']);
    assert.deepEqual(d.files.map((f) => f.path), ['logs/keep.log.json']);
    assert.deepEqual(d.skipped, [{ path: 'build/x.ts', reason: 'matched by .gitignore' }, { path: 'build', reason: 'matched by .gitignore' }]);
  });

  it('nested .gitignore: an audited sub-folder\'s own negation overrides the repository\'s pattern above it', () => {
    const repo = ws({ '.git/HEAD': '', '.gitignore': '*.log.json\n', 'apps/web/.gitignore': '!keep.log.json\n', 'apps/web/keep.log.json': '{}', 'apps/web/drop.log.json': '{}' });
    assert.deepEqual(discover(path.join(repo, 'apps', 'web')).files.map((f) => f.path), ['keep.log.json']);
  });

  it('honours the exclude setting', () => {
    const root = ws({ 'src/a.ts': '', 'src/gen/b.ts': '', 'fixtures/c.json': '{}' });
    const d = discover(root, parseConfig({ exclude: ['src/gen/', '**/*.json'] }));
    assert.deepEqual(d.files.map((f) => f.path), ['src/a.ts']);
    assert.deepEqual(d.skipped.map((s) => s.reason), ['matched by the exclude setting', 'matched by the exclude setting']);
  });

  it('finds Forge roots from manifest.yml', () => {
    const root = ws({ 'manifest.yml': 'app: {}\n', 'apps/two/manifest.yaml': 'app: {}\n', 'apps/two/src/index.ts': '' });
    assert.deepEqual([...discover(root).forgeRoots].sort(), ['', 'apps/two']);
    assert.deepEqual([...(audit(root).forgeRoots ?? [])].sort(), ['', 'apps/two']);
  });

  it('survives a symbolic link loop and reports it', function () {
    const root = ws({ 'src/a.ts': '' });
    try {
      fs.symlinkSync(root, path.join(root, 'src', 'loop'), 'dir');
    } catch {
      this.skip();
    }
    const d = discover(root);
    assert.deepEqual(d.files.map((f) => f.path), ['src/a.ts']);
    assert.deepEqual(d.skipped, [{ path: 'src/loop', reason: 'symbolic link loop' }]);
  });

  it('reports a broken symbolic link', function () {
    const root = ws({ 'a.ts': '' });
    try {
      fs.symlinkSync(path.join(root, 'missing.ts'), path.join(root, 'b.ts'));
    } catch {
      this.skip();
    }
    assert.deepEqual(discover(root).skipped, [{ path: 'b.ts', reason: 'broken symbolic link' }]);
  });

  it('throws a clear error for a missing root', () => {
    assert.throws(() => discover('/definitely/not/here'), /cannot read \/definitely\/not\/here: no such file or folder/);
  });
});

describe('reading files for analysis', () => {
  let root = '';
  before(() => {
    root = makeWorkspace({
      'bin.json': Buffer.from([0x7b, 0x00, 0x01, 0x7d]),
      'huge.ts': Buffer.alloc(MAX_FILE_BYTES + 1, 0x61),
      'min.js': `var a=${'1+'.repeat(MAX_LINE_CHARS)}1;\n`,
      'ok.ts': 'const a = 1;\n',
    });
  });
  after(() => removeWorkspace(root));

  it('skips binary, huge and minified files with a reason', () => {
    assert.deepEqual(readForAnalysis(path.join(root, 'bin.json')), { skip: 'binary file' });
    assert.deepEqual(readForAnalysis(path.join(root, 'huge.ts')), { skip: 'larger than 2 MiB (2.0 MiB)' });
    assert.deepEqual(readForAnalysis(path.join(root, 'min.js')), { skip: 'minified (a line over 10,000 characters)' });
    assert.deepEqual(readForAnalysis(path.join(root, 'ok.ts')), { text: 'const a = 1;\n' });
    assert.match((readForAnalysis(path.join(root, 'gone.ts')) as { skip: string }).skip, /^unreadable \(ENOENT\)$/);
  });

  it('an audit lists the skipped files and why, and the ones only scanned as text', () => {
    const result = audit(root);
    assert.equal(result.filesAnalysed, 1);
    assert.deepEqual(result.skipped, [
      { path: 'bin.json', reason: 'binary file' },
      { path: 'huge.ts', reason: 'larger than 2 MiB (2.0 MiB): not parsed, only scanned for tokens and secrets' },
      { path: 'min.js', reason: 'minified (a line over 10,000 characters): not parsed, only scanned for tokens and secrets' },
    ]);
  });

  it('decodes UTF-8 with BOM and UTF-16 LE/BE with BOM', () => {
    const text = 'const jira = "ü";\n';
    assert.deepEqual(decodeForAnalysis(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), { text });
    assert.deepEqual(decodeForAnalysis(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { text });
    const be = Buffer.from(text, 'utf16le');
    be.swap16();
    assert.deepEqual(decodeForAnalysis(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text });
  });

  it('finds a token in a UTF-16 file', () => {
    const token = fakeApiToken();
    const dir = makeWorkspace({ '.env': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`JIRA_API_TOKEN=${token}\n`, 'utf16le')]) });
    try {
      const result = audit(dir);
      assert.deepEqual(result.findings.map((f) => `${f.file}:${f.start.line}:${f.ruleId}`), ['.env:1:no-api-token-literal']);
    } finally {
      removeWorkspace(dir);
    }
  });
});

describe('files that are not parsed, and text files of other kinds (SPEC §2 "Real code")', () => {
  const token = fakeApiToken();
  const secret = fakeClientSecret();
  const legacy = fakeLegacyToken();
  const MiB = 1024 * 1024;
  /** Two lines of 33 characters each time: 3 MiB in all. */
  const FILLER_REPEATS = Math.ceil((3 * MiB) / 33);
  let root = '';
  let result: ReturnType<typeof audit>;
  const found = (): string[] => result.findings.map((f) => `${f.file}:${f.start.line}:${f.ruleId}`);
  const reason = (p: string): string | undefined => result.skipped.find((s) => s.path === p)?.reason;

  before(() => {
    root = makeWorkspace({
      'public/bundle.min.js': `!function(){var e={};${'e.a=1;'.repeat(1700)}e.t="${token}";${'e.b=2;'.repeat(1700)}}();\n`,
      'DEPLOY.md': `# Deploy\n\nSet on the server:\n\n    ATLASSIAN_CLIENT_SECRET=${secret}\n    JIRA_API_TOKEN=${token}\n`,
      'docs/notes.txt': `bot login for jira\n${token}\n`,
      'public/help.html': `<p>Use this key: <code>${token}</code></p>\n`,
      'credentials.json': `{\n  "hosts": {\n    "acme.atlassian.net": {\n      "product": "jira",\n      "username": "someone@example.com",\n      "password": "${legacy}"\n    }\n  }\n}\n`,
      'config.js': `module.exports = {\n  apiUrl: "https://acme.atlassian.net/rest/api/3",\n  apiUsername: "a@b.c",\n  apiToken: "${legacy}",\n};\n`,
      // Hard negatives beside them.
      'src/pages.js': `export async function getPagesInConfluenceSpace(spaceKey) {\n  return listPages(spaceKey);\n}\n`,
      'src/zendesk.js': `module.exports = { zendeskUrl: 'https://acme.zendesk.com', apiToken: '${legacy}' };\n`,
      'docs/setup.txt': `Create a Jira API token and paste it as JIRA_API_TOKEN=your-api-token.\n`,
      'test/fixtures/jira.txt': `JIRA_API_TOKEN=ATATT3-fake-token-for-tests\n`,
      // A NUL byte makes it binary: skipped with that reason, whatever it holds.
      'docs/dump.txt': Buffer.concat([Buffer.from(`jira ${token}`), Buffer.from([0, 1, 2, 0])]),
    });
    // 3 MiB of code with a token near the end: over the parse limit, under the scan limit.
    const filler = '// generated\nexport const a = 1;\n'.repeat(FILLER_REPEATS);
    fs.writeFileSync(path.join(root, 'src', 'big.js'), `${filler}const jiraToken = '${token}';\n`);
    result = audit(root);
  });
  after(() => removeWorkspace(root));

  it('finds tokens and 3LO secrets in bundles, 2–20 MiB files, documentation, text files and config', () => {
    assert.deepEqual(found().sort(), [
      'DEPLOY.md:5:no-hardcoded-client-secret',
      'DEPLOY.md:6:no-api-token-literal',
      'config.js:4:no-api-token-literal',
      'credentials.json:6:no-api-token-literal',
      'docs/notes.txt:2:no-api-token-literal',
      'public/bundle.min.js:1:no-api-token-literal',
      'public/help.html:1:no-api-token-literal',
      `src/big.js:${2 * FILLER_REPEATS + 1}:no-api-token-literal`,
    ]);
  });

  it('says which files were only scanned as text, and skips binary files with a reason', () => {
    assert.equal(reason('public/bundle.min.js'), 'minified (a line over 10,000 characters): not parsed, only scanned for tokens and secrets');
    assert.equal(reason('src/big.js'), 'larger than 2 MiB (3.0 MiB): not parsed, only scanned for tokens and secrets');
    assert.equal(reason('docs/dump.txt'), 'binary file');
    assert.equal(result.skipped.length, 3);
    assert.equal(result.filesAnalysed, 9);
  });

  it('offers no fix in a file it does not parse', () => {
    for (const f of result.findings.filter((x) => x.file === 'public/bundle.min.js' || x.file === 'src/big.js')) assert.deepEqual(f.fixes, []);
  });

  it('shows at most the first 6 characters of a value', () => {
    const messages = result.findings.map((f) => f.message).join('\n');
    for (const v of [token, secret, legacy]) for (const w of windows(v, 7)) assert.ok(!messages.includes(w), 'a secret leaked into a message');
  });

  it('skips a file over 20 MiB outright, with a reason, without reading it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-huge-'));
    try {
      const file = path.join(dir, 'export.txt');
      fs.writeFileSync(file, Buffer.alloc(MAX_SCAN_BYTES + 1, 0x20));
      fs.appendFileSync(file, `jira ${token}\n`);
      assert.deepEqual(readForScan(file), { skip: `larger than 20 MiB (20.0 MiB)` });
      const r = audit(dir);
      assert.deepEqual(r.findings, []);
      assert.deepEqual(r.skipped, [{ path: 'export.txt', reason: 'larger than 20 MiB (20.0 MiB)' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads text files of other kinds whatever their lines, and code only as text when minified', () => {
    const long = `${'x'.repeat(MAX_LINE_CHARS + 1)}\n`;
    const dir = makeWorkspace({ 'a.txt': long, 'b.js': long, 'c.js': 'ok\n' });
    try {
      assert.deepEqual(readForScan(path.join(dir, 'a.txt')), { text: long });
      assert.deepEqual(readForScan(path.join(dir, 'b.js')), { text: long, unparsed: 'minified (a line over 10,000 characters)' });
      assert.deepEqual(readForScan(path.join(dir, 'c.js')), { text: 'ok\n' });
    } finally {
      removeWorkspace(dir);
    }
  });
});

describe('config file', () => {
  it('loads .marketplace-guard.json from the root, and defaults without one', () => {
    const root = makeWorkspace({ '.marketplace-guard.json': JSON.stringify({ rules: { 'no-api-token-literal': 'warning' }, exclude: ['gen/'] }) });
    const empty = makeWorkspace({});
    try {
      const config = loadConfigFile(root);
      assert.deepEqual(config.rules, { 'no-api-token-literal': 'warning' });
      assert.deepEqual(config.exclude, ['gen/']);
      assert.deepEqual(loadConfigFile(empty).rules, {});
    } finally {
      removeWorkspace(root);
      removeWorkspace(empty);
    }
  });

  it('a broken file is a ConfigError whose message quotes no file content', () => {
    const token = fakeApiToken();
    const root = makeWorkspace({ '.marketplace-guard.json': `{ "rules": ${token} }` });
    try {
      assert.throws(
        () => loadConfigFile(root),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /\.marketplace-guard\.json is not valid JSON/);
          for (const w of windows(token)) assert.ok(!err.message.includes(w), `error message quotes the file: ${err.message}`);
          return true;
        },
      );
      assert.throws(() => loadConfigFile(root, path.join(root, 'nope.json')), /cannot read config file/);
    } finally {
      removeWorkspace(root);
    }
  });
});
