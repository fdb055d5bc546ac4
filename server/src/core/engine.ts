import * as ts from 'typescript';
import { parseDocument, type Document } from 'yaml';
import { DEFAULT_CONFIG, type GuardConfig } from './config';
import { computeFacts, type ForgeRoots } from './facts';
import { fileKind, isJsx, LineIndex } from './files';
import type { FileKind, Finding, Report, Severity } from './model';
import type { ProjectView } from './project';
import type { Rule, RuleContext } from './rule';
import { ALL_RULES, RULES_BY_ID } from './rules';
import invalidSuppression from './rules/meta/invalid-suppression';
import { parseDirectives, type Directive } from './suppressions';
import { redactFreeText } from './redact';

export interface AnalyseOptions {
  readonly config?: GuardConfig;
  /** Folders holding a Forge manifest (workspace-relative, '' = root). */
  readonly forgeRoots?: ForgeRoots;
  /** Custom UI folders from the manifests' `resources[].path` (workspace-relative): front-end code. */
  readonly resourceRoots?: ReadonlySet<string>;
  /** Rules to run; all by default (the rule tester passes one). */
  readonly rules?: readonly Rule[];
  /** Parser hook, so the language server can reuse an incrementally updated tree. */
  readonly parse?: (path: string, text: string) => ts.SourceFile;
  /**
   * Reads another workspace file (workspace-relative path), for fixes that edit it too: the Forge
   * migration adds scopes to `manifest.yml`. Absent: such fixes leave that edit to a note.
   */
  readonly readFile?: (path: string) => string | undefined;
  /** Cross-file facts (manifest ↔ code of a Forge app) for the scope rules. */
  readonly project?: ProjectView;
}

/** A rule that threw: logged and shown, never fatal. */
export interface RuleFailure {
  readonly ruleId: string;
  readonly message: string;
}

export interface FileResult {
  readonly path: string;
  readonly kind: FileKind | undefined;
  readonly findings: Finding[];
  readonly failures: RuleFailure[];
  /** Whether the TypeScript parser ran (for speed accounting). */
  readonly parsed: boolean;
}

export function parseCode(path: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    true,
    isJsx(path) ? ts.ScriptKind.TSX : /\.[cm]?js$/i.test(path) ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => {
    const value = data[key];
    return value === undefined ? whole : String(value);
  });
}

function severityOf(rule: Rule, config: GuardConfig): Severity | undefined {
  const setting = config.rules[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? rule.meta.defaultSeverity;
}

/** Analyses one file's text. Pure: the same input always gives the same findings. */
export function analyseFile(path: string, text: string, options: AnalyseOptions = {}): FileResult {
  const kind = fileKind(path);
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  if (!kind) return { path, kind, findings, failures, parsed: false };
  const config = options.config ?? DEFAULT_CONFIG;
  const rules = (options.rules ?? ALL_RULES).filter(
    (r) => r.kinds.includes(kind) && severityOf(r, config) !== undefined && (!r.prefilter || r.prefilter.test(text)),
  );
  const directives = parseDirectives(text);
  if (rules.length === 0 && directives.length === 0) return { path, kind, findings, failures, parsed: false };

  const facts = computeFacts(path, text, options.forgeRoots ?? new Set(), options.resourceRoots);
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));
  let sourceFile: ts.SourceFile | undefined;
  let yamlDoc: Document.Parsed | undefined;
  const getSourceFile = (): ts.SourceFile => {
    if (kind !== 'code') throw new Error(`${path} is not a code file`);
    return (sourceFile ??= (options.parse ?? parseCode)(path, text));
  };
  const getYaml = (): Document.Parsed => {
    if (kind !== 'manifest' && kind !== 'yaml') throw new Error(`${path} is not a YAML file`);
    return (yamlDoc ??= parseDocument(text, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false }));
  };

  const push = (rule: Rule, severity: Severity, report: Report): void => {
    const template = rule.meta.messages[report.messageId];
    if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${report.messageId}"`);
    const start = lineIndex().position(report.range.start);
    const end = lineIndex().position(report.range.end);
    findings.push({
      ruleId: rule.id,
      category: rule.meta.category,
      severity: report.severity !== undefined && config.rules[rule.id] === undefined ? report.severity : severity,
      file: path,
      range: report.range,
      start,
      end,
      messageId: report.messageId,
      message: renderMessage(template, report.data),
      policy: rule.meta.policy,
      ...(report.endpoint ? { endpoint: report.endpoint } : {}),
      fixes: report.fixes ?? [],
    });
  };

  const contextFor = (rule: Rule, severity: Severity): RuleContext => ({
    path,
    text,
    kind,
    facts,
    config,
    sourceFile: getSourceFile,
    yaml: getYaml,
    ...(options.readFile ? { readFile: options.readFile } : {}),
    report: (r) => push(rule, severity, r),
    ...(options.project ? { project: options.project } : {}),
  });

  const walkers: { rule: Rule; handlers: Map<ts.SyntaxKind, (node: ts.Node) => void>; onEnd?: () => void }[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule, config) as Severity;
    const ctx = contextFor(rule, severity);
    try {
      rule.check?.(ctx);
      if (rule.create && kind === 'code') {
        const visitors = rule.create(ctx);
        const handlers = new Map<ts.SyntaxKind, (node: ts.Node) => void>();
        for (const [key, fn] of Object.entries(visitors)) {
          const k = Number(key);
          if (!Number.isNaN(k) && typeof fn === 'function') handlers.set(k as ts.SyntaxKind, fn as (node: ts.Node) => void);
        }
        // A rule that wants nothing from this file (e.g. a Forge-only rule in other code) costs no parse.
        if (handlers.size > 0 || visitors.onEnd) walkers.push({ rule, handlers, onEnd: visitors.onEnd });
      }
    } catch (err) {
      failures.push({ ruleId: rule.id, message: errorMessage(err) });
    }
  }

  if (walkers.length > 0) walk(getSourceFile(), walkers, failures);

  applyDirectives(directives, findings, lineIndex, (report) => {
    const sev = severityOf(invalidSuppression, config);
    if (sev) push(invalidSuppression, sev, report);
  });
  findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return { path, kind, findings, failures, parsed: sourceFile !== undefined };
}

