import { connectScopeName, type ConnectDescriptor, type Located } from '../analysis/connect-descriptor';
import { matchOperationsLoosely, type Operation, type Product } from '../knowledge/endpoints';
import type { AppFileUsage } from './index';
import type { ConnectCall } from './connect-usage';

/**
 * An Atlassian Connect descriptor's scopes vs. the calls the app makes as a Connect app (SPEC rules
 * 14–15). Each REST operation names the Connect scope it needs (`x-atlassian-connect-scope` in
 * Atlassian's OpenAPI specs); the scopes imply one another: `ADMIN` ⊃ `PROJECT_ADMIN` (Confluence:
 * `SPACE_ADMIN`) ⊃ `DELETE` ⊃ `WRITE` ⊃ `READ` (Atlassian, "Scopes" for Connect apps). `ACT_AS_USER`
 * is needed only by code that acts as a user.
 *
 * Sound, never guessing: a call whose route is decided at run time needs the highest scope of any
 * operation it can match, and a call whose route or client cannot be seen needs any scope, so a scope
 * is never called broad or unused because a call could not be read.
 */

/** Position in the chain; undefined for scopes outside it. */
const LEVEL: ReadonlyMap<string, number> = new Map([['READ', 0], ['WRITE', 1], ['DELETE', 2], ['PROJECT_ADMIN', 3], ['SPACE_ADMIN', 3], ['ADMIN', 4]]);
const TOP = 4;
const LEVEL_NAMES = ['READ', 'WRITE', 'DELETE', 'PROJECT_ADMIN', 'ADMIN'];

/** Webhook events Atlassian delivers to apps with `READ` (issues, comments, worklogs, versions, boards, pages, …). */
const READ_WEBHOOK = /^(?:jira:issue_|jira:worklog_|jira:version_|comment_|worklog_|issuelink_|attachment_|sprint_|board_|page_|blog_|blogpost_|content_|label_|space_|attachment_)/;

export interface ConnectBroad {
  readonly item: Located;
  /** `above`: a chain scope above what the calls need; `actAsUser`: no code acts as a user. */
  readonly kind: 'above' | 'actAsUser';
  /** The highest scope the calls need (`above` only). */
  readonly needed?: string;
  /** The scope to put in its place, written as the descriptor writes scopes; undefined: remove it. */
  readonly replacement?: string;
  /** When removed: the declared scope that already covers what the calls need. */
  readonly coveredBy?: string;
}

export interface ConnectAssessment {
  /** Declared chain scopes when no call or module needs any scope of the chain. */
  readonly unused: readonly Located[];
  readonly broad: readonly ConnectBroad[];
}

/** The chain level of a Connect scope name, if it is in the chain. */
export function connectLevel(scope: string): number | undefined {
  return LEVEL.get(connectScopeName(scope));
}

