/**
 * Help that never dangles: no output, page or listing file links to a site the project does not
 * control. Every `http(s)://` host the product writes is Atlassian's or a standard's (the allow-list
 * below, each entry justified and each still in use), or is quoted from the audited code itself.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type * as Sarif from 'sarif';
import { ruleDocumentationCommandUri } from '../../server/src/protocol';
import { formatReport } from '../../server/src/core/report';
import { formatRules } from '../../server/src/core/report/rules';
import { audit } from '../../server/src/core/workspace';
import { ALL_RULES } from '../../server/src/core/rules';
import { ruleDocUri } from '../../server/src/lsp/diagnostics';
import { markdownLinks } from '../support/markdown-links';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** Hosts the product may write a URL to, and why. */
const ALLOWED_HOSTS: Readonly<Record<string, string>> = {
  'api.atlassian.com': "Atlassian's OAuth 2.0 (3LO) API gateway: the migration report's replacement for each endpoint and the accessible-resources lookup",
  'docs.oasis-open.org': 'the OASIS SARIF 2.1.0 schema a SARIF log names in `$schema`',
};

/** An `http(s)://` URL with a real host (not `http://` as a word, not a `${template}` host). */
const URL = /\bhttps?:\/\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d+)?(?=[/?#\s'"`)\]>|,;:.]|$)/gi;

function hosts(text: string): string[] {
  return [...new Set([...text.matchAll(URL)].map((m) => (m[1] ?? '').toLowerCase()))];
}

/** Every source file's text under an example (not its EXPECTED.md), for "is this URL quoted from the audited code". */
function folderText(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out += folderText(p);
    else if (entry.isFile() && entry.name !== 'EXPECTED.md') out += `${fs.readFileSync(p, 'utf8')}\n`;
  }
  return out.toLowerCase();
}

/** Fenced code and inline code blanked: what remains is prose a reader may click in. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/(`+)[^`\n][^\n]*?\1/g, '');
}

/** The hosts a Markdown page links to or names as a URL outside code. */
function proseHosts(markdown: string): string[] {
  const targets = markdownLinks(markdown).map((l) => l.target).join('\n');
  return [...new Set([...hosts(targets), ...hosts(prose(markdown))])];
}

function assertAllowed(where: string, found: readonly string[], quoted: (host: string) => boolean = () => false): void {
  for (const host of found) {
    if (!(host in ALLOWED_HOSTS)) assert.ok(quoted(host), `${where} links to ${host}, a site the project does not control`);
  }
}

describe('no link to a site the project does not control', () => {
  const examples = fs.readdirSync(EXAMPLES).filter((e) => fs.statSync(path.join(EXAMPLES, e)).isDirectory());

  for (const example of examples) {
    it(`the text, JSON, SARIF and Markdown reports and the fixes of examples/${example}`, () => {
      const root = path.join(EXAMPLES, example);
      const input = { ...audit(root), version: '0.1.0' };
      // A URL of the audited code, quoted back in a finding's message, is the user's own, not a link we add.
      const inSource = new Set(hosts(folderText(root)));
      const quoted = (host: string): boolean => inSource.has(host);
      for (const format of ['text', 'json', 'sarif', 'markdown'] as const) {
        let out = formatReport(format, input, { color: false, verbose: true, now: new Date('2026-12-01T00:00:00Z') });
        if (format === 'sarif') {
          const log = JSON.parse(out) as Sarif.Log;
          for (const rule of log.runs[0]?.tool.driver.rules ?? []) {
            assert.equal(rule.helpUri, undefined, `${rule.id} has a helpUri`);
            // help.markdown is the rule page, held to the page rule below (examples inside code are not links).
            assertAllowed(`SARIF help of ${rule.id}`, proseHosts(rule.help?.markdown ?? ''));
            delete rule.help;
          }
          assert.equal(log.runs[0]?.tool.driver.informationUri, undefined);
          out = JSON.stringify(log);
        }
        assertAllowed(`the ${format} report of ${example}`, hosts(out), quoted);
      }
      for (const f of input.findings) {
        for (const fix of f.fixes) assertAllowed(`the fix "${fix.title}" in ${example}`, hosts(`${fix.title}\n${fix.note ?? ''}\n${fix.detail ?? ''}`), quoted);
      }
    });
  }

  it('the rules list in every format', () => {
    for (const format of ['text', 'json', 'markdown'] as const) assertAllowed(`rules --format ${format}`, hosts(formatRules(format)));
  });

  it('rule pages, README, CHANGELOG and CONTRIBUTING link only to allowed hosts outside code examples', () => {
    const pages = fs.readdirSync(path.join(ROOT, 'docs', 'rules')).map((n) => path.join('docs', 'rules', n));
    for (const file of [...pages, 'README.md', 'CHANGELOG.md', 'CONTRIBUTING.md']) {
      if (!fs.existsSync(path.join(ROOT, file))) continue;
      assertAllowed(file, proseHosts(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    }
  });

  it('package.json names no URL at all (no invented repository, bugs or homepage)', () => {
    assert.deepEqual(hosts(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')), []);
  });

  it('diagnostic code links open the bundled page: a file:// URI for any LSP client, a command: URI for VS Code', () => {
    for (const rule of ALL_RULES) {
      const href = ruleDocUri(rule.id);
      assert.ok(href.startsWith('file://') && fs.existsSync(new globalThis.URL(href)), `${rule.id}: ${href}`);
      assert.match(ruleDocumentationCommandUri(rule.id), /^command:marketplaceGuard\.showRuleDocumentation\?/);
    }
  });

  it('the npm package ships every rule page the server links to with file:// (server started from the package)', function () {
    this.timeout(300_000);
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const packed = new Set((JSON.parse(run.stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
    for (const rule of ALL_RULES) assert.ok(packed.has(`docs/rules/${rule.id}.md`), `npm pack leaves out docs/rules/${rule.id}.md`);
  });

  it('no source, page or listing file names the project web address that was never published', () => {
    const files = ['README.md', 'CHANGELOG.md', 'package.json', ...walk('server/src'), ...walk('client/src'), ...walk('docs'), ...walk('scripts')];
    for (const file of files) {
      if (/\.(png|jpe?g|gif)$/i.test(file)) continue;
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, file), 'utf8'), /github\.com\/marketplace-guard/i, file);
    }
  });

  it('the URL check finds hosts and the allow-list is all in use (no stale entry)', () => {
    assert.deepEqual(hosts('see https://Example.COM/x, http://localhost:3000/cb and `http://` or https://${site}.atlassian.net'), ['example.com', 'localhost']);
    assert.deepEqual(proseHosts('[a](https://a.example/) `https://b.example/` <https://c.example/>\n```\nhttps://d.example/\n```\n'), ['a.example', 'c.example']);
    // Each allowed host is written by the product (no stale entry): the migration report and the SARIF log.
    const input = { ...audit(path.join(EXAMPLES, 'legacy-jira-sync')), version: '0.1.0' };
    const options = { color: false, verbose: false };
    const written = new Set([...hosts(formatReport('markdown', input, options)), ...hosts(formatReport('sarif', input, options))]);
    assert.deepEqual(Object.keys(ALLOWED_HOSTS).filter((h) => !written.has(h)), [], 'drop allowed hosts nothing writes');
  });
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}
