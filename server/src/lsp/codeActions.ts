import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic,
  type SnippetTextEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeEnvDeclarations, resolveEnvDeclarations } from '../core/env-declarations';
import { applyEdits } from '../core/fixes';
import type { FileKind, Finding, Fix, TextEdit } from '../core/model';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND, SHOW_FIX_NOTE_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../protocol';
import { isDiagnosticData } from './diagnostics';
import type { Located } from './folders';

/** What the client can apply (from its initialize capabilities). */
export interface EditCapabilities {
  readonly documentChanges: boolean;
  readonly createFiles: boolean;
  readonly snippets: boolean;
}

/** Another file a fix touches: its URI, its current text (undefined when absent) and open version. */
export interface ResolvedFile {
  readonly uri: string;
  readonly text: string | undefined;
  readonly version: number | null;
}

export interface ActionTarget {
  readonly doc: TextDocument;
  readonly located: Located;
  readonly languageId: string;
  readonly caps: EditCapabilities;
  /** Resolves a folder-relative path named by a fix. */
  resolve(relPath: string): ResolvedFile | undefined;
}

type DocumentChange = TextDocumentEdit | CreateFile;

/**
 * Converts a fix (offset edits, possibly in other files, plus files to create) into a WorkspaceEdit;
 * undefined when it cannot be applied as computed (a file vanished, offsets beyond the text, or the
 * client cannot create files).
 */
export function fixToWorkspaceEdit(declared: Fix, target: ActionTarget): WorkspaceEdit | undefined {
  const self = target.located.relPath;
  const fix = resolveEnvDeclarations(declared, (rel) => (rel === self ? target.doc.getText() : target.resolve(rel)?.text));
  if (!fix) return undefined;
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const rel = e.file === undefined || e.file === self ? '' : e.file;
    const list = byFile.get(rel) ?? [];
    list.push({ ...e, file: rel });
    byFile.set(rel, list);
  }
  const changes: DocumentChange[] = [];
  const created = new Set<string>();
  for (const [rel, content] of Object.entries(fix.createFiles ?? {})) {
    const file = target.resolve(rel);
    if (!file) return undefined;
    if (file.text !== undefined) continue; // already there: its edits apply like any other file's
    if (!target.caps.createFiles || !target.caps.documentChanges) return undefined;
    const text = applyEdits(content, byFile.get(rel) ?? [], rel);
    changes.push(CreateFile.create(file.uri, { ignoreIfExists: true }));
    changes.push(TextDocumentEdit.create({ uri: file.uri, version: null }, [{ range: at(0, 0), newText: text }]));
    created.add(rel);
  }
  for (const [rel, edits] of byFile) {
    if (created.has(rel)) continue;
    let doc: TextDocument;
    let version: number | null;
    if (rel === '') {
      doc = target.doc;
      version = target.doc.version;
    } else {
      const file = target.resolve(rel);
      if (!file || file.text === undefined) return undefined;
      doc = TextDocument.create(file.uri, 'plaintext', 0, file.text);
      version = file.version;
    }
    const length = doc.getText().length;
    if (edits.some((e) => e.range.end > length)) return undefined;
    const lsp = edits.map((e) => ({ range: { start: doc.positionAt(e.range.start), end: doc.positionAt(e.range.end) }, newText: e.newText }));
    changes.push(TextDocumentEdit.create({ uri: doc.uri, version }, lsp));
  }
  return toWorkspaceEdit(changes, target.caps);
}

function at(line: number, character: number): LspTextEdit['range'] {
  return { start: { line, character }, end: { line, character } };
}

export function toWorkspaceEdit(changes: DocumentChange[], caps: EditCapabilities): WorkspaceEdit {
  if (caps.documentChanges) return { documentChanges: changes };
  const out: Record<string, LspTextEdit[]> = {};
  for (const c of changes) {
    if (!TextDocumentEdit.is(c)) continue;
    out[c.textDocument.uri] = [...(out[c.textDocument.uri] ?? []), ...c.edits.map(plain)];
  }
  return { changes: out };
}

function plain(edit: LspTextEdit | SnippetTextEdit): LspTextEdit {
  return 'snippet' in edit ? { range: edit.range, newText: edit.snippet.value } : edit;
}

/** Comment delimiters for a suppression directive; undefined where the format has no comments. */
function commentSyntax(kind: FileKind | undefined, languageId: string): readonly [string, string] | undefined {
  switch (kind) {
    case 'code':
      return ['//', ''];
    case 'manifest':
    case 'yaml':
    case 'env':
      return ['#', ''];
    case 'markdown':
      return ['<!--', ' -->'];
    case 'json':
      return languageId === 'jsonc' ? ['//', ''] : undefined;
    case 'text':
      return textCommentSyntax(languageId);
    default:
      return undefined;
  }
}

