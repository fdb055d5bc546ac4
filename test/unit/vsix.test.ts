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
import { renderListingReadme, writeListingReadme } from '../../scripts/gen-listing-readme';
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

/** The `vsce package …` arguments of `npm run package` (its step before vsce is the listing README), writing to `out` instead. */
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

/** What the package must hold, exactly: paths inside `extension/` (README images are inlined, not shipped). */
function expectedFiles(): string[] {
  return [
    'package.json',
    'readme.md',
    'changelog.md',
    'LICENSE.txt',
    'dist/client.js',
    'dist/server.js',
    // The worker threads of the server's workspace audit (found beside dist/server.js).
    'dist/audit-worker.js',
    ...ALL_RULES.map((r) => `docs/rules/${r.id}.md`),
    'media/icon.png',
    'media/marketplace-guard.svg',
    ...manifest.contributes.grammars.map((g) => path.posix.normalize(g.path)),
  ]
    .filter((f, i, all) => all.indexOf(f) === i)
    .sort();
}

describe('README and listing files (no build needed)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('every relative image and link of README.md names a file of the repository; CHANGELOG links resolve in the .vsix', async () => {
    for (const l of relativeTargets(readme)) assert.ok(fs.existsSync(path.join(ROOT, l.target)), `README.md:${l.line}: ${l.target} does not exist`);
    const packaged = new Set(await listFiles({ cwd: ROOT, packageManager: PackageManager.None}));
    for (const l of relativeTargets(fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'))) {
      assert.ok(packaged.has(l.target), `CHANGELOG.md:${l.line}: ${l.target} is not in the .vsix (.vscodeignore)`);
    }
  });

  it('the listing README inlines README.md\'s images as data: URIs and turns links to repository files into text', () => {
    const listing = renderListingReadme(readme);
    assert.deepEqual(relativeTargets(listing), [], 'nothing relative is left: the details page cannot load or open it');
    const images = markdownLinks(listing).filter((l) => l.image);
    assert.equal(images.length, relativeTargets(readme).filter((l) => l.image).length);
    for (const img of images) assert.match(img.target, /^data:image\/png;base64,iVBORw0KGgo/);
  });

  const cases: [string, string, string][] = [
    ['an image becomes a data: URI', '![icon](media/icon.png)', `![icon](data:image/png;base64,${fs.readFileSync(path.join(ROOT, 'media', 'icon.png')).toString('base64')})`],
    ['a link to a rule page becomes its text', 'See [`no-unused-scope`](docs/rules/no-unused-scope.md).', 'See `no-unused-scope`.'],
    ['web links and anchors stay', '[policy](https://developer.atlassian.com/x) and [top](#rules)', '[policy](https://developer.atlassian.com/x) and [top](#rules)'],
    ['code is left as written', '```md\n![x](docs/none.png) [y](docs/y.md)\n```\n`[z](docs/z.md)`', '```md\n![x](docs/none.png) [y](docs/y.md)\n```\n`[z](docs/z.md)`'],
  ];
  for (const [what, input, expected] of cases) it(`listing README: ${what}`, () => assert.equal(renderListingReadme(input, ROOT), expected));

  it('listing README: a missing image or an SVG stops the packaging', () => {
    assert.throws(() => renderListingReadme('![x](docs/images/missing.png)', ROOT), /does not exist/);
    assert.throws(() => renderListingReadme('![x](media/marketplace-guard.svg)', ROOT), /only PNG, JPEG or GIF/);
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
    // `npm run package` writes the listing README before vsce; so does this test.
    writeListingReadme();
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

  it('holds exactly what the extension needs: bundles, rule pages, icons, grammar, listing files', () => {
    const files = entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length)).sort();
    assert.deepEqual(files, expectedFiles());
    assert.deepEqual(entries.map((e) => e.name).filter((n) => !n.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
    assert.ok(size <= 5 * 1024 * 1024, `the .vsix is ${size} bytes, over 5 MB`);
  });

  it('its README is the listing README: screenshots inlined, nothing relative that the details page could not load', () => {
    const packaged = entry('extension/readme.md').data().toString('utf8');
    assert.equal(packaged, renderListingReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')));
    assert.ok(markdownLinks(packaged).some((l) => l.image && l.target.startsWith('data:image/png;base64,')), 'the README shows screenshots');
    const names = new Set(entries.map((e) => e.name));
    for (const l of relativeTargets(entry('extension/changelog.md').data().toString('utf8'))) {
      assert.ok(names.has(`extension/${l.target}`), `changelog.md:${l.line}: ${l.target} is not in the .vsix`);
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
