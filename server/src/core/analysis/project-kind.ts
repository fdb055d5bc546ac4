import * as ts from 'typescript';

/**
 * Front-end code known from its project rather than its own text (SPEC rule 8, "Real code"): a
 * module of a Tauri web view, an Electron app or a browser single-page app often imports nothing
 * that says so (`src/lib/api.ts` of a SvelteKit front end), yet it is bundled into what users
 * download. The nearest `package.json` (and a `src-tauri/` folder beside it) says what the project
 * is. Server code of the same repository stays out: another package, a server framework in the
 * dependencies, server folders and SvelteKit's server-only files.
 */

/** Reads a workspace file (workspace-relative path); undefined when it cannot. */
export type FileReader = (path: string) => string | undefined;

/** What a package's manifest says about where its code runs. */
export interface ProjectKind {
  readonly kind: 'tauri' | 'electron' | 'native' | 'web' | 'sveltekit';
  /** The package's folder (workspace-relative, '' = root). */
  readonly dir: string;
  /** Words a user reads: "a Tauri web view (…)". */
  readonly reason: string;
  /** SvelteKit built as a static site (adapter-static, no server adapter): all of `src/` is browser code. */
  readonly staticSite: boolean;
}

const MAX_DEPTH = 8;
const MAX_CACHED = 512;

/** Run on a server, whatever else the package holds: its code is not shipped as a front end. */
const SERVER_DEPS = /^(?:express|koa|fastify|@hapi\/hapi|hapi|restify|polka|hono|h3|micro|@nestjs\/core|next|nuxt|astro|@remix-run\/[\w-]+|@angular\/ssr|@nguniversal\/express-engine|atlassian-connect-express|firebase-functions|@netlify\/functions|@vercel\/node|@azure\/functions|aws-lambda|serverless)$/;
const UI_DEPS: readonly (readonly [RegExp, string])[] = [
  [/^(?:vue|@vue\/cli-service|@vitejs\/plugin-vue|quasar)$/, 'Vue'],
  [/^(?:svelte|@sveltejs\/vite-plugin-svelte)$/, 'Svelte'],
  [/^@angular\/core$/, 'Angular'],
  [/^(?:react-scripts|react-dom|@vitejs\/plugin-react(?:-swc)?|preact)$/, 'React'],
  [/^solid-js$/, 'Solid'],
];
/** Packaged for users' devices: the whole package ships, not only `src/`. */
const NATIVE_DEPS: readonly (readonly [RegExp, string])[] = [
  [/^(?:react-native|expo)$/, 'a React Native app (bundled into the mobile app)'],
  [/^(?:@capacitor\/core|cordova-android|cordova-ios)$/, 'a Capacitor/Cordova app (bundled into the mobile app)'],
  [/^(?:webextension-polyfill|wxt|plasmo|@crxjs\/vite-plugin|@types\/chrome|@types\/firefox-webext-browser)$/, 'a browser extension (shipped to every user)'],
];
const SERVER_ADAPTER = /^@sveltejs\/adapter-(?!static$)[\w-]+$/;