/** The product paths a Connect call's path may be: Jira's, or Confluence's (its base URL ends in `/wiki`). */
function candidates(path: string): Array<[Product, string]> {
  if (/^\/wiki\//.test(path)) return [['confluence', path]];
  if (/^\/rest\/api\/(?:2|3|latest)\//.test(path)) return [['jira', path]];
  if (/^\/rest\//.test(path)) return [['jira', path], ['confluence', `/wiki${path}`]];
  if (/^\/api\/v2\//.test(path)) return [['confluence', `/wiki${path}`]];
  return [];
}

interface CallNeed {
  /** Highest chain level the call may need (-1: none). */
  readonly level: number;
  readonly actAsUser: boolean;
}

function needOf(call: ConnectCall): CallNeed {
  if (call.via === 'unknown' || call.path === undefined) return { level: TOP, actAsUser: call.via === 'unknown' };
  const ops: Operation[] = [];
  // A path ending in `/` had a value appended that evaluated empty here (state set later): a parameter.
  const path = call.path.endsWith('/') ? `${call.path}{x}` : call.path;
  for (const [product, p] of candidates(path)) ops.push(...matchOperationsLoosely(product, call.method, p));
  // A path no documented operation matches: an endpoint the table does not know may need anything.
  if (ops.length === 0) return { level: TOP, actAsUser: false };
  let level = -1;
  let actAsUser = false;
  for (const op of ops) {
    const c = op.connect;
    if (c === undefined) level = TOP;
    else if (c === 'ACT_AS_USER') actAsUser = true;
    else level = Math.max(level, LEVEL.get(c) ?? -1);
  }
  return { level, actAsUser };
}

const memo = new WeakMap<ConnectCall, CallNeed>();

function cachedNeed(call: ConnectCall): CallNeed {
  let n = memo.get(call);
  if (!n) memo.set(call, (n = needOf(call)));
  return n;
}

/** `WRITE` in the descriptor's own spelling (`write` when it writes scopes in lower case). */
function spelled(name: string, like: readonly Located[]): string {
  return like.length > 0 && like.every((s) => s.value === s.value.toLowerCase()) ? name.toLowerCase() : name;
}

/**
 * Modules that only place the app's pages in the product UI: they need no scope by themselves (what
 * their pages call is read from the code). Other modules (entity properties, workflow functions, issue
 * fields, custom content, …) may need any scope: the tool does not judge scopes beside them.
 */
const UI_MODULES = new Set([
  'adminPages', 'configurePage', 'dialogs', 'generalPages', 'postInstallPage', 'webItems', 'webPanels', 'webSections',
  'jiraBackgroundScripts', 'jiraDashboardItems', 'jiraIssueContents', 'jiraIssueGlances', 'jiraIssueTabPanels',
  'jiraProjectAdminTabPanels', 'jiraProjectPages', 'jiraProjectTabPanels', 'jiraReports', 'jiraUserProfileTabPanels',
  'jiraVersionTabPanels', 'jiraComponentTabPanels', 'profilePages', 'spaceToolsTabs', 'confluenceContentBylineItems',
  'dynamicContentMacros', 'staticContentMacros', 'keyboardShortcuts', 'pages',
]);

/** What the descriptor's modules need without a visible call: webhooks are delivered with `READ`; modules not known to need nothing: any. */
function moduleLevel(descriptor: ConnectDescriptor): number {
  let level = -1;
  for (const m of descriptor.modules) {
    if (m.type === 'webhooks') level = Math.max(level, m.event !== undefined && READ_WEBHOOK.test(m.event) ? 0 : TOP);
    else if (!UI_MODULES.has(m.type)) level = TOP;
  }
  return level;
}

export function assessConnect(descriptor: ConnectDescriptor, usage: readonly AppFileUsage[]): ConnectAssessment {
  let level = moduleLevel(descriptor);
  let actAsUser = false;
  for (const { usage: u } of usage) {
    if (u.actsAsUser) actAsUser = true;
    for (const call of u.connect ?? []) {
      const n = cachedNeed(call);
      level = Math.max(level, n.level);
      if (n.actAsUser) actAsUser = true;
    }
  }
  const declared = descriptor.scopes;
  const chain = declared.filter((s) => connectLevel(s.value) !== undefined);
  const unused: Located[] = [];
  const broad: ConnectBroad[] = [];
  /** The replacement already proposed for another scope (it then covers the calls). */
  let replaced: string | undefined;
  for (const item of declared) {
    const name = connectScopeName(item.value);
    if (name === 'ACT_AS_USER') {
      if (!actAsUser) broad.push({ item, kind: 'actAsUser' });
      continue;
    }
    const l = connectLevel(item.value);
    if (l === undefined) continue;
    if (level < 0) {
      unused.push(item);
      continue;
    }
    if (l <= level) continue;
    // Another declared scope still covers what the calls need: this one can go; else narrow it (once).
    const cover = chain.find((s) => s !== item && (connectLevel(s.value) ?? -1) >= level && (connectLevel(s.value) ?? TOP) < l);
    const covered = replaced !== undefined || cover !== undefined;
    const needed = LEVEL_NAMES[level] ?? 'ADMIN';
    const by = cover?.value ?? replaced;
    broad.push({ item, kind: 'above', needed, ...(covered ? (by !== undefined ? { coveredBy: by } : {}) : { replacement: spelled(needed, declared) }) });
    if (!covered) replaced = spelled(needed, declared);
  }
  return { unused, broad };
}
