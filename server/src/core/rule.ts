import type * as ts from 'typescript';
import type { Document } from 'yaml';
import type { FileKind, Report, RuleMeta } from './model';
import type { FileFacts } from './facts';
import type { GuardConfig } from './config';
import type { ProjectView } from './project';

/** Handlers by syntax kind, called during the engine's single walk of a code file's AST. */
export type Visitors = { readonly [K in ts.SyntaxKind]?: (node: ts.Node) => void } & {
  /** Called once after the walk, for rules that collect first and decide at the end. */
  readonly onEnd?: () => void;
};

export interface RuleContext {
  /** Workspace-relative path, forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly kind: FileKind;
  /** Facts about the file that several rules share (Forge, test, front end). */
  readonly facts: FileFacts;
  /** The settings in force (e.g. `ownedDomains` for the redirect rules). */
  readonly config: GuardConfig;
  /** The parsed TypeScript/JavaScript source (code files only). */
  sourceFile(): ts.SourceFile;
  /** The parsed YAML document (manifest and YAML files only). */
  yaml(): Document.Parsed;
  /** Another workspace file's text, when the caller can read files (see `AnalyseOptions.readFile`). */
  readFile?(path: string): string | undefined;
  report(report: Report): void;
  /** The rest of the workspace (Forge apps, their manifests and code usage), for cross-file rules. */
  readonly project?: ProjectView;
}

export interface Rule {
  /** Equals the rule's file name and its `docs/rules/<id>.md`. */
  readonly id: string;
  /** File kinds the rule reads. */
  readonly kinds: readonly FileKind[];
  readonly meta: RuleMeta;
  /**
   * A cheap test on the raw text: when it fails, the rule is skipped for the file, and a code file
   * no rule wants is never parsed. Must be a superset of what the rule can report.
   */
  readonly prefilter?: RegExp;
  /** Text-level check, for any file kind. */
  check?(ctx: RuleContext): void;
  /** AST visitors for code files; the engine walks once for all rules. */
  create?(ctx: RuleContext): Visitors;
}

/** Identity helper that gives rule modules their type. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