/** Text files scanned for tokens (SPEC §2): the comment of their language, when it has one the directive parser reads. */
function textCommentSyntax(languageId: string): readonly [string, string] | undefined {
  if (/^(?:html|xml|vue|svelte|handlebars|xsl)$/.test(languageId)) return ['<!--', ' -->'];
  if (/^(?:properties|ini|toml|shellscript|python|dockerfile|ruby|perl|r|makefile|powershell|coffeescript|yaml)$/.test(languageId)) return ['#', ''];
  if (/^(?:java|kotlin|go|rust|csharp|php|c|cpp|groovy|scala|swift|dart|jsonc|json5)$/.test(languageId)) return ['//', ''];
  return undefined;
}

const DIRECTIVE_LINE = /^([ \t]*)(\/\/|#|<!--)[ \t]*marketplace-guard-disable-next-line\b(.*?)(?:[ \t]*-->)?[ \t]*$/;
const REASON_HINT = 'reason';

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

/**
 * The edit behind "Suppress <rule> with a reason": a directive above the finding's line, indented
 * like it. When the line above already is a next-line directive, the rule joins it (a second
 * directive would make the first one target the new comment instead of the code). With `given`
 * (the reason the user typed) the edit is plain text; without it, a placeholder the user overtypes.
 */
export function suppressionEdit(target: ActionTarget, line: number, ruleId: string, given?: string): LspTextEdit | SnippetTextEdit | undefined {
  const syntax = commentSyntax(target.located.kind, target.languageId);
  if (!syntax) return undefined;
  const [open, close] = syntax;
  const text = target.doc.getText();
  const lineText = (n: number): string =>
    text.slice(target.doc.offsetAt({ line: n, character: 0 }), target.doc.offsetAt({ line: n + 1, character: 0 })).replace(/\r?\n$/, '');
  const snippet = given === undefined && target.caps.snippets;
  const reason = given !== undefined ? given.trim() : snippet ? `\${1:${REASON_HINT}}` : REASON_HINT;
  const esc = (s: string): string => (snippet ? escapeSnippet(s) : s);
  const above = line > 0 ? DIRECTIVE_LINE.exec(lineText(line - 1)) : null;
  let range: LspTextEdit['range'];
  let newText: string;
  if (above) {
    const [, indent = '', opener = open, rest = ''] = above;
    const sep = rest.indexOf('--');
    const ids = (sep < 0 ? rest : rest.slice(0, sep)).trim();
    const oldReason = sep < 0 ? '' : rest.slice(sep + 2).trim();
    const closer = opener === '<!--' ? ' -->' : '';
    range = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: lineText(line - 1).length } };
    const head = `${indent}${opener} marketplace-guard-disable-next-line ${ids ? `${ids}, ` : ''}${ruleId} -- `;
    newText = `${esc(head)}${oldReason ? `${esc(oldReason)}; ` : ''}${reason}${esc(closer)}`;
  } else {
    const indent = /^[ \t]*/.exec(lineText(line))?.[0] ?? '';
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    range = at(line, 0);
    newText = `${esc(`${indent}${open} marketplace-guard-disable-next-line ${ruleId} -- `)}${reason}${esc(close)}${eol}`;
  }
  return snippet ? { range, snippet: { kind: 'snippet', value: newText } } : { range, newText };
}

/** A finding's fixes as code actions on the target's current text (those that still apply). */
export function fixActions(diagnostic: Diagnostic, fixes: readonly Fix[], target: ActionTarget): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const fix of fixes) {
    const edit = fixToWorkspaceEdit(fix, target);
    if (!edit) continue;
    actions.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.safe,
      edit,
      ...(fix.note ? { command: { title: 'Show note', command: SHOW_FIX_NOTE_COMMAND, arguments: [fix.note] } } : {}),
    });
  }
  return actions;
}

/** Quick fixes for the Marketplace Guard diagnostics the client sent: each fix, suppress, docs. */
export function quickFixes(diagnostics: readonly Diagnostic[], target: ActionTarget): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isDiagnosticData(diagnostic.data)) continue;
    const data = diagnostic.data;
    if (data.kind !== 'finding') continue;
    // Offsets belong to the analysed text: a newer version gets its own diagnostics shortly.
    if (data.version === target.doc.version) actions.push(...fixActions(diagnostic, data.fixes, target));
    const suppress = suppressionEdit(target, diagnostic.range.start.line, data.ruleId);
    if (suppress) {
      const change = TextDocumentEdit.create({ uri: target.doc.uri, version: target.doc.version }, [suppress]);
      actions.push({
        title: `Suppress ${data.ruleId} with a reason`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit([change], target.caps),
      });
    }
    actions.push({
      title: `Show documentation for ${data.ruleId}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${data.ruleId}`, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [data.ruleId] },
    });
  }
  return actions;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.range.start === b.range.start || (a.range.start < b.range.end && b.range.start < a.range.end);
}

interface Combined {
  readonly fix: Fix;
  /** Fixes left out because they overlap one already chosen. */
  readonly skipped: number;
  readonly count: number;
}

