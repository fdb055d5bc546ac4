/**
 * The packaged extension as the Marketplace and VS Code's details page see it: `vsce package` with the
 * flags of `npm run package` reports no warning, the .vsix holds what the extension needs and nothing
 * else, and every link and image of its README and CHANGELOG resolves inside it.
 */
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { decodePng, renderIcon } from '../../scripts/gen-icon';
import { ALL_RULES } from '../../server/src/core/rules';
import { markdownLinks, relativeTarget } from '../support/markdown-links';
import { readZip, type ZipEntry } from '../support/zip';

const ROOT = path.resolve(__dirname, '..', '..');

interface Manifest {
  readonly icon?: string;
  readonly categories?: readonly string[];
  readonly keywords?: readonly string[];
  readonly license?: string;
  readonly repository?: unknown;
  readonly scripts: Readonly<Record<string, string>>;
  readonly contributes: { readonly grammars: readonly { readonly path: string }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** The `vsce package …` arguments of `npm run package`, writing to `out` instead. */
function vsceArgs(out: string): string[] {
  const command = manifest.scripts['package'] ?? '';
  const vsce = /(?:^|&&\s*)vsce (package[^&]*)/.exec(command)?.[1];
  assert.ok(vsce, `npm run package runs no vsce package: ${command}`);
  const args = vsce.trim().split(/\s+/);
  const at = args.indexOf('--out');
  assert.ok(at > 0, 'npm run package names its --out');
  args.splice(at, 2, '--out', out);
  return args;
}

/** Relative link targets of a Markdown file, normalised against its folder (`./a/../b.png` → `b.png`). */
function relativeTargets(markdown: string): { target: string; image: boolean; line: number }[] {
  return markdownLinks(markdown).flatMap((l) => {
    const target = relativeTarget(l.target);
    return target ? [{ target: path.posix.normalize(target), image: l.image, line: l.line }] : [];
  });
}

/** What the package must hold, exactly: paths inside `extension/`. */
function expectedFiles(readme: string): string[] {
  const images = relativeTargets(readme).filter((l) => l.image).map((l) => l.target);
  return [
    'package.json',
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    'dist/client.js',
    'dist/server.js',
    ...ALL_RULES.map((r) => `docs/rules/${r.id}.md`),
    ...images,
    'media/icon.png',
    'media/marketplace-guard.svg',
    ...manifest.contributes.grammars.map((g) => path.posix.normalize(g.path)),
  ]
    .filter((f, i, all) => all.indexOf(f) === i)
    .sort();
}

describe('README and listing files (no build needed)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('every relative link and image of README.md and CHANGELOG.md names a file that vsce packages', async () => {
    const packaged = new Set(await listFiles({ cwd: ROOT, packageManager: PackageManager.None }));
    for (const [name, text] of [['README.md', readme], ['CHANGELOG.md', fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')]] as const) {
      for (const l of relativeTargets(text)) {
        assert.ok(fs.existsSync(path.join(ROOT, l.target)), `${name}:${l.line}: ${l.target} does not exist`);
        assert.ok(packaged.has(l.target), `${name}:${l.line}: ${l.target} is not in the .vsix (.vscodeignore)`);
      }
    }
  });

  it('finds the links a README holds, and not the ones in code', () => {
    const sample = '![tree](docs/images/a.png) [rule](docs/rules/x.md#why) [web](https://developer.atlassian.com/) [top](#rules)\n' +
      '```md\n![not](docs/none.png)\n```\n`[code](docs/nope.md)` <img src="./media/icon.png" width="64">\n[ref]: docs/ref.md\n';
    assert.deepEqual(relativeTargets(sample), [
      { target: 'docs/images/a.png', image: true, line: 1 },
      { target: 'docs/rules/x.md', image: false, line: 1 },
      { target: 'docs/ref.md', image: false, line: 6 },
      { target: 'media/icon.png', image: true, line: 5 },
    ]);
  });

  it('media/icon.png is what scripts/gen-icon.ts draws (run `npm run gen:icon` after changing it)', () => {
    const icon = decodePng(fs.readFileSync(path.join(ROOT, 'media', 'icon.png')));
    assert.ok(icon.pixels.equals(renderIcon()), 'media/icon.png is out of date');
    const alpha = (x: number, y: number): number => icon.pixels[(y * 128 + x) * 4 + 3] ?? -1;
    assert.equal(alpha(0, 0), 0, 'transparent corners');
    assert.equal(alpha(64, 64), 255, 'an opaque shield');
  });

  it('the listing fields are set: icon, Linters, keywords, MIT with its LICENSE, and no invented repository', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const icon = decodePng(fs.readFileSync(path.join(ROOT, 'media', 'icon.png')));
    assert.deepEqual([icon.width, icon.height], [128, 128]);
    assert.deepEqual(manifest.categories, ['Linters']);
    for (const k of ['atlassian', 'marketplace', 'forge', 'jira', 'confluence', 'oauth', 'security', 'api token']) {
      assert.ok(manifest.keywords?.includes(k), `keyword ${k}`);
    }
    assert.ok((manifest.keywords?.length ?? 0) <= 30, 'the Marketplace takes at most 30 keywords');
    assert.equal(manifest.license, 'MIT');
    assert.match(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) \d{4} Marketplace Guard contributors\n/);
    // The project publishes no repository: vsce is told so (--allow-missing-repository) rather than given a made-up URL.
    assert.equal(manifest.repository, undefined);
    assert.match(manifest.scripts['package'] ?? '', /--allow-missing-repository/);
  });
});

