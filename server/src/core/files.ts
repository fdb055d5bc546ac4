import type { FileKind } from './model';

const CODE = /\.(?:[cm]?[jt]s|[jt]sx)$/i;

/** Decides what an analysed file holds from its name (SPEC §2); undefined when it is not analysed. */
export function fileKind(path: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (CODE.test(name)) return name.endsWith('.d.ts') ? undefined : 'code';
  if (name === 'manifest.yml' || name === 'manifest.yaml') return 'manifest';
  if (name === '.env' || name.startsWith('.env.')) return 'env';
  if (name.endsWith('.json')) return name === 'package-lock.json' ? undefined : 'json';
  if (name.endsWith('.yml') || name.endsWith('.yaml')) return 'yaml';
  if (name.endsWith('.md')) return 'markdown';
  return undefined;
}

/** Script kind for the TypeScript parser. */
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
