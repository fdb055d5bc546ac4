import { performance } from 'perf_hooks';
import * as ts from 'typescript';
import { parseDocument, type Document } from 'yaml';
import { DEFAULT_CONFIG, type GuardConfig } from './config';
import { computeFacts, type ForgeRoots } from './facts';
import { fileKind, LineIndex } from './files';
import { parseCode } from './parse';

export { parseCode };
import type { EndpointData, FileKind, Finding, RelatedLocation, RelatedReport, Report, Severity, SuppressedFinding } from './model';
import type { ProjectView } from './project';
import type { Rule, RuleContext } from './rule';
import { ALL_RULES, RULES_BY_ID } from './rules';
import { registerModuleReader } from './analysis/modules';
import { BudgetExceeded, budgetStopped, runAnalysis, type BoundHit } from './analysis/session';
import analysisIncomplete from './rules/meta/analysis-incomplete';
import invalidSuppression from './rules/meta/invalid-suppression';
import { redact, redactFreeText, scrubSecrets } from './redact';
import { detailTemplate, renderMessage, renderShort } from './message';
import { commentDirectives, isPlaceholderReason, parseDirectives, type Directive } from './suppressions';

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
   * migration adds scopes to `manifest.yml`. Absent: such fixes leave that edit to a note. Also how
   * values imported from relative modules are followed; pass the same function for a whole audit,
   * so a helper module many files import is parsed once.
   */
  readonly readFile?: (path: string) => string | undefined;
  /** Cross-file facts (manifest ↔ code of a Forge app) for the scope rules. */
  readonly project?: ProjectView;
  /**
   * Per-file time budget in ms (default {@link DEFAULT_BUDGET_MS}). Past it, the engine stops calling
   * rules and reports a `budget` failure: the file's results are partial, and the user is told so.
   */
  readonly budgetMs?: number;
}

/** Related locations kept per finding: the evidence, not a trace. */
const MAX_RELATED = 4;

/** Generous: a 2 MiB file analyses in well under a second; only a pathological input gets here. */
export const DEFAULT_BUDGET_MS = 10_000;

/** Pseudo rule ids of failures that are not one rule's: the parse, and the per-file budget. */
export const PARSER_FAILURE = 'parser';
export const BUDGET_FAILURE = 'budget';

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
  /** Findings a directive suppressed, with its reason (absent when none were). */
  readonly suppressed?: SuppressedFinding[];
}

export { renderMessage } from './message';

/** Placeholder values with any token shape redacted, before a message shortens them. */
function scrubbed(data: Readonly<Record<string, string | number>> = {}): Record<string, string | number> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? scrubSecrets(v) : v]));
}

