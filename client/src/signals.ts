/**
 * Whether a workspace is one Marketplace Guard has something to say about: an Atlassian app (Forge
 * manifest, Connect descriptor, ACE config, an Atlassian client library) or anything the tool found.
 * Plain functions of file text, without `vscode`: `workspaceSignals.ts` feeds them the files.
 */

/** Files whose presence or content can make a workspace an Atlassian app (glob for a file watcher). */
export const SIGNAL_FILE_GLOB = '**/{manifest.yml,manifest.yaml,atlassian-connect.json,config.json,package.json,.marketplace-guard.json}';

/**
 * A Forge manifest: a top-level `app:` key with a top-level `modules:` or a Forge app id. Other tools'
 * `manifest.yml` (Cloud Foundry's `applications:`, a build's own) do not count.
 */
export function isForgeManifest(text: string): boolean {
  if (!/^app\s*:/m.test(text)) return false;
  return /^modules\s*:/m.test(text) || /ari:cloud:ecosystem::app\//.test(text);
}

/**
 * atlassian-connect-express's `config.json`: per-environment blocks (`development`, `production`)
 * with ACE's own keys (`localBaseUrl`, `store`, `hosts`). A plain `config.json` does not count.
 */
export function isAceConfig(text: string): boolean {
  const doc = parseJsonObject(stripJsonComments(text));
  if (!doc) return false;
  const env = [doc['development'], doc['production']].find(isRecord);
  if (!env) return false;
  return ['localBaseUrl', 'store', 'hosts'].some((k) => k in env) || 'localBaseUrl' in doc;
}

/** Packages that mean the code talks to Atlassian (Forge, Connect, the REST client libraries). */
const ATLASSIAN_PACKAGE = /^(?:@forge\/|@atlassian\/|@atlaskit\/|atlassian-connect-express$|atlassian-connect-express-|atlassian-jwt$|jira\.js$|confluence\.js$|jira-client$|jira-connector$|bitbucket$)/;

/** A `package.json` that depends on an Atlassian package (any dependency section). */
export function hasAtlassianDependency(packageJsonText: string): boolean {
  const doc = parseJsonObject(packageJsonText);
  if (!doc) return false;
  for (const section of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = doc[section];
    if (isRecord(deps) && Object.keys(deps).some((name) => ATLASSIAN_PACKAGE.test(name))) return true;
  }
  return false;
}

/** What decides whether the status item shows. */
export interface StatusSignals {
  /** Why the workspace is an Atlassian app (e.g. "Forge manifest manifest.yml"), if it is one. */
  readonly app: string | undefined;
  /** Findings the server reports now (open files, or the last audit). */
  readonly findings: number;
  /** Whether the user audited the workspace (they asked the tool; its answer stays visible). */
  readonly audited: boolean;
}

/** The status item shows in an Atlassian app, or wherever the tool found something or was asked to audit. */
export function shouldShowStatus(s: StatusSignals): boolean {
  return s.app !== undefined || s.findings > 0 || s.audited;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** ACE's template comments its `config.json`: drop `//` and `/* … *\/` comments outside strings, and trailing commas. */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
