import * as assert from 'assert';
import * as ts from 'typescript';
import { analyseFile, parseCode } from '../../server/src/core/engine';
import { applyFix } from '../../server/src/core/fixes';
import { isConnectDescriptorPath } from '../../server/src/core/analysis/connect-descriptor';
import { connectTextUsage, mayHoldConnectCalls } from '../../server/src/core/project/connect-text';
import { fileKind } from '../../server/src/core/files';
import type { Finding } from '../../server/src/core/model';
import { assertShortTitle } from './fix-title';
import { assertShortMessage } from './message';
import type { Rule } from '../../server/src/core/rule';
import type { GuardConfig } from '../../server/src/core/config';
import { fileUsage, Project } from '../../server/src/core/project';
import { THREE_LO_CALLS } from '../../server/src/core/project/usage';

export interface ValidCase {
  /** Shown in the test title; defaults to the first line of code. */
  readonly name?: string;
  /** Workspace-relative path: decides the file kind and facts (test file, Forge). */
  readonly file: string;
  readonly code: string;
  /** Folders with a Forge manifest ('' = root). */
  readonly forgeRoots?: readonly string[];
  /** Custom UI folders (manifest `resources[].path`), workspace-relative. */
  readonly resourceRoots?: readonly string[];
  readonly config?: GuardConfig;
  /**
   * Other files of the workspace (path → text). Manifests among them and the case's own file make a
   * project: code files under a manifest's folder report their usage, so cross-file rules can run.
   */
  readonly files?: Readonly<Record<string, string>>;
}

export interface ExpectedError {
  readonly messageId: string;
  /** 1-based line of the finding's start. */
  readonly line?: number;
  /** Placeholder values the message must carry. */
  readonly data?: Readonly<Record<string, string>>;
  /** Related locations the finding must carry (each matched by line, and file/message when given). */
  readonly related?: readonly { readonly line: number; readonly file?: string; readonly message?: string }[];
}

export interface ExpectedFix {
  /** Which finding (index in `errors`) and which of its fixes; both default to 0. */
  readonly error?: number;
  readonly fix?: number;
  /** The analysed file after the fix. */
  readonly output: string;
  /** Other files the fix creates or edits (path → full expected text). */
  readonly files?: Readonly<Record<string, string>>;
  /** Whether the fix is marked safe (part of fix-all); checked when given. */
  readonly safe?: boolean;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedError[];
  /** Shorthand for `fixes: [{ output }]`. */
  readonly output?: string;
  readonly fixes?: readonly ExpectedFix[];
}

/** The project of a case: its manifests, and the usage of every code file of their apps. */
export function projectOf(files: ReadonlyMap<string, string>): Project | undefined {
  const project = new Project();
  for (const [p, text] of files) if (fileKind(p) === 'manifest') project.setManifest(p, text);
  for (const p of files.keys()) if (isConnectDescriptorPath(p)) project.setDescriptor(p, true);
  let any = project.roots().length > 0;
  for (const [p, text] of files) {
    const connect = project.connectRootOf(p) !== undefined;
    // Connect apps' page templates: their inline scripts' AP.request calls.
    if (connect && fileKind(p) !== 'code' && mayHoldConnectCalls(p)) {
      project.setUsage(p, connectTextUsage(p, text));
      continue;
    }
    // Forge code, Connect code, and non-Forge code calling Atlassian with 3LO (for the scopes it asks for).
    if (fileKind(p) !== 'code' || (project.rootOf(p) === undefined && !connect && !THREE_LO_CALLS.test(text))) continue;
    project.setUsage(p, fileUsage(text, () => parseCode(p, text)));
    any = true;
  }
  return any ? project : undefined;
}

