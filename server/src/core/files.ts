import type { FileKind } from './model';

const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/**
 * Other text files a token or a 3LO secret gets pasted into (SPEC §2 "Real code"): documentation,
 * markup, config formats, scripts in other languages, HTTP request files. Only the value patterns of
 * `no-api-token-literal` and `no-hardcoded-client-secret` read them.
 */
export const TEXT_EXTENSIONS: readonly string[] = [
  'txt', 'text', 'markdown', 'mdx', 'rst', 'adoc', 'asciidoc', 'org',
  'html', 'htm', 'xhtml', 'xml', 'vue', 'svelte', 'astro', 'hbs', 'handlebars', 'ejs', 'pug', 'njk', 'vm', 'ftl', 'jsp',
  'properties', 'cfg', 'conf', 'cnf', 'ini', 'toml', 'json5', 'jsonc', 'ipynb', 'tf', 'tfvars', 'hcl',
  'sh', 'bash', 'zsh', 'fish', 'ps1', 'bat', 'cmd', 'py', 'rb', 'php', 'java', 'kt', 'kts', 'groovy', 'gradle',
  'go', 'rs', 'cs', 'swift', 'scala', 'pl', 'sql', 'http', 'rest',
];
const TEXT_EXTENSION = new RegExp(`\\.(?:${TEXT_EXTENSIONS.join('|')})$`);
/** Extensionless text files that hold credentials or commands with them. */
export const TEXT_NAMES: readonly string[] = ['.netrc', '_netrc', '.npmrc', '.pypirc', '.curlrc', 'Dockerfile', 'Jenkinsfile', 'Makefile', 'Procfile'];
const TEXT_NAME = new Set(TEXT_NAMES.map((n) => n.toLowerCase()));

/** Decides what an analysed file holds from its name (SPEC §2); undefined when it is not analysed. */
export function fileKind(path: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (CODE.test(name)) return name.endsWith('.d.ts') ? undefined : 'code';
  if (name === 'manifest.yml' || name === 'manifest.yaml') return 'manifest';
  if (name === '.env' || name.startsWith('.env.')) return 'env';
  if (name.endsWith('.json')) return name === 'package-lock.json' ? undefined : 'json';
  if (name.endsWith('.yml') || name.endsWith('.yaml')) return 'yaml';
  if (name.endsWith('.md')) return 'markdown';
  if (TEXT_EXTENSION.test(name) || TEXT_NAME.has(name)) return 'text';
  return undefined;
}

/** Files over this size are not parsed (SPEC §2); up to {@link MAX_SCAN_BYTES} they are still scanned as text. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Files over this size are skipped outright (SPEC §2 "Real code"). */
export const MAX_SCAN_BYTES = 20 * 1024 * 1024;
/** A line longer than this marks a minified or bundled file: not parsed, scanned as text (SPEC §2). */
export const MAX_LINE_CHARS = 10_000;

/** `3.0 MiB` */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * Why a text is not parsed (a 2–20 MiB file, or a minified one), or undefined when it is. Such files
 * are still read by the value patterns of the token and client-secret rules; `bytes` defaults to the
 * text's length.
 */
export function unparsedReason(text: string, bytes = text.length): string | undefined {
  if (bytes > MAX_FILE_BYTES) return `larger than 2 MiB (${mebibytes(bytes)})`;
  return hasLongLine(text) ? `minified (a line over ${MAX_LINE_CHARS.toLocaleString('en-US')} characters)` : undefined;
}

function hasLongLine(text: string): boolean {
  if (text.length <= MAX_LINE_CHARS) return false;
  let last = 0;
  for (;;) {
    const nl = text.indexOf('\n', last);
    const end = nl < 0 ? text.length : nl;
    if (end - last > MAX_LINE_CHARS) return true;
    if (nl < 0) return false;
    last = nl + 1;
  }
}

/**
 * A workspace-relative path with `.` and `..` resolved and `\\` read as `/`; undefined when it
 * climbs out of the workspace.
 */
export function normalisePath(path: string): string | undefined {
  const parts: string[] = [];
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export function isJsx(path: string): boolean {
  return /\.[jt]sx$/i.test(path);
}

/** Precomputed line starts for offset → 1-based line/column conversion. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }

  /** Offset of the start of a 1-based line (clamped). */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line - 1, 0), this.starts.length - 1)] ?? 0;
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
