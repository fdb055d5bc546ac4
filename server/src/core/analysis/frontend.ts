import { parseDocument } from 'yaml';
import { normalisePath as normalise } from '../files';

/**
 * Front-end classification (SPEC rule 8): code that runs in a browser or ships to users, so any
 * value in it can be read by the people using the app. Atlassian's policy ("OAuth implementation"):
 * client secrets must never be in "any client-side artifact that can be inspected by an end user".
 * Each test returns a reason a user can read, or undefined.
 */

const BRIDGE_IMPORT = /(?:from\s*|require\(\s*|import\(\s*)['"]@forge\/bridge(?:\/[^'"]*)?['"]/;
const REACT_DOM_IMPORT = /(?:from\s*|require\(\s*|import\(\s*)['"]react-dom(?:\/client)?['"]/;
/** The first statement, after comments: a linear scan (a nested-quantifier regex backtracks badly on bundles). */
function startsWithUseClient(text: string): boolean {
  let i = 0;
  const n = Math.min(text.length, 4096);
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
    else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return false;
      i = nl + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else break;
  }
  return /^['"]use client['"]/.test(text.slice(i, i + 12));
}
const EXTENSION_API = /\b(?:chrome|browser)\.(?:runtime|storage|tabs|identity|scripting|action|contextMenus|webRequest|declarativeNetRequest)\b/;
const ELECTRON_IMPORT = /(?:from\s*|require\(\s*)['"]electron['"]/;
/** Angular's `src/environments/environment*.ts` are compiled into the browser bundle. */
const ANGULAR_ENV = /(?:^|\/)environments\/environment(?:\.[\w-]+)?\.[jt]s$/;
/** Committed build output of a web or desktop app: bundles users download. */
const BUNDLE_PATH = /(?:^|\/)(?:public|www|static\/js|assets)\/[^/]+\.[cm]?js$|\.(?:bundle|chunk)\.[cm]?js$|(?:^|\/)(?:dist|build|out)\/(?:[^/]+\/)*(?:renderer|preload|background|content(?:-script)?|popup)(?:\.[\w-]+)?\.[cm]?js$|(?:^|\/)[\w-]+\.[0-9a-f]{8,}\.js$/;

/** Why a file is front-end code, or undefined when it is not (as far as its path and text say). */
export function frontEndReason(path: string, text: string, resourceRoots: ReadonlySet<string> = new Set()): string | undefined {
  if (underAny(path, resourceRoots)) return 'a Custom UI resource (manifest `resources[].path`)';
  if (BRIDGE_IMPORT.test(text)) return 'Custom UI code (imports `@forge/bridge`)';
  if (REACT_DOM_IMPORT.test(text)) return 'browser code (imports `react-dom`)';
  if (startsWithUseClient(text)) return "a `'use client'` module";
  if (ANGULAR_ENV.test(path)) return 'an Angular environment file (compiled into the browser bundle)';
  if (ELECTRON_IMPORT.test(text)) return 'an Electron app (shipped to every user)';
  if (EXTENSION_API.test(text)) return 'a browser-extension script';
  if (BUNDLE_PATH.test(path)) return 'a committed build bundle (downloaded by users)';
  return undefined;
}

function underAny(path: string, roots: ReadonlySet<string>): boolean {
  for (const root of roots) if (root === '' || path === root || path.startsWith(`${root}/`)) return true;
  return false;
}

/** Build-output folder names: a resource's sources sit beside them (`static/app/build` → `static/app`). */
const BUILD_DIR = /^(?:build|dist|out|public|www)$/;

/**
 * The front-end folders a manifest declares: each `resources[].path` (relative to the manifest's
 * folder), widened from a build folder to the app folder that holds its sources.
 */
export function resourceRootsOf(manifestDir: string, manifestText: string): string[] {
  if (!/\bresources\s*:/.test(manifestText)) return [];
  let value: unknown;
  try {
    value = parseDocument(manifestText, { prettyErrors: false, uniqueKeys: false }).toJS();
  } catch {
    return [];
  }
  const resources = isRecord(value) ? value['resources'] : undefined;
  if (!Array.isArray(resources)) return [];
  const out: string[] = [];
  for (const r of resources) {
    const p = isRecord(r) ? r['path'] : undefined;
    if (typeof p !== 'string') continue;
    let rel = normalise(manifestDir === '' ? p : `${manifestDir}/${p}`);
    if (rel === undefined || rel === '') continue;
    if (/\.[a-z]+$/i.test(rel)) rel = rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
    const segs = rel.split('/');
    if (segs.length > 1 && BUILD_DIR.test(segs[segs.length - 1] ?? '')) segs.pop();
    const root = segs.join('/');
    if (root !== '' && root !== manifestDir && !out.includes(root)) out.push(root);
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