function run(rule: Rule, c: ValidCase): Finding[] {
  const all = new Map<string, string>([...Object.entries(c.files ?? {}), [c.file, c.code]]);
  const project = projectOf(all);
  const roots = new Set(c.forgeRoots ?? []);
  for (const r of project?.roots() ?? []) roots.add(r);
  const result = analyseFile(c.file, c.code, {
    rules: [rule],
    forgeRoots: roots,
    resourceRoots: new Set(c.resourceRoots ?? []),
    ...(c.config ? { config: c.config } : {}),
    ...(project ? { project } : {}),
    // Other code files are modules the case imports: served as the workspace (only then, as a reader
    // also changes what fixes see, e.g. whether the project is TypeScript).
    ...(Object.keys(c.files ?? {}).some((p) => fileKind(p) === 'code') ? { readFile: (p: string) => all.get(p) } : {}),
  });
  assert.deepStrictEqual(result.failures, [], `rule threw: ${JSON.stringify(result.failures)}`);
  return result.findings.filter((f) => f.ruleId === rule.id);
}

function parseErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  const d: unknown = Reflect.get(sf, 'parseDiagnostics');
  return Array.isArray(d) ? (d as ts.DiagnosticWithLocation[]) : [];
}

function title(c: ValidCase): string {
  return c.name ?? `${c.file}: ${c.code.trim().split('\n')[0]?.slice(0, 80) ?? ''}`;
}

/**
 * ESLint-style table runner. Fails when a message id is unknown or never exercised, a fix has no
 * expected output, an output equals its input, a case is duplicated, or a fixed file still has the
 * finding or no longer parses.
 */
export function runRuleTests(rule: Rule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  describe(rule.id, () => {
    it('has unique cases and exercises every message id', () => {
      const keys = [...cases.valid, ...cases.invalid].map((c) => `${c.file}\n${c.code}\n${JSON.stringify(c.files ?? {})}`);
      const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
      assert.deepStrictEqual(dupes, [], 'duplicated cases');
      const used = new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
      for (const id of used) assert.ok(id in rule.meta.messages, `unknown messageId ${id}`);
      for (const id of Object.keys(rule.meta.messages)) assert.ok(used.has(id), `messageId ${id} never exercised`);
    });

    describe('valid', () => {
      for (const c of cases.valid) {
        it(title(c), () => {
          const found = run(rule, c);
          assert.deepStrictEqual(found.map((f) => `${f.start.line}: ${f.message}`), [], 'expected no findings');
        });
      }
    });

    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          const found = run(rule, c);
          assert.strictEqual(
            found.length,
            c.errors.length,
            `expected ${c.errors.length} finding(s), got ${found.length}:\n${found.map((f) => `  ${f.start.line}: ${f.message}`).join('\n')}`,
          );
          c.errors.forEach((e, i) => {
            const f = found[i] as Finding;
            assert.strictEqual(f.messageId, e.messageId, `finding ${i} messageId`);
            if (e.line !== undefined) assert.strictEqual(f.start.line, e.line, `finding ${i} line`);
            assertShortMessage(f);
            // What differs is in the message; the credential's name, the full URL, the fix in the detail.
            for (const [k, v] of Object.entries(e.data ?? {})) {
              assert.ok(f.message.includes(v) || f.detail.includes(v), `finding ${i}: message or detail should contain ${k}=${v}: ${f.message} / ${f.detail}`);
            }
            for (const want of e.related ?? []) {
              const file = want.file ?? c.file;
              const got = (f.related ?? []).map((r) => `${r.file}:${r.start.line} ${r.message}`);
              assert.ok(
                (f.related ?? []).some((r) => r.file === file && r.start.line === want.line && (want.message === undefined || r.message.includes(want.message))),
                `finding ${i}: expected a related location at ${file}:${want.line}${want.message ? ` (${want.message})` : ''}; got ${JSON.stringify(got)}`,
              );
            }
          });
          // Every fix marked safe, in every table: never more privilege than the file had (SPEC §4).
          for (const f of found) {
            for (const fix of f.fixes) assertShortTitle(fix.title);
            for (const fix of f.fixes.filter((x) => x.safe)) {
              const before = new Map<string, string>([[c.file, c.code], ...Object.entries(c.files ?? {})]);
              assertGrantsNoMore(before, applyFix(before, c.file, fix), fix.title);
            }
          }
          const expected = c.fixes ?? (c.output !== undefined ? [{ output: c.output }] : []);
          const offered = found.filter((f) => f.fixes.length > 0);
          if (offered.length > 0) assert.ok(expected.length > 0, `fixes offered (${offered[0]?.fixes[0]?.title}) but no expected output`);
          for (const x of expected) {
            const finding = found[x.error ?? 0];
            assert.ok(finding, `no finding #${x.error ?? 0} to fix`);
            const fix = finding.fixes[x.fix ?? 0];
            assert.ok(fix, `finding #${x.error ?? 0} has no fix #${x.fix ?? 0}`);
            // A cross-file fix (a code finding fixed in manifest.yml) may leave the analysed file as it was.
            if (!x.files) assert.notStrictEqual(x.output, c.code, 'expected output equals the input');
            const before = new Map<string, string>([[c.file, c.code], ...Object.entries(c.files ?? {})]);
            const after = applyFix(before, c.file, fix);
            assert.strictEqual(after.get(c.file), x.output, `output of fix "${fix.title}"`);
            if (x.safe !== undefined) assert.strictEqual(fix.safe, x.safe, `fix "${fix.title}" safe`);
            for (const [p, text] of Object.entries(x.files ?? {})) assert.strictEqual(after.get(p), text, `fixed ${p}`);
            const fixedText = after.get(c.file) ?? '';
            if (fileKind(c.file) === 'code') {
              const errs = parseErrors(parseCode(c.file, fixedText));
              assert.deepStrictEqual(errs.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'fixed file must parse');
            }
            const others = Object.fromEntries([...after].filter(([p]) => p !== c.file));
            const again = run(rule, { ...c, code: fixedText, files: others });
            assert.ok(
              again.length < found.length,
              `the fixed finding is still reported: ${again.map((f) => f.message).join('; ')}`,
            );
          }
        });
      }
    });
  });
}

