import * as path from 'path';
import { isUnderForgeRoot } from '../facts';
import { scopeLookup, type EndpointScopes, type ScopeLookup } from '../migration/scopes';
import { API_TOKEN_ENFORCEMENT_DATE, type Category, type EndpointData, type Finding } from '../model';
import { markdownCell, markdownCode, markdownText as text } from './escape';
import { nextSteps } from './next-steps';
import { redactedInput } from './redacted';
import { rulesSection } from './rules-section';
import { baselineSummary, CATEGORY_TITLES, compareFindings, countBySeverity, TOOL_NAME } from './shared';
import type { ReportInput } from './types';

export interface MarkdownOptions {
  /** The report date; today by default (tests pin it). */
  readonly now?: Date;
  /** Endpoint → OAuth scopes; the migration's lookup by default (see `migration/scopes.ts`). */
  readonly scopes?: ScopeLookup;
}

const CUSTOMER_OAUTH_APP = 'no-customer-oauth-app';
const CUSTOMER_OAUTH_GUIDANCE = "Apps that collect API tokens or instruct customers to create individual 3LO apps don't comply";

/** A finding that says which endpoint an API token is sent to. */
type EndpointFinding = Finding & { readonly endpoint: EndpointData };

/** Table cells: a `|` would end the cell and a newline the row (content made of escaped parts). */
export const cell = markdownCell;

/** Inline code: a longer fence around backticks, control characters escaped. */
const code = markdownCode;

type Product = 'jira' | 'confluence' | 'bitbucket';

