import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, type Diagnostic, type Position as LspPosition } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BUDGET_FAILURE, PARSER_FAILURE, type RuleFailure } from '../core/engine';
import { ENV_NAME } from '../core/env-declarations';
import type { EnvDeclaration, Finding, Fix, Position, Severity, TextEdit } from '../core/model';
import { DIAGNOSTIC_SOURCE, type RelatedItem } from '../protocol';

/** What a diagnostic carries in `data` so code actions need no second analysis. */
export interface FindingData {
  readonly kind: 'finding';
  readonly ruleId: string;
  /** The document version the fix offsets belong to (null for unopened files). */
  readonly version: number | null;
  readonly fixes: readonly Fix[];
  /** The finding's detail (policy clause, deadline, fix): the tree's tooltip shows it. */
  readonly detail?: string;
}

/** Marks the one informational diagnostic about rules that threw. */
export interface FailureData {
  readonly kind: 'failure';
  readonly ruleIds: readonly string[];
}

export type DiagnosticData = FindingData | FailureData;

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

let docsFolder: string | undefined;

/**
 * `docs/rules` inside the extension: the bundled server runs from `dist/`, so it is `../docs/rules`;
 * when run from sources (tests, tsx) the folder is found by walking up. Links stay offline.
 */
function rulesDocsFolder(): string {
  if (docsFolder !== undefined) return docsFolder;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'docs', 'rules');
    if (fs.existsSync(candidate)) return (docsFolder = candidate);
    dir = path.dirname(dir);
  }
  return (docsFolder = path.resolve(__dirname, '..', 'docs', 'rules'));
}

/** A `file://` link to the rule's bundled documentation page. */
export function ruleDocUri(ruleId: string): string {
  return pathToFileURL(path.join(rulesDocsFolder(), `${ruleId}.md`)).href;
}

/** The URI of another file of the finding's folder (workspace-relative path), or undefined when it has none. */
export type RelatedUri = (file: string) => string | undefined;

function lspPosition(p: Position): LspPosition {
  return { line: p.line - 1, character: p.column - 1 };
}

/**
 * A finding's related locations with editor URIs and ranges: in its own file they take the document's
 * URI and offsets; other files are resolved by `relatedUri` (against the workspace folder) and are left
 * out when it cannot resolve them.
 */
export function relatedItems(finding: Finding, doc: TextDocument, relatedUri: RelatedUri = () => undefined): RelatedItem[] {
  const out: RelatedItem[] = [];
  for (const r of finding.related ?? []) {
    const here = r.file === finding.file;
    const uri = here ? doc.uri : relatedUri(r.file);
    if (uri === undefined) continue;
    const range = here
      ? { start: doc.positionAt(r.range.start), end: doc.positionAt(r.range.end) }
      : { start: lspPosition(r.start), end: lspPosition(r.end) };
    out.push({ uri, file: r.file, range, message: r.message });
  }
  return out;
}

/** Where a diagnostic's code link points for a rule id: {@link ruleDocUri} or a client command URI. */
export type RuleDocLink = (ruleId: string) => string;

/**
 * `related` defaults to the locations in the finding's own file (see {@link relatedItems}); `docLink`
 * to the bundled page's `file://` URI.
 */
export function toDiagnostic(
  finding: Finding,
  doc: TextDocument,
  version: number | null,
  related: readonly RelatedItem[] = relatedItems(finding, doc),
  docLink: RuleDocLink = ruleDocUri,
): Diagnostic {
  const data: FindingData = { kind: 'finding', ruleId: finding.ruleId, version, fixes: finding.fixes, detail: finding.detail };
  return {
    range: { start: doc.positionAt(finding.range.start), end: doc.positionAt(finding.range.end) },
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docLink(finding.ruleId) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message })) } : {}),
    data,
  };
}

/**
 * One info diagnostic for every rule that threw on the file: the user learns results are partial.
 * A parse failure or budget stop already shown as an `analysis-incomplete` finding is not repeated.
 */
export function failureDiagnostic(failures: readonly RuleFailure[], findings: readonly Finding[] = []): Diagnostic | undefined {
  const shown = findings.some((f) => f.ruleId === 'analysis-incomplete' && f.messageId !== 'valueBound');
  const rest = shown ? failures.filter((f) => f.ruleId !== PARSER_FAILURE && f.ruleId !== BUDGET_FAILURE) : failures;
  if (rest.length === 0) return undefined;
  const ruleIds = [...new Set(rest.map((f) => f.ruleId))];
  const data: FailureData = { kind: 'failure', ruleIds };
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `Marketplace Guard could not finish ${ruleIds.join(', ')} on this file (the other rules ran). The error is in the Marketplace Guard output.`,
    data,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTextEdit(value: unknown): value is TextEdit {
  if (!isRecord(value) || typeof value['newText'] !== 'string') return false;
  if (value['file'] !== undefined && typeof value['file'] !== 'string') return false;
  const range = value['range'];
  return isRecord(range) && isOffset(range['start']) && isOffset(range['end']) && range['start'] <= range['end'];
}

function isEnvDeclaration(value: unknown): value is EnvDeclaration {
  return isRecord(value) && typeof value['file'] === 'string' && typeof value['name'] === 'string' && ENV_NAME.test(value['name']);
}

export function isFix(value: unknown): value is Fix {
  if (!isRecord(value)) return false;
  if (typeof value['title'] !== 'string' || typeof value['safe'] !== 'boolean') return false;
  if (!Array.isArray(value['edits']) || !value['edits'].every(isTextEdit)) return false;
  if (value['note'] !== undefined && typeof value['note'] !== 'string') return false;
  if (value['detail'] !== undefined && typeof value['detail'] !== 'string') return false;
  const declared = value['envDeclarations'];
  if (declared !== undefined && !(Array.isArray(declared) && declared.every(isEnvDeclaration))) return false;
  const create = value['createFiles'];
  return create === undefined || (isRecord(create) && Object.values(create).every((c) => typeof c === 'string'));
}

/** Checks `data` coming back from the client before any of it is trusted. */
export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (!isRecord(value)) return false;
  if (value['kind'] === 'failure') return Array.isArray(value['ruleIds']) && value['ruleIds'].every((r) => typeof r === 'string');
  return (
    value['kind'] === 'finding' &&
    typeof value['ruleId'] === 'string' &&
    (value['version'] === null || typeof value['version'] === 'number') &&
    (value['detail'] === undefined || typeof value['detail'] === 'string') &&
    Array.isArray(value['fixes']) &&
    value['fixes'].every(isFix)
  );
}