function severityOf(rule: Rule, config: GuardConfig): Severity | undefined {
  const setting = config.rules[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? rule.meta.defaultSeverity;
}

/** Analyses one file's text. Pure: the same input always gives the same findings. */
export function analyseFile(path: string, text: string, options: AnalyseOptions = {}): FileResult {
  const kind = fileKind(path);
  if (!kind) return { path, kind, findings: [], failures: [], parsed: false };
  const config = options.config ?? DEFAULT_CONFIG;
  // analysis-incomplete is the engine's own report, never run as a rule.
  const rules = (options.rules ?? ALL_RULES).filter(
    (r) => r !== analysisIncomplete && r.kinds.includes(kind) && severityOf(r, config) !== undefined && (!r.prefilter || r.prefilter.test(text)),
  );
  const candidates = parseDirectives(text, kind);
  if (rules.length === 0 && candidates.length === 0) return { path, kind, findings: [], failures: [], parsed: false };
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const deadline = performance.now() + budget;
  // One session per analysis: node caches live as long as it (and no longer), the budget is checked
  // inside long loops, and the bounds value evaluation hit are collected for the user.
  return runAnalysis(deadline, (boundHits) => analyseWithin(path, text, kind, config, rules, candidates, budget, deadline, boundHits, options));
}

function analyseWithin(
  path: string,
  text: string,
  kind: FileKind,
  config: GuardConfig,
  rules: readonly Rule[],
  candidates: readonly Directive[],
  budget: number,
  deadline: number,
  boundHits: () => readonly BoundHit[],
  options: AnalyseOptions,
): FileResult {
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];
  let overBudget = false;
  const pastDeadline = (): boolean => (overBudget ||= budgetStopped() || performance.now() > deadline);
  const facts = computeFacts(path, text, options.forgeRoots ?? new Set(), options.resourceRoots);
  let lines: LineIndex | undefined;
  const lineIndex = (): LineIndex => (lines ??= new LineIndex(text));
  let sourceFile: ts.SourceFile | undefined;
  let yamlDoc: Document.Parsed | undefined;
  let parseError: Error | undefined;
  const getSourceFile = (): ts.SourceFile => {
    if (kind !== 'code') throw new Error(`${path} is not a code file`);
    if (parseError) throw parseError;
    try {
      if (sourceFile) return sourceFile;
      sourceFile = (options.parse ?? parseCode)(path, text);
      // Values imported from other project files are followed on demand, read through the caller.
      if (options.readFile) registerModuleReader(sourceFile, options.readFile);
      return sourceFile;
    } catch (err) {
      // The TypeScript parser recurses: ~1,000 nested parentheses overflow the stack. Remembered, so
      // every rule that asks gets the same error without re-parsing; text-level rules still run.
      parseError = new ParseFailure(err instanceof RangeError ? 'nesting too deep to parse (stack overflow)' : `parse failed: ${errorMessage(err)}`);
      throw parseError;
    }
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
      // Defence in depth: whatever a rule quotes from the code, no token shape reaches an output.
      message: scrubSecrets(renderShort(template, scrubbed(report.data))),
      detail: scrubSecrets(renderMessage(detailTemplate(rule, report.messageId), report.data)),
      policy: rule.meta.policy,
      ...(report.endpoint ? { endpoint: scrubEndpoint(report.endpoint) } : {}),
      fixes: report.fixes ?? [],
      ...relatedOf(report.related),
    });
  };

  /** Other files' line indexes, for related locations in helpers and config modules. */
  const foreignLines = new Map<string, LineIndex | null>();
  const linesOf = (file: string): LineIndex | undefined => {
    if (file === path) return lineIndex();
    let idx = foreignLines.get(file);
    if (idx === undefined) {
      const other = options.readFile?.(file);
      idx = other === undefined ? null : new LineIndex(other);
      foreignLines.set(file, idx);
    }
    return idx ?? undefined;
  };
  const relatedOf = (list: readonly RelatedReport[] | undefined): { related?: RelatedLocation[] } => {
    if (!list || list.length === 0) return {};
    const out: RelatedLocation[] = [];
    const seen = new Set<string>();
    for (const r of list) {
      const file = r.file ?? path;
      const idx = linesOf(file);
      const key = `${file}:${r.range.start}:${r.range.end}`;
      if (!idx || seen.has(key)) continue;
      seen.add(key);
      out.push({ file, range: r.range, start: idx.position(r.range.start), end: idx.position(r.range.end), message: scrubSecrets(r.message) });
      if (out.length >= MAX_RELATED) break;
    }
    return out.length > 0 ? { related: out } : {};
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

  /** Set when the tree was too deep for the walk or a rule's own recursion: its code was not all read. */
  let walkError: string | undefined;
  const ruleError = (rule: Rule, err: unknown): void => {
    if (err instanceof RangeError) walkError ??= `nesting too deep to analyse (stack overflow in ${rule.id})`;
    failures.push({ ruleId: rule.id, message: errorMessage(err) });
  };

  const walkers: Walker[] = [];
  for (const rule of rules) {
    if (pastDeadline()) break;
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
      if (err instanceof BudgetExceeded) overBudget = true;
      else if (!(err instanceof ParseFailure)) ruleError(rule, err);
    }
  }

  if (walkers.length > 0 && !overBudget) {
    try {
      walk(getSourceFile(), walkers, ruleError, pastDeadline);
    } catch (err) {
      if (err instanceof BudgetExceeded) overBudget = true;
      else if (!(err instanceof ParseFailure)) {
        walkError = err instanceof RangeError ? 'nesting too deep to walk (stack overflow)' : `syntax tree walk failed: ${errorMessage(err)}`;
        failures.push({ ruleId: PARSER_FAILURE, message: walkError });
      }
    }
  }
  if (parseError) failures.push({ ruleId: PARSER_FAILURE, message: `${parseError.message}; text-level rules still ran` });
  if (overBudget) {
    failures.push({ ruleId: BUDGET_FAILURE, message: `analysis stopped at the per-file budget of ${budget} ms; findings for this file may be incomplete` });
  }

  // What could not be read is a finding of its own (SARIF result, diagnostic, exit code): a stderr
  // line alone lets CI pass a file nobody analysed.
  const incomplete = severityOf(analysisIncomplete, config);
  if (incomplete) {
    const firstLine = { start: 0, end: Math.min(200, lineEnd(text)) };
    const reason = parseError?.message ?? walkError;
    if (reason) push(analysisIncomplete, incomplete, { range: firstLine, messageId: 'parseFailed', data: { reason } });
    if (overBudget) push(analysisIncomplete, incomplete, { range: firstLine, messageId: 'budget', data: { ms: budget } });
    for (const hit of boundHits().slice(0, MAX_BOUND_FINDINGS)) {
      push(analysisIncomplete, incomplete, { range: boundRange(hit, sourceFile), messageId: 'valueBound', data: { limit: BOUND_WORDS[hit.reason] }, severity: 'info' });
    }
  }

  const directives = commentDirectives(candidates, kind, text, () => codeTree(kind, getSourceFile));
  const suppressed = applyDirectives(directives, findings, lineIndex, (report) => {
    const sev = severityOf(invalidSuppression, config);
    if (sev) push(invalidSuppression, sev, report);
  });
  findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return { path, kind, findings, failures, parsed: sourceFile !== undefined, ...(suppressed.length > 0 ? { suppressed } : {}) };
}

