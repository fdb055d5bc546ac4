import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyseFile, parseCode } from '../../../server/src/core/engine';
import { applyFix } from '../../../server/src/core/fixes';
import { parseManifest } from '../../../server/src/core/manifest/model';
import { assess } from '../../../server/src/core/project/assess';
import { Project } from '../../../server/src/core/project';
import { EMPTY_USAGE, extractUsage } from '../../../server/src/core/project/usage';
import runsOnAtlassian from '../../../server/src/core/rules/manifest/runs-on-atlassian';
import { audit } from '../../../server/src/core/workspace';
import { projectOf } from '../../support/rule-tester';

const APP = path.resolve(__dirname, '..', '..', '..', 'examples', 'forge-scopes');

function readApp(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string, rel: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(dir, e.name), r);
      else if (/\.(?:ts|jsx|yml)$/.test(e.name)) out.set(r, fs.readFileSync(path.join(dir, e.name), 'utf8'));
    }
  };
  walk(APP, '');
  return out;
}

function findingsOf(files: ReadonlyMap<string, string>, file: string): ReturnType<typeof analyseFile>['findings'] {
  const project = projectOf(files);
  return analyseFile(file, files.get(file) ?? '', { ...(project ? { project } : {}), forgeRoots: new Set(['']) }).findings;
}

describe('project pass: the forge-scopes example app', () => {
  const files = readApp();

  it('extracts calls through a route-taking helper, a variable method and a Custom UI bridge call', () => {
    const resolvers = extractUsage(parseCode('src/resolvers.ts', files.get('src/resolvers.ts') ?? ''));
    const calls = resolvers.calls.map((c) => `${c.method ?? '*'} ${c.path ?? '?'}`);
    assert.deepEqual(calls, [
      'GET /rest/api/3/issue/{key}',
      'GET /rest/api/3/project/{key}',
      '* /rest/api/3/issue/{key}',
      'POST /rest/api/3/issue/{key}/comment',
      'POST /wiki/api/v2/pages',
    ]);
    const ui = extractUsage(parseCode('static/settings/src/App.jsx', files.get('static/settings/src/App.jsx') ?? ''));
    assert.deepEqual(ui.calls.map((c) => `${c.via} ${c.method ?? '*'} ${c.path ?? '?'}`), ['forge-bridge GET /rest/api/3/myself']);
    const events = extractUsage(parseCode('src/events.ts', files.get('src/events.ts') ?? ''));
    assert.equal(events.storage, true);
    assert.deepEqual(events.fetchHosts, ['hooks.slack.com']);
  });

  it('used, unused, missing and broad scopes are exactly the ones EXPECTED.md writes out', () => {
    const project = projectOf(files);
    const usage = project?.usage('');
    assert.ok(usage);
    const a = assess(parseManifest(files.get('manifest.yml') ?? ''), usage);
    const declared = new Set(['read:jira-work', 'write:jira-work', 'read:jira-user', 'manage:jira-configuration', 'read:confluence-content.all', 'storage:app']);
    assert.deepEqual([...a.used].filter((s) => declared.has(s)).sort(), ['read:jira-user', 'read:jira-work', 'storage:app', 'write:jira-work']);
    assert.deepEqual(a.unused.map((u) => u.value), ['manage:jira-configuration', 'read:confluence-content.all']);
    assert.deepEqual(a.missing.map((m) => m.scope), ['write:page:confluence']);
    // Classic scopes the calls use are never broad (Atlassian recommends them); the admin scope nothing needs is.
    assert.deepEqual(a.broad.map((b) => `${b.kind} ${b.item.value}`), ['admin manage:jira-configuration']);
    assert.deepEqual(a.broad[0]?.replacement, []);
  });

  it('every manifest fix applies cleanly and removes its finding', () => {
    const before = findingsOf(files, 'manifest.yml');
    const fixable = before.filter((f) => f.fixes.length > 0);
    // One finding per spot: the unused admin scope is no-broad-scope's alone (issue 16, item 15).
    assert.deepEqual(
      fixable.map((f) => `${f.ruleId} ${f.start.line}`),
      ['missing-scope 36', 'no-broad-scope 40', 'no-unused-scope 41', 'no-wildcard-egress 46', 'no-insecure-egress 47'],
    );
    for (const f of fixable) {
      const fix = f.fixes[0];
      assert.ok(fix);
      const after = applyFix(files, 'manifest.yml', fix);
      const manifest = after.get('manifest.yml') ?? '';
      assert.equal(parseManifest(manifest).syntax.length, 0, `${fix.title} keeps the YAML valid`);
      const again = findingsOf(after, 'manifest.yml').filter((g) => g.ruleId === f.ruleId);
      const same = before.filter((g) => g.ruleId === f.ruleId);
      assert.ok(again.length < same.length, `${fix.title}: ${f.ruleId} still reported`);
    }
  });

  it('the code-side missing-scope fix edits manifest.yml and clears both sides', () => {
    const [finding] = findingsOf(files, 'src/resolvers.ts').filter((f) => f.ruleId === 'missing-scope');
    assert.ok(finding?.fixes[0]);
    const after = applyFix(files, 'src/resolvers.ts', finding.fixes[0]);
    assert.match(after.get('manifest.yml') ?? '', /- storage:app\n    - write:page:confluence\n/);
    assert.deepEqual(findingsOf(after, 'src/resolvers.ts').filter((f) => f.ruleId === 'missing-scope'), []);
    assert.deepEqual(findingsOf(after, 'manifest.yml').filter((f) => f.ruleId === 'missing-scope'), []);
  });

  it('the CLI audit reports the same manifest findings as the project pass', () => {
    const fromAudit = audit(APP).findings.filter((f) => f.file === 'manifest.yml').map((f) => `${f.ruleId}:${f.start.line}`);
    const fromProject = findingsOf(files, 'manifest.yml').map((f) => `${f.ruleId}:${f.start.line}`);
    assert.deepEqual(fromAudit.sort(), fromProject.sort());
  });
});

describe('project pass: API-token use reaches runs-on-atlassian', () => {
  it('names the code files with API-token findings', () => {
    const project = new Project();
    project.setManifest('app/manifest.yml', 'app:\n  id: x\n');
    project.setUsage('app/src/legacy.ts', { ...EMPTY_USAGE, apiToken: true });
    const [f] = analyseFile('app/manifest.yml', 'app:\n  id: x\n', { project, rules: [runsOnAtlassian] }).findings;
    assert.match(f?.message ?? '', /API-token use in app\/src\/legacy\.ts/);
  });
});
