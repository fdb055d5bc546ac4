/** Facts about one file that several rules share. Pure functions of path, text and project layout. */
import { frontEndReason } from './analysis/frontend';


export interface FileFacts {
  /** A `manifest.yml` sits in the file's folder or an ancestor up to the root, or it imports `@forge/*`. */
  readonly forge: boolean;
  /** Tests, fixtures, mocks: fake values there stay quiet. */
  readonly test: boolean;
  /** Why the file runs in a browser or ships to users (SPEC rule 8), or undefined. Computed on first use. */
  readonly frontEnd: string | undefined;
}

const TEST_PATH = /(^|\/)(__tests__|__mocks__|tests?|spec|fixtures?|mocks?)\/|\.(test|spec)\.[cm]?[jt]sx?$|\.stories\.[cm]?[jt]sx?$/i;
const FORGE_IMPORT = /(?:from\s*|require\(\s*|import\(\s*)['"]@forge\//;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/** Folders (workspace-relative, '' for the root) that hold a Forge `manifest.yml`. */
export type ForgeRoots = ReadonlySet<string>;

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function isUnderForgeRoot(path: string, roots: ForgeRoots): boolean {
  if (roots.size === 0) return false;
  let dir = dirname(path);
  for (;;) {
    if (roots.has(dir)) return true;
    if (dir === '') return false;
    dir = dirname(dir);
  }
}

export function computeFacts(path: string, text: string, roots: ForgeRoots, resourceRoots?: ReadonlySet<string>): FileFacts {
  let frontEnd: string | undefined | null = null;
  return {
    forge: isUnderForgeRoot(path, roots) || FORGE_IMPORT.test(text),
    test: isTestPath(path),
    get frontEnd(): string | undefined {
      if (frontEnd === null) frontEnd = frontEndReason(path, text, resourceRoots);
      return frontEnd;
    },
  };
}