/** A rule's exception may quote the file (JSON.parse does): only its redacted form leaves the engine. */
function errorMessage(err: unknown): string {
  return redactFreeText(err instanceof Error ? err.message : String(err));
}

type Walker = { rule: Rule; handlers: Map<ts.SyntaxKind, (node: ts.Node) => void>; onEnd?: () => void };

/** One depth-first walk serves every rule: a rule that throws is dropped for the rest of the file. */
function walk(sourceFile: ts.SourceFile, walkers: Walker[], failures: RuleFailure[]): void {
  const byKind = new Map<ts.SyntaxKind, { walker: Walker; fn: (node: ts.Node) => void }[]>();
  for (const w of walkers) {
    for (const [kind, fn] of w.handlers) {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push({ walker: w, fn });
    }
  }
  const dead = new Set<Walker>();
  const visit = (node: ts.Node): void => {
    const list = byKind.get(node.kind);
    if (list) {
      for (const { walker, fn } of list) {
        if (dead.has(walker)) continue;
        try {
          fn(node);
        } catch (err) {
          dead.add(walker);
          failures.push({ ruleId: walker.rule.id, message: errorMessage(err) });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  for (const w of walkers) {
    if (dead.has(w) || !w.onEnd) continue;
    try {
      w.onEnd();
    } catch (err) {
      failures.push({ ruleId: w.rule.id, message: errorMessage(err) });
    }
  }
}

function applyDirectives(
  directives: readonly Directive[],
  findings: Finding[],
  lineIndex: () => LineIndex,
  reportDirective: (report: Report) => void,
): void {
  if (directives.length === 0) return;
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (const d of directives) {
    if (d.ruleIds.length === 0) {
      reportDirective({ range: d.range, messageId: 'missingRule' });
      continue;
    }
    for (const id of d.ruleIds) {
      if (!RULES_BY_ID.has(id)) reportDirective({ range: d.range, messageId: 'unknownRule', data: { rule: id } });
    }
    if (d.reason.length === 0) reportDirective({ range: d.range, messageId: 'missingReason', data: { rules: d.ruleIds.join(', ') } });
    if (d.kind === 'file') {
      for (const id of d.ruleIds) fileWide.add(id);
    } else {
      const target = lineIndex().position(d.offset).line + 1;
      const set = byLine.get(target) ?? new Set<string>();
      for (const id of d.ruleIds) set.add(id);
      byLine.set(target, set);
    }
  }
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i];
    if (!f || f.ruleId === invalidSuppression.id) continue;
    if (fileWide.has(f.ruleId) || byLine.get(f.start.line)?.has(f.ruleId)) findings.splice(i, 1);
  }
}