/** Several fixes as one, skipping any whose edits overlap a fix already chosen (or disagree on a created file). */
function combine(fixes: readonly Fix[], self: string, title: string, safe: boolean): Combined {
  const chosen: TextEdit[] = [];
  const createFiles: Record<string, string> = {};
  const declared: Fix[] = [];
  let skipped = 0;
  for (const fix of fixes) {
    const edits = fix.edits.map((e) => ({ ...e, file: e.file ?? self }));
    const clash =
      edits.some((e) => chosen.some((c) => c.file === e.file && overlaps(c, e))) ||
      // Two fixes may create the same file (a `.env.example` each declares a name in) if they agree on its text.
      Object.entries(fix.createFiles ?? {}).some(([f, text]) => f in createFiles && createFiles[f] !== text);
    if (clash) {
      skipped++;
      continue;
    }
    chosen.push(...edits);
    Object.assign(createFiles, fix.createFiles ?? {});
    declared.push(fix);
  }
  const envDeclarations = mergeEnvDeclarations(declared.map((f) => f.envDeclarations));
  return { fix: { title, safe, edits: chosen, createFiles, envDeclarations }, skipped, count: declared.length };
}

/** The safe fixes of some findings as one edit, and what it leaves out. */
export interface SafeFixes {
  /** Absent when no safe fix applies to the current text. */
  readonly edit: WorkspaceEdit | undefined;
  /** Findings the edit fixes. */
  readonly fixed: number;
  /** Findings whose safe fix overlaps one already chosen. */
  readonly skipped: number;
  /** Findings with fixes, none of them safe: never applied by a fix-all. */
  readonly unsafe: number;
  readonly notes: readonly string[];
}

/** Every safe fix of the findings that does not collide with another, as one edit on the target's text. */
export function safeFixes(findings: readonly Finding[], target: ActionTarget): SafeFixes {
  const safe = findings.flatMap((f) => f.fixes.find((x) => x.safe) ?? []);
  const unsafe = findings.filter((f) => f.fixes.length > 0 && !f.fixes.some((x) => x.safe)).length;
  const { fix, skipped, count } = combine(safe, target.located.relPath, 'Fix all', true);
  const notes = [...new Set(safe.flatMap((f) => f.note ?? []))];
  if (fix.edits.length === 0 && (fix.envDeclarations ?? []).length === 0) return { edit: undefined, fixed: 0, skipped, unsafe, notes: [] };
  const edit = fixToWorkspaceEdit(fix, target);
  return edit ? { edit, fixed: count, skipped, unsafe, notes } : { edit: undefined, fixed: 0, skipped: skipped + count, unsafe, notes: [] };
}

/** `source.fixAll.marketplaceGuard`: every safe fix of the file that does not collide with another. */
export function fixAllAction(findings: readonly Finding[], target: ActionTarget): CodeAction | undefined {
  const { edit } = safeFixes(findings, target);
  return edit ? { title: 'Fix all safe Marketplace Guard problems', kind: FIX_ALL_KIND, edit } : undefined;
}

/**
 * "Fix all <rule> problems in this file" for each rule of the diagnostics at the cursor: offered when
 * the file has two or more findings of that rule with a fix and their first fixes can all be applied
 * together (no edit overlaps another), so the one action does exactly what the single fixes would.
 */
export function fixAllOfKindActions(atCursor: readonly Diagnostic[], findings: readonly Finding[], target: ActionTarget): CodeAction[] {
  const ruleIds = new Set<string>();
  for (const d of atCursor) {
    if (d.source === DIAGNOSTIC_SOURCE && isDiagnosticData(d.data) && d.data.kind === 'finding' && d.data.fixes.length > 0) ruleIds.add(d.data.ruleId);
  }
  const actions: CodeAction[] = [];
  for (const ruleId of ruleIds) {
    const fixes = findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fixes[0] ?? []);
    if (fixes.length < 2) continue;
    const title = fixAllTitle(ruleId);
    const combined = combine(fixes, target.located.relPath, title, fixes.every((f) => f.safe));
    if (combined.skipped > 0) continue;
    const edit = fixToWorkspaceEdit(combined.fix, target);
    if (!edit) continue;
    const notes = [...new Set(fixes.flatMap((f) => f.note ?? []))];
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: atCursor.filter((d) => isDiagnosticData(d.data) && d.data.kind === 'finding' && d.data.ruleId === ruleId),
      edit,
      ...(notes.length > 0 ? { command: { title: 'Show note', command: SHOW_FIX_NOTE_COMMAND, arguments: [notes.join(' ')] } } : {}),
    });
  }
  return actions;
}

/** The lightbulb's fix-all title for one rule, e.g. "Fix all no-unused-scope problems in this file". */
export function fixAllTitle(ruleId: string): string {
  return `Fix all ${ruleId} problems in this file`;
}
