import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';

/**
 * Atlassian Connect apps as input (SPEC §2): the app descriptor (`atlassian-connect.json`, or any JSON
 * whose top level has `baseUrl` and `modules`) and the atlassian-connect-express `config.json` (one
 * object per environment, with `localBaseUrl`). Both are read with exact ranges, tolerating comments
 * and trailing commas (ACE's `config.json` is commented by its own template). Rules 11–12 read the
 * hosts that receive callbacks; rules 13–15 read the scopes and modules.
 */

/** A string value and the range of its text (inside the quotes). */
export interface Located {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** What a URL in a descriptor or ACE config is for. */
export type ConnectUrlRole = 'baseUrl' | 'lifecycle' | 'webhook' | 'link' | 'localBaseUrl';

export interface ConnectUrl extends Located {
  readonly role: ConnectUrlRole;
  /** Where it sits, as a user reads it: `baseUrl`, `lifecycle.installed`, `modules.webhooks[0].url`, `production.localBaseUrl`. */
  readonly name: string;
}

export interface ConnectModule {
  /** The module type: `webPanels`, `generalPages`, `jiraDashboardItems`, `webhooks`, … */
  readonly type: string;
  readonly key: string | undefined;
  /** `webhooks` modules: the event (`jira:issue_updated`). */
  readonly event: string | undefined;
  readonly start: number;
  readonly end: number;
}

export interface ConnectDescriptor {
  readonly key: string | undefined;
  /** `baseUrl`: the host every install callback, iframe and webhook goes to (may be `{{localBaseUrl}}`). */
  readonly baseUrl: ConnectUrl | undefined;
  /** Every URL of the descriptor that receives callbacks or serves the app: base, lifecycle, webhooks, links. */
  readonly urls: readonly ConnectUrl[];
  /** Declared scopes as written (`read`, `ACT_AS_USER`); compare with {@link connectScopeName}. */
  readonly scopes: readonly Located[];
  /** The `"scopes"` property (key through value), for a fix that rewrites the list; undefined when none. */
  readonly scopesAt: { readonly start: number; readonly end: number } | undefined;
  /** `authentication.type`: `jwt`, `none`. */
  readonly authentication: string | undefined;
  readonly modules: readonly ConnectModule[];
}

/** One environment of an atlassian-connect-express `config.json`. */
export interface AceEnvironment {
  /** `development`, `production`, … */
  readonly name: string;
  readonly localBaseUrl: ConnectUrl | undefined;
}

/** Connect scopes, narrowest first: each implies the ones before it (`ADMIN` ⊃ `PROJECT_ADMIN` ⊃ `DELETE` ⊃ `WRITE` ⊃ `READ`). */
export const CONNECT_SCOPE_ORDER: readonly string[] = ['READ', 'WRITE', 'DELETE', 'PROJECT_ADMIN', 'ADMIN'];
/** Connect scopes outside that chain. */
export const CONNECT_OTHER_SCOPES: readonly string[] = ['ACT_AS_USER', 'ACCESS_EMAIL_ADDRESSES'];

/** `read` → `READ`, `project-admin` → `PROJECT_ADMIN`. */
export function connectScopeName(scope: string): string {
  return scope.trim().toUpperCase().replace(/-/g, '_');
}

/** Whether a declared Connect scope covers a needed one (`WRITE` covers `READ`, `ADMIN` covers all five). */
export function connectScopeCovers(declared: string, needed: string): boolean {
  const d = CONNECT_SCOPE_ORDER.indexOf(connectScopeName(declared));
  const n = CONNECT_SCOPE_ORDER.indexOf(connectScopeName(needed));
  if (d < 0 || n < 0) return connectScopeName(declared) === connectScopeName(needed);
  return d >= n;
}

const DESCRIPTOR_NAME = /(?:^|\/)atlassian-connect(?:[.-][\w-]+)?\.json$/i;
const ACE_CONFIG_NAME = /(?:^|\/)config\.json$/i;
/** Cheap text tests before any parse: a descriptor names both keys, an ACE config names `localBaseUrl`. */
// Both keys, in either order: with both present (tested first) one always precedes the other, so one
// linear search is the whole test (the old `"baseUrl"[\s\S]*"modules"|…` was quadratic on repeats).
const DESCRIPTOR_HINT = /"(?:baseUrl|modules)"/;
const MAX_PARSE_CHARS = 2 * 1024 * 1024;

/** Whether a JSON file may be a Connect descriptor or an ACE config (a cheap test: parse to be sure). */
/** A file named as Atlassian Connect descriptors are (`atlassian-connect.json`): its folder is a Connect app. */
export function isConnectDescriptorPath(path: string): boolean {
  return DESCRIPTOR_NAME.test(path);
}

export function mayBeConnectFile(path: string, text: string): boolean {
  if (text.length > MAX_PARSE_CHARS) return false;
  if (DESCRIPTOR_NAME.test(path)) return true;
  if (ACE_CONFIG_NAME.test(path) && text.includes('localBaseUrl')) return true;
  return text.includes('"baseUrl"') && text.includes('"modules"') && DESCRIPTOR_HINT.test(text);
}

function parse(text: string): JsonNode | undefined {
  if (text.length > MAX_PARSE_CHARS) return undefined;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return root?.type === 'object' ? root : undefined;
}

function property(obj: JsonNode | undefined, name: string): JsonNode | undefined {
  if (obj?.type !== 'object') return undefined;
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === name) return v;
  }
  return undefined;
}