/** Value-bound notes reported per file: where the first ones are is what the user needs. */
const MAX_BOUND_FINDINGS = 3;
const BOUND_WORDS: Record<BoundHit['reason'], string> = { work: 'work', depth: 'nesting' };

function lineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** The question's range when it is in the analysed tree; the file's start when it is in a module it imports. */
function boundRange(hit: BoundHit, sf: ts.SourceFile | undefined): { start: number; end: number } {
  if (!sf || hit.node.getSourceFile() !== sf) return { start: 0, end: 0 };
  return { start: hit.node.getStart(sf), end: hit.node.end };
}

/** The tree of a code file for the directive check, parsed only if a directive is there; none when it cannot be parsed. */
function codeTree(kind: FileKind, get: () => ts.SourceFile): ts.SourceFile | undefined {
  if (kind !== 'code') return undefined;
  try {
    return get();
  } catch {
    return undefined;
  }
}

function scrubEndpoint(endpoint: EndpointData): EndpointData {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(endpoint)) out[k] = typeof v === 'string' ? scrubSecrets(v) : v;
  return out as EndpointData;
}

/** The file could not be parsed: reported once per file, not once per rule. */
class ParseFailure extends Error {}

/** A rule's exception may quote the file (JSON.parse does): only its redacted form leaves the engine. */
function errorMessage(err: unknown): string {
  return redactFreeText(err instanceof Error ? err.message : String(err));
}

type Walker = { rule: Rule; handlers: Map<ts.SyntaxKind, (node: ts.Node) => void>; onEnd?: () => void };

/**
 * One depth-first walk serves every rule: a rule that throws is dropped for the rest of the file.
 * A budget stop ({@link BudgetExceeded}, thrown from inside a rule's evaluation) ends the walk.
 */
