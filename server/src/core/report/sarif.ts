import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { API_TOKEN_ENFORCEMENT_DATE, type Finding, type Position, type RelatedLocation, type Severity, type SuppressedFinding } from '../model';
import type { Rule } from '../rule';
import { ALL_RULES } from '../rules';
import { escapeJsonControls } from './escape';
import { fingerprinter } from './fingerprint';
import { redactedInput } from './redacted';
import { markdownToText, rulePage } from './rule-help';
import { compareFindings, TOOL_NAME } from './shared';
import type { ReportInput } from './types';

export { normaliseLine } from './fingerprint';

/** The schema the log claims (OASIS SARIF 2.1.0, Committee Specification); tests validate against it. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/cs01/schemas/sarif-schema-2.1.0.json';

/** Key of our partial fingerprint; versioned so a change of algorithm never matches old results. */
export const FINGERPRINT_KEY = 'marketplaceGuardLineHash/v1';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /**
   * The 1-based line of a file (workspace-relative), for fingerprints that survive lines moving.
   * Its text is normalised and hashed, never written to the log.
   */
  readonly lineText?: (file: string, line: number) => string | undefined;
}

/** `no-api-token-literal` → `NoApiTokenLiteral` (SARIF `name` is an identifier-like label). */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __: string, c: string) => c.toUpperCase());
}

/**
 * The rule's whole page as `help` (GitHub code scanning shows `help.markdown` beside each alert), so the
 * log explains itself offline; no `helpUri`: the project publishes no site a link could rely on.
 */
function help(rule: Rule, fullDescription: string): Sarif.MultiformatMessageString {
  const page = rulePage(rule.id);
  return page === undefined ? { text: fullDescription } : { text: markdownToText(page), markdown: page };
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const deadline = rule.meta.category === 'api-tokens' ? ` Atlassian enforces this since ${API_TOKEN_ENFORCEMENT_DATE}.` : '';
  const fullDescription = `${rule.meta.description} Marketplace security policy: "${rule.meta.policy}".${deadline}`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: fullDescription },
    help: help(rule, fullDescription),
    defaultConfiguration: { level: LEVEL[rule.meta.defaultSeverity] },
    properties: {
      category: rule.meta.category,
      policy: rule.meta.policy,
      tags: ['security', rule.meta.category],
    },
  };
}

/** Percent-encodes each path segment so the relative path is a valid URI reference. */
function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function region(start: Position, end: Position): Sarif.Region {
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

/** Literal brackets in a message with embedded links are escaped (SARIF 2.1.0 §3.11.6). */
function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/g, (c) => `\\${c}`);
}

/**
 * Where the credential is built and where the token comes from, as SARIF `relatedLocations` (ids from 1),
 * their paths relative to `%SRCROOT%` like the result's own location.
 */
function relatedLocations(related: readonly RelatedLocation[]): Sarif.Location[] {
  return related.map((r, i) => ({
    id: i + 1,
    physicalLocation: { artifactLocation: { uri: relativeUri(r.file), uriBaseId: '%SRCROOT%' }, region: region(r.start, r.end) },
    message: { text: r.message },
  }));
}

/**
 * The result's message, with links to its related locations appended: GitHub code scanning only shows
 * related locations that the message links to.
 */
function resultMessage(f: Finding): Sarif.Message {
  // The first sentence is the summary viewers show alone (SARIF 2.1.0 §3.11.4): the short message.
  const full = `${f.message} ${f.detail}`;
  const related = f.related ?? [];
  if (related.length === 0) return { text: full };
  const links = related.map((r, i) => `[${escapeLinkText(r.message)}](${i + 1})`).join(', ');
  return { text: `${escapeLinkText(full)} Related: ${links}.` };
}

/** An in-source suppression; a directive without a real reason has no `justification`. */
function suppression(f: SuppressedFinding): Sarif.Suppression {
  return { kind: 'inSource', ...(f.justification ? { justification: f.justification } : {}) };
}

/** SARIF 2.1.0 §3.27.24 `baselineState`; a baseline finding is also suppressed `external` (§3.35.2), by the baseline file. */
function baselineMark(inBaseline: boolean, file: string): Pick<Sarif.Result, 'baselineState' | 'suppressions'> {
  if (!inBaseline) return { baselineState: 'new' };
  return { baselineState: 'unchanged', suppressions: [{ kind: 'external', justification: `In the baseline ${file}.` }] };
}

/** SARIF 2.1.0 log of an audit (SPEC §5), for GitHub code scanning and other SARIF viewers. */
export function formatSarif(raw: ReportInput, options: SarifOptions = {}): string {
  const input = redactedInput(raw);
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const fingerprint = fingerprinter(options.lineText);
  // Suppressed findings stay in the log, marked (SARIF 2.1.0 §3.27.23, §3.35): viewers hide them, auditors see them.
  // Baseline findings too, marked `unchanged` and suppressed externally (the baseline file): viewers hide
  // them, GitHub code scanning closes their alerts; new findings are marked `new`.
  const baselined = new Set<Finding>(input.baseline?.matched ?? []);
  const all: (Finding | SuppressedFinding)[] = [...input.findings, ...baselined, ...(input.suppressed ?? [])];
  const results: Sarif.Result[] = all.sort(compareFindings).map((f) => {
    const index = ruleIndex.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[f.severity],
      message: resultMessage(f),
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.start, f.end) } }],
      ...(f.related && f.related.length > 0 ? { relatedLocations: relatedLocations(f.related) } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(f) },
      ...('justification' in f ? { suppressions: [suppression(f)] } : {}),
      ...(input.baseline && !('justification' in f) ? baselineMark(baselined.has(f), input.baseline.file) : {}),
      properties: { category: f.category, policy: f.policy, ...(f.endpoint ? { endpoint: { ...f.endpoint } } : {}) },
    };
  });

  // A rule that threw is a tool notification, not a result; its error text is left out (it may quote source).
  const notifications: Sarif.Notification[] = input.failures.map((fail) => ({
    level: 'warning',
    message: { text: `Rule ${fail.ruleId} failed on this file; its findings there may be missing.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(fail.path), uriBaseId: '%SRCROOT%' } } }],
    ...(ruleIndex.has(fail.ruleId) ? { associatedRule: { id: fail.ruleId, index: ruleIndex.get(fail.ruleId) } } : {}),
  }));

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: input.version,
            semanticVersion: input.version,
            rules: ALL_RULES.map(descriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(input.root) } },
        columnKind: 'utf16CodeUnits',
        results,
        ...(input.baseline ? { properties: { baseline: { file: input.baseline.file, matched: input.baseline.matched.length, gone: input.baseline.gone } } } : {}),
      },
    ],
  };
  return `${escapeJsonControls(JSON.stringify(log, null, 2))}\n`;
}

/** SARIF requires the base URI of `%SRCROOT%` to end with a slash. */
function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