/** Scope-like words of a text (`read:jira-work`, `write:confluence-props`), URL-decoded. */
function scopeWords(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const decoded = text.replace(/%3A/gi, ':').replace(/%20|\+/g, ' ');
  for (const token of decoded.split(/[\s'"`,&=?[\]{}()|;<>]+/)) {
    const w = token.replace(/^[-*]+/, '').toLowerCase();
    // URLs (also URL-encoded ones) are not scopes; `http:` → `https:` is judged below.
    if (!/^[a-z][\w-]*:[^/]*$/.test(w) || /^https?:|%2f/.test(w) || w.length > 120) continue;
    out.set(w, (out.get(w) ?? 0) + 1);
  }
  return out;
}

/**
 * A safe fix never grants more than the files had: every scope-like word it adds replaces one it
 * removes with the same action (`read:jira-wrok` → `read:jira-work`), and it never turns `https` into
 * `http`.
 */
export function assertGrantsNoMore(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, title: string): void {
  for (const [p, text] of after) {
    const old = before.get(p) ?? '';
    const was = scopeWords(old);
    const now = scopeWords(text);
    const added = [...now].filter(([w, n]) => n > (was.get(w) ?? 0)).map(([w]) => w);
    const removedActions = new Set([...was].filter(([w, n]) => n > (now.get(w) ?? 0)).map(([w]) => w.slice(0, w.indexOf(':'))));
    for (const w of added) {
      assert.ok(removedActions.has(w.slice(0, w.indexOf(':'))), `safe fix "${title}" adds ${w} to ${p}, granting more than before`);
    }
    const http = (t: string): number => (t.match(/http:\/\//g) ?? []).length;
    assert.ok(http(text) <= http(old), `safe fix "${title}" adds plain http to ${p}`);
  }
}