function walk(sourceFile: ts.SourceFile, walkers: Walker[], ruleError: (rule: Rule, err: unknown) => void, pastDeadline: () => boolean): void {
  const byKind = new Map<ts.SyntaxKind, { walker: Walker; fn: (node: ts.Node) => void }[]>();
  for (const w of walkers) {
    for (const [kind, fn] of w.handlers) {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push({ walker: w, fn });
    }
  }
  const dead = new Set<Walker>();
  // Iterative pre-order walk: a 5,000-term `a + b + …` chain is a tree that deep, and recursion
  // would overflow the stack where the (iterative) parser did not.
  const stack: ts.Node[] = [sourceFile];
  const push = (child: ts.Node): undefined => {
    stack.push(child);
    return undefined;
  };
  let count = 0;
  let stopped = false;
  while (stack.length > 0) {
    // The clock is read every 1,024 nodes: cheap, and a stop still comes within a few ms.
    if ((++count & 1023) === 0 && pastDeadline()) {
      stopped = true;
      break;
    }
    const node = stack.pop() as ts.Node;
    const list = byKind.get(node.kind);
    if (list) {
      for (const { walker, fn } of list) {
        if (dead.has(walker)) continue;
        try {
          fn(node);
        } catch (err) {
          if (err instanceof BudgetExceeded) throw err;
          dead.add(walker);
          ruleError(walker.rule, err);
        }
      }
    }
    const mark = stack.length;
    ts.forEachChild(node, push);
    // Children were pushed first to last: reverse them so the first child is visited next.
    for (let i = mark, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i] as ts.Node;
      stack[i] = stack[j] as ts.Node;
      stack[j] = t;
    }
  }
  if (stopped) return;
  for (const w of walkers) {
    if (dead.has(w) || !w.onEnd) continue;
    try {
      w.onEnd();
    } catch (err) {
      if (err instanceof BudgetExceeded) throw err;
      ruleError(w.rule, err);
    }
  }
}

const RULE_ID_SHAPE = /^[a-z][a-z0-9-]{0,63}$/;
const shownId = (id: string): string => (RULE_ID_SHAPE.test(id) ? id : redact(id));

function applyDirectives(
  directives: readonly Directive[],
  findings: Finding[],
  lineIndex: () => LineIndex,
  reportDirective: (report: Report) => void,
): SuppressedFinding[] {
  if (directives.length === 0) return [];
  // Rule id → the reason given for it (a placeholder counts as none).
  const fileWide = new Map<string, string>();
  const byLine = new Map<number, Map<string, string>>();
  for (const d of directives) {
    if (d.ruleIds.length === 0) {
      reportDirective({ range: d.range, messageId: 'missingRule' });
      continue;
    }
    for (const id of d.ruleIds) {
      // The id is echoed only when it looks like one: a directive may sit next to a secret.
      if (!RULES_BY_ID.has(id)) reportDirective({ range: d.range, messageId: 'unknownRule', data: { rule: shownId(id) } });
    }
    // `-- reason` (the placeholder a quick fix once left) or `-- TODO` says nothing: no reason.
    const reason = isPlaceholderReason(d.reason) ? '' : d.reason;
    if (reason.length === 0) reportDirective({ range: d.range, messageId: 'missingReason', data: { rules: d.ruleIds.map(shownId).join(', ') } });
    if (d.kind === 'file') {
      for (const id of d.ruleIds) if (!fileWide.get(id)) fileWide.set(id, reason);
    } else {
      const target = lineIndex().position(d.offset).line + 1;
      const reasons = byLine.get(target) ?? new Map<string, string>();
      for (const id of d.ruleIds) if (!reasons.get(id)) reasons.set(id, reason);
      byLine.set(target, reasons);
    }
  }
  const suppressed: SuppressedFinding[] = [];
  for (let i = findings.length - 1; i >= 0; i--) {
    const f = findings[i];
    if (!f || f.ruleId === invalidSuppression.id) continue;
    const reason = byLine.get(f.start.line)?.get(f.ruleId) ?? fileWide.get(f.ruleId);
    if (reason === undefined) continue;
    findings.splice(i, 1);
    suppressed.push({ ...f, justification: scrubSecrets(reason) });
  }
  return suppressed.reverse();
}
