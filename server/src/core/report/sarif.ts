import { createHash } from 'crypto';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { API_TOKEN_ENFORCEMENT_DATE, type Finding, type Position, type RelatedLocation, type Severity, type SuppressedFinding } from '../model';
import type { Rule } from '../rule';
import { ALL_RULES } from '../rules';
import { escapeJsonControls } from './escape';
import { redactedInput } from './redacted';
import { compareFindings, PROJECT_URL, ruleHelpUri, TOOL_NAME } from './shared';
import type { ReportInput } from './types';

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

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const deadline = rule.meta.category === 'api-tokens' ? ` Atlassian enforces this since ${API_TOKEN_ENFORCEMENT_DATE}.` : '';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: `${rule.meta.description} Marketplace security policy: "${rule.meta.policy}".${deadline}` },
    helpUri: ruleHelpUri(rule.id),
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

/**
 * `"…"` for the contents of each string literal (`'`, `"`, backquote; backslash escapes), in one pass:
 * a quote that is never closed is left as it is, and once a quote kind has no closing quote after some
 * point, later ones of that kind are not searched again (linear, where a regex backtracks on many
 * unclosed quotes).
 */
function eraseStrings(line: string): string {
  let out = '';
  const unclosedFrom = new Map<string, number>();
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c !== '"' && c !== "'" && c !== '`') {
      out += c;
      i++;
      continue;
    }
    let j = (unclosedFrom.get(c) ?? Infinity) <= i ? -1 : i + 1;
    while (j >= 0 && j < line.length && line.charAt(j) !== c) j += line.charAt(j) === '\\' ? 2 : 1;
    if (j < 0 || j >= line.length) {
      unclosedFrom.set(c, i);
      out += c;
      i++;
      continue;
    }
    out += `${c}\u2026${c}`;
    i = j + 1;
  }
  return out;
}

/**
 * Removes what could be a secret from a line before it is hashed: the finding's own span, the contents
 * of string literals, and long runs of token characters (unquoted `.env`/YAML values).
 */
export function normaliseLine(line: string, finding: Finding): string {
  const from = Math.min(finding.start.column - 1, line.length);
  const to = finding.end.line === finding.start.line ? Math.max(from, finding.end.column - 1) : line.length;
  return eraseStrings(`${line.slice(0, from)}\u2026${line.slice(to)}`)
    .replace(/[A-Za-z0-9_\-+/=]{16,}/g, '\u2026')
    .replace(/\s+/g, ' ')
    .trim();
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

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** SARIF 2.1.0 log of an audit (SPEC §5), for GitHub code scanning and other SARIF viewers. */
export function formatSarif(raw: ReportInput, options: SarifOptions = {}): string {
  const input = redactedInput(raw);
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.id, i]));
  const seen = new Map<string, number>();
  // Suppressed findings stay in the log, marked (SARIF 2.1.0 §3.27.23, §3.35): viewers hide them, auditors see them.
  const all: (Finding | SuppressedFinding)[] = [...input.findings, ...(input.suppressed ?? [])];
  const results: Sarif.Result[] = all.sort(compareFindings).map((f) => {
    const line = options.lineText?.(f.file, f.start.line);
    // The hashed input is the rule, the file and a normalised line (or the already-redacted message).
    const basis = sha256(`${f.ruleId}\n${f.file}\n${line === undefined ? `message:${f.message}` : normaliseLine(line, f)}`);
    const n = (seen.get(basis) ?? 0) + 1;
    seen.set(basis, n);
    const index = ruleIndex.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[f.severity],
      message: resultMessage(f),
      locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' }, region: region(f.start, f.end) } }],
      ...(f.related && f.related.length > 0 ? { relatedLocations: relatedLocations(f.related) } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: `${basis}:${n}` },
      ...('justification' in f ? { suppressions: [suppression(f)] } : {}),
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
            informationUri: PROJECT_URL,
            rules: ALL_RULES.map(descriptor),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(input.root) } },
        columnKind: 'utf16CodeUnits',
        results,
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