function properties(obj: JsonNode | undefined): Array<[string, JsonNode, JsonNode]> {
  if (obj?.type !== 'object') return [];
  const out: Array<[string, JsonNode, JsonNode]> = [];
  for (const p of obj.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v && typeof k.value === 'string') out.push([k.value, v, p]);
  }
  return out;
}

function str(node: JsonNode | undefined): Located | undefined {
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  return { value: node.value, start: node.offset + 1, end: node.offset + node.length - 1 };
}

function url(node: JsonNode | undefined, role: ConnectUrlRole, name: string): ConnectUrl | undefined {
  const s = str(node);
  return s ? { ...s, role, name } : undefined;
}

/**
 * The Connect descriptor in a JSON text, or undefined when the text is not one (no top-level `baseUrl`
 * and `modules`, or not an object). Broken JSON yields what could be read.
 */
export function parseConnectDescriptor(text: string): ConnectDescriptor | undefined {
  if (!text.includes('"baseUrl"') || !text.includes('"modules"')) return undefined;
  const root = parse(text);
  const base = property(root, 'baseUrl');
  const modulesNode = property(root, 'modules');
  if (!root || base?.type !== 'string' || modulesNode?.type !== 'object') return undefined;
  const baseUrl = url(base, 'baseUrl', 'baseUrl');
  const urls: ConnectUrl[] = baseUrl ? [baseUrl] : [];
  for (const [event, v] of properties(property(root, 'lifecycle'))) {
    const u = url(v, 'lifecycle', `lifecycle.${event}`);
    if (u) urls.push(u);
  }
  for (const [name, v] of properties(property(root, 'links'))) {
    const u = url(v, 'link', `links.${name}`);
    if (u) urls.push(u);
  }
  const modules: ConnectModule[] = [];
  for (const [type, v] of properties(modulesNode)) {
    const entries = v.type === 'array' ? (v.children ?? []) : [v];
    entries.forEach((entry, i) => {
      if (entry.type !== 'object') return;
      const key = str(property(entry, 'key'))?.value;
      const event = str(property(entry, 'event'))?.value;
      modules.push({ type, key, event, start: entry.offset, end: entry.offset + entry.length });
      if (type === 'webhooks') {
        const u = url(property(entry, 'url'), 'webhook', `modules.webhooks[${i}].url`);
        if (u) urls.push(u);
      }
    });
  }
  const scopesNode = property(root, 'scopes');
  const scopes: Located[] = [];
  for (const s of scopesNode?.type === 'array' ? (scopesNode.children ?? []) : []) {
    const v = str(s);
    if (v) scopes.push(v);
  }
  const scopesProp = scopesNode?.parent;
  return {
    key: str(property(root, 'key'))?.value,
    baseUrl,
    urls,
    scopes,
    scopesAt: scopesProp ? { start: scopesProp.offset, end: scopesProp.offset + scopesProp.length } : undefined,
    authentication: str(property(property(root, 'authentication'), 'type'))?.value,
    modules,
  };
}

/**
 * The environments of an atlassian-connect-express `config.json` that set `localBaseUrl` (the host the
 * descriptor's `{{localBaseUrl}}` becomes), or undefined when the text is not such a config.
 */
export function parseAceConfig(text: string): AceEnvironment[] | undefined {
  if (!text.includes('localBaseUrl')) return undefined;
  const root = parse(text);
  const out: AceEnvironment[] = [];
  for (const [name, env] of properties(root)) {
    if (env.type !== 'object') continue;
    const local = property(env, 'localBaseUrl');
    if (!local && !property(env, 'store') && !property(env, 'port')) continue;
    out.push({ name, localBaseUrl: url(local, 'localBaseUrl', `${name}.localBaseUrl`) });
  }
  return out.some((e) => e.localBaseUrl) ? out : undefined;
}