/** Paths (relative to the package) that hold server, build or test code, never the shipped front end. */
const NOT_SHIPPED = /^(?:api|functions|netlify|supabase|lambdas?|serverless|scripts|tools|bin|e2e|cypress|playwright|src-tauri)\/|(?:^|\/)(?:server|servers|backend|node_modules)\/|\.config\.[cm]?[jt]s$|\.d\.[cm]?ts$|(?:^|\/)(?:\+server|\+page\.server|\+layout\.server|hooks\.server|[\w.-]+\.server)\.[cm]?[jt]s$|(?:^|\/)(?:middleware|instrumentation)\.[cm]?[jt]s$|\+api\.[cm]?[jt]sx?$/;
/** A module that says it runs on a server: SvelteKit private env, `server-only`, server frameworks. */
const SERVER_TEXT = /['"](?:\$env\/(?:static|dynamic)\/private|\$app\/server|server-only|express|koa|fastify|next\/server|@nestjs\/[\w-]+|@sveltejs\/kit\/node)['"]|^[^\S\r\n\u2028\u2029]*['"]use server['"]/m;
/** Browser-only APIs and SvelteKit's client modules: the module runs in the page. */
const BROWSER_TEXT = /\b(?:localStorage|sessionStorage|document\.(?:cookie|location|querySelector|getElementById)|window\.(?:location|open|localStorage|addEventListener))\b|['"](?:\$app\/(?:navigation|stores|state)|svelte\/store|svelte)['"]/;
const UNIVERSAL_LOAD = /(?:^|\/)\+(?:page|layout)\.[jt]s$/;

const caches = new WeakMap<FileReader, Map<string, ProjectKind | null>>();

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** Dependency names of a package.json (all sections); undefined when it does not parse as one. */
export function dependencyNames(text: string): Set<string> | undefined {
  const sf = ts.parseJsonText('package.json', text);
  const root = sf.statements[0]?.expression;
  if (!root || !ts.isObjectLiteralExpression(root)) return undefined;
  const out = new Set<string>();
  for (const p of root.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isStringLiteral(p.name)) continue;
    if (!/^(?:dependencies|devDependencies|peerDependencies|optionalDependencies)$/.test(p.name.text)) continue;
    if (!ts.isObjectLiteralExpression(p.initializer)) continue;
    for (const d of p.initializer.properties) if (ts.isPropertyAssignment(d) && ts.isStringLiteral(d.name)) out.add(d.name.text);
  }
  return out;
}

function classify(dir: string, deps: ReadonlySet<string>, read: FileReader): ProjectKind | null {
  const has = (re: RegExp): boolean => [...deps].some((d) => re.test(d));
  if (has(/^@tauri-apps\//) || read(join(dir, 'src-tauri/tauri.conf.json')) !== undefined || read(join(dir, 'src-tauri/Cargo.toml')) !== undefined) {
    return { kind: 'tauri', dir, reason: 'a Tauri web view (shipped inside the desktop app)', staticSite: true };
  }
  if (deps.has('electron')) return { kind: 'electron', dir, reason: 'an Electron app (shipped to every user)', staticSite: true };
  for (const [re, reason] of NATIVE_DEPS) if (has(re)) return { kind: 'native', dir, reason, staticSite: true };
  if (deps.has('@sveltejs/kit')) {
    const staticSite = deps.has('@sveltejs/adapter-static') && !has(SERVER_ADAPTER);
    return { kind: 'sveltekit', dir, reason: 'a SvelteKit front end (runs in the browser)', staticSite };
  }
  if (has(SERVER_DEPS)) return null;
  for (const [re, name] of UI_DEPS) if (has(re)) return { kind: 'web', dir, reason: `a ${name} front end (bundled for the browser)`, staticSite: true };
  // A Vite app without a UI framework has its page at the root; a library built with Vite does not.
  if (deps.has('vite') && read(join(dir, 'index.html')) !== undefined) return { kind: 'web', dir, reason: 'a Vite front end (bundled for the browser)', staticSite: true };
  return null;
}

/** The project the file belongs to (its nearest package.json), if that project ships its code to users. */
export function projectKindOf(path: string, read: FileReader): ProjectKind | undefined {
  let cache = caches.get(read);
  if (!cache) caches.set(read, (cache = new Map()));
  const visited: string[] = [];
  let dir = dirname(path);
  let found: ProjectKind | null = null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const known = cache.get(dir);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(dir);
    const pkg = read(join(dir, 'package.json'));
    const deps = pkg === undefined ? undefined : dependencyNames(pkg);
    if (deps) {
      found = classify(dir, deps, read);
      break;
    }
    if (dir === '') break;
    dir = dirname(dir);
  }
  if (cache.size > MAX_CACHED) cache.clear();
  for (const v of visited) cache.set(v, found);
  return found ?? undefined;
}

/**
 * Why a file is front-end code by its project, or undefined: it belongs to a package that ships its
 * code to users and is not one of the package's server, build or test files.
 */
export function projectFrontEndReason(path: string, text: string, read: FileReader): string | undefined {
  const project = projectKindOf(path, read);
  if (!project) return undefined;
  const rel = project.dir === '' ? path : path.slice(project.dir.length + 1);
  if (NOT_SHIPPED.test(rel)) return undefined;
  const desktop = project.kind === 'tauri' || project.kind === 'electron';
  // An Electron main process is Node code and ships all the same; elsewhere a server import says server.
  if (!desktop && SERVER_TEXT.test(text)) return undefined;
  if (project.kind === 'web') return rel.startsWith('src/') ? project.reason : undefined;
  if (project.kind === 'sveltekit') {
    if (!/^src\/(?:lib|routes)\//.test(rel)) return undefined;
    // With a server adapter, a src/lib module may serve +page.server files only: it needs a sign of the page.
    if (project.staticSite || UNIVERSAL_LOAD.test(rel) || BROWSER_TEXT.test(text)) return project.reason;
    return undefined;
  }
  return project.reason;
}