describe('the packaged .vsix (npm run package)', function () {
  this.timeout(180_000);
  let dir = '';
  let output = '';
  let status: number | null = null;
  let entries: ZipEntry[] = [];
  let size = 0;

  before(function () {
    const missing = ['dist/client.js', 'dist/server.js'].filter((f) => !fs.existsSync(path.join(ROOT, f)));
    if (missing.length > 0) {
      console.log(`      (skipped: ${missing.join(', ')} not built; \`npm test\` builds before mocha, or run \`npm run build\`)`);
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-vsix-'));
    const out = path.join(dir, 'marketplace-guard.vsix');
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs(out), { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    output = `${run.stdout}${run.stderr}`;
    status = run.status;
    if (fs.existsSync(out)) {
      const archive = fs.readFileSync(out);
      size = archive.length;
      entries = readZip(archive);
    }
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const entry = (name: string): ZipEntry => {
    const e = entries.find((x) => x.name === name);
    assert.ok(e, `${name} is in the .vsix`);
    return e;
  };

  it('packages with no warning', () => {
    assert.equal(status, 0, output);
    assert.doesNotMatch(output, /\bWARN(?:ING)?\b/, output);
    assert.match(output, /DONE\s+Packaged/);
  });

  it('holds exactly what the extension needs: bundles, rule pages, README images, icons, grammar, listing files', () => {
    const readme = entry('extension/readme.md').data().toString('utf8');
    const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).sort();
    assert.deepEqual(files, expectedFiles(readme));
    assert.deepEqual(entries.map((e) => e.name).filter((n) => !n.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
    assert.ok(size <= 5 * 1024 * 1024, `the .vsix is ${size} bytes, over 5 MB`);
  });

  it('every relative link and image of the packaged README and CHANGELOG resolves inside the .vsix', () => {
    const names = new Set(entries.map((e) => e.name));
    for (const doc of ['extension/readme.md', 'extension/changelog.md']) {
      const links = relativeTargets(entry(doc).data().toString('utf8'));
      assert.ok(doc !== 'extension/readme.md' || links.some((l) => l.image), 'the README shows screenshots');
      for (const l of links) assert.ok(names.has(`extension/${l.target}`), `${doc}:${l.line}: ${l.target} is not in the .vsix`);
    }
  });

  it('the details page gets the icon, the Linters category, the license and no link the project cannot back', () => {
    const xml = entry('extension.vsixmanifest').data().toString('utf8');
    assert.match(xml, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    assert.match(xml, /<Categories>Linters<\/Categories>/);
    assert.match(xml, /<License>extension\/LICENSE\.txt<\/License>/);
    assert.match(xml, /Type="Microsoft\.VisualStudio\.Services\.Content\.Changelog"/);
    assert.doesNotMatch(xml, /Services\.Links\./, 'no repository, issues or home page link');
    const icon = decodePng(entry('extension/media/icon.png').data());
    assert.deepEqual([icon.width, icon.height], [128, 128]);
  });
});