function productOf(e: EndpointData): Product {
  const host = (e.host ?? '').toLowerCase();
  const p = e.path ?? '';
  if (host.includes('bitbucket')) return 'bitbucket';
  if (/^\/ex\/confluence\//.test(p) || /^\/wiki(\/|$)/.test(p) || host.includes('confluence')) return 'confluence';
  return 'jira';
}

/** The path as the product sees it: the `/ex/<product>/<cloudId>` gateway prefix removed. */
function productPath(e: EndpointData): string | undefined {
  return e.path?.replace(/^\/ex\/(?:jira|confluence)\/[^/]+/, '');
}

const FORGE_CALL: Record<Product, string> = { jira: 'requestJira', confluence: 'requestConfluence', bitbucket: 'requestBitbucket' };

/** Whether the finding sits in Forge code; unknown counts as not Forge, so the 3LO form is offered. */
function isForge(f: Finding, forgeRoots: ReadonlySet<string>): boolean {
  // This rule only reports in Forge code (SPEC rule 6).
  return f.ruleId === 'no-direct-product-fetch' || isUnderForgeRoot(f.file, forgeRoots);
}

/** The scopes a call will need, or undefined when the method, path or table does not say. */
function scopesFor(e: EndpointData, lookup: ScopeLookup): EndpointScopes | undefined {
  const product = productOf(e);
  const p = productPath(e);
  if (product === 'bitbucket' || !e.method || !p) return undefined;
  return lookup({ method: e.method, product, path: p });
}

/** Classic scopes where Atlassian has them (what a Forge manifest or 3LO consent screen lists), else granular. */
function scopeCell(s: EndpointScopes | undefined, e: EndpointData): string {
  if (!s) return e.method && e.path ? 'not in the table: see the endpoint\'s REST docs' : '—';
  const main = s.classic.length > 0 ? s.classic : s.granular;
  const granular = s.classic.length > 0 && s.granular.length > 0 ? ` (granular: ${s.granular.map(code).join(', ')})` : '';
  return `${main.map(code).join(', ')}${granular}`;
}

/** SPEC §4.2: Forge code calls the product through `requestJira`/`requestConfluence`; other code uses 3LO. */
export function replacementFor(f: EndpointFinding, forge: boolean): string {
  const product = productOf(f.endpoint);
  const p = productPath(f.endpoint) ?? '<path>';
  if (forge) return `Forge ${code(`api.asUser().${FORGE_CALL[product]}(route\`${p}\`)`)}`;
  if (product === 'bitbucket') return `OAuth 2.0 access token: ${code(`https://api.bitbucket.org${p}`)}`;
  if (f.endpoint.authKind === 'client-library' && !f.endpoint.path) {
    return `OAuth 2.0 (3LO): ${code('authentication: { oauth2: { accessToken } }')} with host ${code(`https://api.atlassian.com/ex/${product}/{cloudId}`)}`;
  }
  return `OAuth 2.0 (3LO): ${code(`https://api.atlassian.com/ex/${product}/{cloudId}${p}`)} with ${code('Authorization: Bearer {accessToken}')}`;
}

/**
 * One row per call: two rules can report the same call (Basic auth sent by a plain `fetch` in Forge code),
 * so findings at the same line with the same method and path merge, their auth kinds joined.
 */
function callSites(findings: readonly EndpointFinding[]): EndpointFinding[] {
  const rows = new Map<string, EndpointFinding>();
  for (const f of findings) {
    const key = `${f.file}:${f.start.line}:${f.endpoint.method ?? ''}:${f.endpoint.path ?? ''}`;
    const seen = rows.get(key);
    if (!seen) {
      rows.set(key, f);
      continue;
    }
    const kinds = [...new Set([seen.endpoint.authKind, f.endpoint.authKind].filter((k): k is string => k !== undefined))];
    // A Forge-only rule on the same call decides the replacement form.
    const ruleId = f.ruleId === 'no-direct-product-fetch' ? f.ruleId : seen.ruleId;
    const related = [...(seen.related ?? []), ...(f.related ?? [])].filter(
      (r, i, all) => all.findIndex((o) => o.file === r.file && o.start.line === r.start.line && o.message === r.message) === i,
    );
    rows.set(key, {
      ...seen,
      ruleId,
      endpoint: { ...seen.endpoint, ...(kinds.length > 0 ? { authKind: kinds.join(', ') } : {}) },
      ...(related.length > 0 ? { related } : {}),
    });
  }
  return [...rows.values()];
}

/** `file:line`, then its related locations in brackets ("API token comes from here: `src/config.ts:3`"). */
function where(f: Finding): string {
  const own = code(`${f.file}:${f.start.line}`);
  const related = (f.related ?? []).map((r) => `${text(r.message)}: ${code(`${r.file}:${r.start.line}`)}`);
  return related.length > 0 ? `${own} (${related.join('; ')})` : own;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * The API-token migration report (SPEC §5): what Atlassian's notice asks partners to send in their ADDON
 * ticket (every endpoint called with an API token and its migration), then the other findings by policy
 * area. It prints only rendered messages (secrets redacted) and locations, never source text; every
 * name, path and message from the workspace is escaped, so none can add HTML, links, code or table cells.
 */
export function formatMarkdown(raw: ReportInput, options: MarkdownOptions = {}): string {
  const input = redactedInput(raw);
  const rootName = path.basename(input.root) || input.root;
  const date = isoDate(options.now ?? new Date());
  const sorted = [...input.findings].sort(compareFindings);
  const endpoints = callSites(sorted.filter((f): f is EndpointFinding => f.category === 'api-tokens' && f.endpoint !== undefined));
  // Atlassian's guidance names per-customer OAuth apps beside API tokens: listed next to the endpoints.
  const customerApps = sorted.filter((f) => f.ruleId === CUSTOMER_OAUTH_APP);
  const others = sorted.filter((f) => !(f.category === 'api-tokens' && f.endpoint !== undefined) && f.ruleId !== CUSTOMER_OAUTH_APP);
  const otherTokenFindings = others.filter((f) => f.category === 'api-tokens');
  const distinct = new Set(endpoints.map((f) => `${f.endpoint.method ?? ''} ${f.endpoint.path ?? f.file}`));
  const counts = countBySeverity(input.findings);
  const forgeRoots = new Set(input.forgeRoots ?? []);
  const lookup = options.scopes ?? scopeLookup();
  const needed = new Set<string>();
  for (const f of endpoints) {
    const s = scopesFor(f.endpoint, lookup);
    for (const x of s ? (s.classic.length > 0 ? s.classic : s.granular) : []) needed.add(x);
  }
  const out: string[] = [];

  out.push(`# API-token migration report: ${text(rootName)}`, '');
  out.push('| | |', '| --- | --- |');
  out.push(`| Audited folder | ${cell(code(rootName))} |`);
  out.push(`| Date | ${date} |`);
  out.push(`| Tool | ${TOOL_NAME} ${cell(text(input.version))} |`);
  out.push(`| Files analysed | ${input.filesAnalysed}${input.skipped.length > 0 ? ` (${input.skipped.length} skipped)` : ''} |`);
  out.push(`| ${input.baseline ? 'New findings' : 'Findings'} | ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info |`);
  if (input.baseline) out.push(`| Baseline | ${cell(code(input.baseline.file))}: ${cell(text(baselineSummary(input.baseline)))} |`);
  out.push('');

  out.push('## Summary for the Atlassian ADDON ticket', '');
  if (endpoints.length === 0 && otherTokenFindings.length === 0 && customerApps.length === 0) {
    out.push(
      `${TOOL_NAME} ${text(input.version)} audited ${code(rootName)} on ${date} (${plural(input.filesAnalysed, 'file')}) and found no ` +
        'call, collection or storage of Atlassian API tokens.',
    );
  } else {
    const byRule = new Map<string, number>();
    for (const f of otherTokenFindings) byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
    const other = [...byRule].map(([id, n]) => `${n} × ${code(id)}`).join(', ');
    out.push(
      `${TOOL_NAME} ${text(input.version)} audited ${code(rootName)} on ${date} (${plural(input.filesAnalysed, 'file')}). ` +
        `It found ${plural(endpoints.length, 'call site')} that ${endpoints.length === 1 ? 'authenticates' : 'authenticate'} ` +
        'to Atlassian APIs with an API token, ' +
        `covering ${plural(distinct.size, 'endpoint')} (listed below with the replacement for each)` +
        (other ? `, and ${plural(otherTokenFindings.length, 'other place')} where the app handles API tokens (${other}).` : '.'),
      '',
      'Migration plan: move Forge code to `api.asUser().requestJira()` / `requestConfluence()`, which needs no token; ' +
        'move other code to OAuth 2.0 (3LO) through `https://api.atlassian.com/ex/{product}/{cloudId}`; remove the code ' +
        'that asks for, stores or contains API tokens, and revoke every exposed token. ' +
        `Atlassian enforces the policy since ${API_TOKEN_ENFORCEMENT_DATE}.`,
    );
    if (customerApps.length > 0) {
      out.push(
        '',
        `${plural(customerApps.length, 'place')} ${customerApps.length === 1 ? 'makes' : 'make'} customers create their own OAuth app ` +
          `(${code(CUSTOMER_OAUTH_APP)}, listed after the endpoints): replace ${customerApps.length === 1 ? 'it' : 'them'} with one distributable 3LO app you own, or Forge.`,
      );
    }
    if (endpoints.length > 0) {
      out.push('', 'Endpoints called with API tokens, and their migration:', '');
      for (const f of endpoints) {
        const e = f.endpoint;
        const s = scopesFor(e, lookup);
        const scopes = s ? `; scopes ${(s.classic.length > 0 ? s.classic : s.granular).join(', ')}` : '';
        const what = e.method || e.path ? `${text(e.method ?? '(method decided at run time)')} ${text(e.path ?? '(path built at run time)')}` : e.authKind === 'client-library' ? 'Client library configured with an API token' : 'A call whose URL is built at run time';
        out.push(`- ${what} (${text(`${f.file}:${f.start.line}`)}) → ${replacementFor(f, isForge(f, forgeRoots))}${scopes}`);
      }
      if (needed.size > 0) {
        out.push('', `OAuth scopes these calls need: ${[...needed].sort().map(code).join(', ')} (3LO apps add ${code('offline_access')} for refresh tokens).`);
      }
    }
  }
  out.push('');
  out.push(...nextSteps({ findings: sorted, forge: (f) => isForge(f, forgeRoots), scopes: [...needed].sort() }));

  out.push('## Endpoints called with an API token', '');
  if (endpoints.length === 0) {
    out.push('None found.', '');
  } else {
    out.push('| Method | Path | Where | Auth | OAuth scopes | Replacement |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of endpoints) {
      const e = f.endpoint;
      const p = e.path ? code(e.path) : e.host ? `${code(e.host)} (path built at run time)` : '(built at run time)';
      out.push(
        `| ${cell(text(e.method ?? '—'))} | ${cell(p)} | ${cell(where(f))} | ${cell(text(e.authKind ?? '—'))} | ${cell(scopeCell(scopesFor(e, lookup), e))} | ${cell(replacementFor(f, isForge(f, forgeRoots)))} |`,
      );
    }
    out.push(
      '',
      '_OAuth scopes_ come from Atlassian\'s REST API specifications (`x-atlassian-oauth2-scopes`): the classic scope, ' +
        'with the granular ones in brackets; "—" means the method or path is decided at run time. ' +
        '`{cloudId}` is the site\'s cloud id from `https://api.atlassian.com/oauth/token/accessible-resources`.',
      '',
    );
  }

  if (customerApps.length > 0) {
    out.push('## OAuth apps customers are told to create', '');
    out.push(`Atlassian's guidance: "${CUSTOMER_OAUTH_GUIDANCE}". One distributable OAuth 2.0 (3LO) app that you own (customers only authorize it), or Forge, replaces each.`, '');
    out.push('| Where | What |', '| --- | --- |');
    // The short message: the guidance and fix are said once, above.
    for (const f of customerApps) out.push(`| ${cell(where(f))} | ${cell(text(f.message))} |`);
    out.push('');
  }

  out.push('## Other findings by policy area', '');
  if (others.length === 0) out.push('None.', '');
  const byCategory = new Map<Category, Finding[]>();
  for (const f of others) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  for (const category of Object.keys(CATEGORY_TITLES) as Category[]) {
    const list = byCategory.get(category);
    if (!list) continue;
    const overdue = category === 'api-tokens' ? ` (overdue: enforced since ${API_TOKEN_ENFORCEMENT_DATE})` : '';
    out.push(`### ${CATEGORY_TITLES[category]}${overdue}`, '');
    out.push('| Severity | Rule | Where | Message |', '| --- | --- | --- | --- |');
    for (const f of list) {
      out.push(`| ${f.severity} | ${cell(code(f.ruleId))} | ${cell(where(f))} | ${cell(text(f.message))} |`);
    }
    out.push('', ...detailList(list));
  }

  if (input.failures.length > 0) {
    out.push('## Coverage', '');
    out.push('These rules failed on a file, so findings there may be missing:', '');
    for (const fail of input.failures) out.push(`- ${code(fail.ruleId)} on ${code(fail.path)}`);
    out.push('');
  }
  out.push(...rulesSection(sorted));
  return `${out.join('\n').replace(/(?<!\n)\n+$/, '')}\n`;
}

/**
 * Each distinct detail (policy clause, deadline, fix) once, with the places it applies to: the tables
 * keep the short messages, and a reader finds why and how to fix it below.
 */
function detailList(findings: readonly Finding[]): string[] {
  const byDetail = new Map<string, Finding[]>();
  for (const f of findings) byDetail.set(f.detail, [...(byDetail.get(f.detail) ?? []), f]);
  const out = ['Details:', ''];
  for (const [detail, list] of byDetail) out.push(`- ${list.map((f) => code(`${f.file}:${f.start.line}`)).join(', ')}: ${text(detail)}`);
  return [...out, ''];
}
