/**
 * Writes the README the .vsix carries (`dist/listing/README.md`, passed to `vsce package --readme-path`)
 * from README.md, so the extension's details page shows every picture with no web site behind it:
 * VS Code renders that page in a webview whose content policy allows only `https:` and `data:` images
 * and which has no base address, so a relative `docs/images/x.png` never loads there. Images become
 * `data:` URIs; links to files of the repository (rule pages) become their text, since the page cannot
 * open them either. Links to web pages are kept as written (see test/unit/links.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
export const LISTING_README = path.join(ROOT, 'dist', 'listing', 'README.md');

const MIME: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif' };

function isRelative(target: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//');
}

/** The image as a `data:` URI; a missing file or an SVG (the Marketplace refuses SVG data) throws. */
function dataUri(root: string, target: string): string {
  const file = path.join(root, decodeURI(target.split('#')[0] ?? ''));
  const mime = MIME[path.extname(file).toLowerCase()];
  if (!mime) throw new Error(`README image ${target}: only PNG, JPEG or GIF can be inlined`);
  if (!fs.existsSync(file)) throw new Error(`README image ${target} does not exist`);
  return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`;
}

/**
 * Code fences and spans are left as written; only prose links and images are rewritten (a link's text
 * may hold a code span: `[\`rule-id\`](docs/rules/rule-id.md)`).
 */
function outsideCode(markdown: string, rewrite: (prose: string) => string): string {
  return markdown
    .split(/(^(?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[^\n]*$)/m)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const spans: string[] = [];
      const masked = part.replace(/(`+)[^`\n][^\n]*?\1/g, (span) => `\u0000${spans.push(span) - 1}\u0000`);
      return rewrite(masked).replace(/\u0000(\d+)\u0000/g, (_, n: string) => spans[Number(n)] ?? '');
    })
    .join('');
}

export function renderListingReadme(readme: string, root = ROOT): string {
  return outsideCode(readme, (prose) =>
    prose
      .replace(/!\[([^\]\n]*)\]\(\s*([^)\s]+)\s*\)/g, (all, alt: string, target: string) => (isRelative(target) ? `![${alt}](${dataUri(root, target)})` : all))
      .replace(/<img\b([^>]*?)\ssrc=(["'])([^"']+)\2/gi, (all, before: string, q: string, target: string) => (isRelative(target) ? `<img${before} src=${q}${dataUri(root, target)}${q}` : all))
      .replace(/(?<!!)\[((?:[^\]\n]|\\\])*)\]\(\s*([^)\s]+)\s*\)/g, (all, text: string, target: string) => (isRelative(target) ? text : all)),
  );
}

/** Writes {@link LISTING_README} from README.md (`npm run package` runs this before vsce). */
export function writeListingReadme(): void {
  fs.mkdirSync(path.dirname(LISTING_README), { recursive: true });
  fs.writeFileSync(LISTING_README, renderListingReadme(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')));
}

if (require.main === module) writeListingReadme();
