import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { readReport } from '../support/ci-reports';
import { buildCliOnce, CLI, REPO_ROOT } from '../support/workspace';

/**
 * Issue 17: the copy-paste CI examples in docs/ci/ and the pre-commit hook are exercised as written.
 * Each file is parsed as YAML, its Marketplace Guard command lines are taken out and run (the published
 * `npx marketplace-guard` replaced by the built `node dist/cli.js`) on a copy of
 * examples/legacy-jira-sync, and the report file each one names is read back in its format.
 */

type Yaml = unknown;

/** Every string value in a parsed YAML document, depth first. */
function strings(doc: Yaml): string[] {
  if (typeof doc === 'string') return [doc];
  if (Array.isArray(doc)) return doc.flatMap(strings);
  if (doc && typeof doc === 'object') return Object.values(doc).flatMap(strings);
  return [];
}

/** Each object in a parsed YAML document (depth first) that satisfies `match`. */
function objects(doc: Yaml, match: (o: Record<string, unknown>) => boolean): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc.flatMap((d) => objects(d, match));
  if (!doc || typeof doc !== 'object') return [];
  const o = doc as Record<string, unknown>;
  return [...(match(o) ? [o] : []), ...Object.values(o).flatMap((v) => objects(v, match))];
}

const NPX = /^npx (?:--yes )?marketplace-guard(?=\s)/;

/** The shell lines of a CI file that run Marketplace Guard. */
function commands(doc: Yaml): string[] {
  return strings(doc)
    .flatMap((s) => s.split('\n'))
    .map((l) => l.trim())
    .filter((l) => /marketplace-guard (audit|rules)\b/.test(l) && !l.startsWith('#'));
}

function option(command: string, name: string): string | undefined {
  const m = new RegExp(`${name}[ =](\\S+)`).exec(command);
  return m?.[1];
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one command line with bash in `cwd`, the CLI standing in for the npm package. */
function run(command: string, cwd: string): Ran {
  const local = command.replace(NPX, `"${process.execPath}" "${CLI}"`).replace(/^marketplace-guard(?=\s)/, `"${process.execPath}" "${CLI}"`);
  assert.notEqual(local, command, `not a marketplace-guard command: ${command}`);
  const r = spawnSync('bash', ['-c', local], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function readYaml(rel: string): Yaml {
  return parse(fs.readFileSync(path.join(REPO_ROOT, rel), 'utf8')) as Yaml;
}

describe('CI examples and the pre-commit hook (docs/ci, .pre-commit-hooks.yaml)', function () {
  this.timeout(180_000);
  let tmp = '';
  let app = '';

  before(() => {
    buildCliOnce();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-ci-'));
  });
  beforeEach(() => {
    // A fresh checkout of the example app for each pipeline.
    app = path.join(tmp, `legacy-jira-sync-${fs.readdirSync(tmp).length}`);
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'legacy-jira-sync'), app, { recursive: true });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const examples: { file: string; format: string; check: (doc: Yaml, output: string) => void }[] = [
    {
      file: 'docs/ci/github-actions.yml',
      format: 'sarif',
      check: (doc, output) => {
        const upload = objects(doc, (o) => typeof o['uses'] === 'string' && o['uses'].startsWith('github/codeql-action/upload-sarif@'));
        assert.equal(upload.length, 1, 'one upload-sarif step');
        assert.equal((upload[0]?.['with'] as Record<string, unknown>)['sarif_file'], output, 'it uploads the file the audit wrote');
        assert.match(String(upload[0]?.['if']), /failure\(\)/, 'it uploads when the audit failed too');
        const perms = (doc as { permissions?: Record<string, string> }).permissions;
        assert.equal(perms?.['security-events'], 'write');
      },
    },
    {
      file: 'docs/ci/bitbucket-pipelines.yml',
      format: 'junit',
      check: (_doc, output) => assert.match(output, /^test-results\//, 'Pipelines reads test reports from test-results/'),
    },
    {
      file: 'docs/ci/gitlab-ci.yml',
      format: 'gitlab',
      check: (doc, output) => {
        const artifacts = objects(doc, (o) => 'reports' in o);
        assert.equal(artifacts.length, 1);
        assert.equal((artifacts[0]?.['reports'] as Record<string, unknown>)['codequality'], output);
        assert.equal(artifacts[0]?.['when'], 'always', 'the report is kept when the audit fails');
      },
    },
  ];

  for (const ex of examples) {
    it(`${ex.file}: its command writes a valid ${ex.format} report of the example's 11 errors and fails the job`, () => {
      const doc = readYaml(ex.file);
      const lines = commands(doc);
      assert.ok(lines.length >= 1, `no marketplace-guard command in ${ex.file}`);
      for (const line of lines) {
        assert.match(line, NPX, 'the example uses the npm package');
        assert.equal(option(line, '--format'), ex.format);
        const output = option(line, '--output');
        assert.ok(output, 'the report goes to a file the CI reads');
        ex.check(doc, output);
        const r = run(line, app);
        assert.equal(r.status, 1, `exit code 1 (errors found): ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`^Wrote ${ex.format} report to ${output} \\(11 findings\\)\\.$`, 'm'));
        assert.deepEqual(readReport(ex.format, path.join(app, output)), { findings: 11, errors: 11 });
      }
    });
  }

  it('the examples’ report files are valid on a clean app too, and the job passes', () => {
    const clean = path.join(tmp, 'clean-app');
    fs.mkdirSync(path.join(clean, 'src'), { recursive: true });
    fs.writeFileSync(path.join(clean, 'src', 'index.ts'), 'export const answer = 42;\n');
    for (const ex of examples) {
      for (const line of commands(readYaml(ex.file))) {
        const r = run(line, clean);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(readReport(ex.format, path.join(clean, option(line, '--output') ?? '')), { findings: 0, errors: 0 });
      }
    }
  });

  describe('.pre-commit-hooks.yaml', () => {
    interface Hook {
      id: string;
      name: string;
      entry: string;
      language: string;
      pass_filenames?: boolean;
    }
    const hooks = (): Hook[] => readYaml('.pre-commit-hooks.yaml') as Hook[];

    it('declares one node hook whose entry is the package’s bin, auditing the whole repository', () => {
      const list = hooks();
      assert.ok(Array.isArray(list) && list.length === 1);
      const hook = list[0] as Hook;
      assert.equal(hook.id, 'marketplace-guard');
      assert.ok(hook.name.length > 0);
      assert.equal(hook.language, 'node', 'pre-commit installs the repository as an npm package (npm pack runs prepack)');
      const bin = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
      const [command, sub] = hook.entry.split(/\s+/);
      assert.ok(command && command in bin, `entry ${hook.entry} is not a bin of the package`);
      assert.equal(sub, 'audit');
      // Findings join files (a token read in one, sent in another; scopes in code and manifest.yml):
      // the hook audits the repository, not the staged files alone.
      assert.equal(hook.pass_filenames, false);
    });

    it('its entry, run at the repository root, fails the commit on the example and passes a clean one', () => {
      const hook = hooks()[0] as Hook;
      const r = run(hook.entry, app);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /✖ 11 findings \(11 errors, 0 warnings, 0 info\)/);
      const clean = path.join(tmp, 'clean-hook');
      fs.mkdirSync(clean);
      fs.writeFileSync(path.join(clean, 'index.ts'), 'export const answer = 42;\n');
      assert.equal(run(hook.entry, clean).status, 0);
    });
  });
});
