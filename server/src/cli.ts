import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, isSeveritySetting, mergeConfig, type GuardConfig } from './core/config';
import type { Finding, SeveritySetting } from './core/model';
import { RULES_BY_ID } from './core/rules';
import { formatReport, sourceLineReader } from './core/report';
import { BaselineError, createBaseline, formatBaseline, loadBaselineFile, matchBaseline, type Baseline } from './core/report/baseline';
import { formatRules, type RulesFormat } from './core/report/rules';
import { countBySeverity } from './core/report/shared';
import { scrubSecrets, shownValue } from './core/redact';
import { escapeTerminal } from './core/report/escape';
import { REPORT_FORMATS, type BaselineReport, type ReportFormat } from './core/report/types';
import { loadConfigFile, type AuditResult } from './core/workspace';
import { auditParallel, threadsSetting } from './parallel/audit';
import { version } from '../../package.json';

const USAGE = `Usage:
  marketplace-guard audit [paths…] [--format text|json|sarif|markdown|gitlab|junit] [--output FILE]
                          [--config FILE] [--rule ID=SEVERITY]… [--max-warnings N] [--verbose]
                          [--baseline FILE | --write-baseline FILE]
  marketplace-guard rules [--format text|json|markdown]

Formats: text (default), json, sarif (GitHub code scanning), markdown (API-token migration report),
gitlab (GitLab Code Quality), junit (JUnit XML: Bitbucket Pipelines, GitLab, Jenkins test reports).

--write-baseline FILE records the current findings as accepted; --baseline FILE then reports only new
findings (a "baseline" path in .marketplace-guard.json does the same when neither flag is given).

Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings over the bar, 2 bad usage or a crash.
With a baseline, only new findings count.`;

class UsageError extends Error {}

/**
 * Every line the CLI writes to stderr: secrets redacted and control characters escaped, because it
 * quotes paths and names from the audited workspace (a file name can hold `ESC[2J` or a token).
 */
function say(line: string): void {
  process.stderr.write(`${escapeTerminal(scrubSecrets(line))}\n`);
}

export interface AuditArgs {
  readonly paths: string[];
  readonly format: ReportFormat;
  readonly output?: string;
  readonly config?: string;
  readonly rules: Record<string, SeveritySetting>;
  readonly maxWarnings?: number;
  readonly verbose: boolean;
  /** Report only findings this baseline file does not hold. */
  readonly baseline?: string;
  /** Write the current findings to this baseline file (then report against it). */
  readonly writeBaseline?: string;
}

function takeValue(argv: string[], i: number, flag: string): string {
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return v;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

export function parseAuditArgs(argv: string[]): AuditArgs {
  const paths: string[] = [];
  let format: ReportFormat = 'text';
  let output: string | undefined;
  let config: string | undefined;
  const rules: Record<string, SeveritySetting> = {};
  let maxWarnings: number | undefined;
  let verbose = false;
  let baseline: string | undefined;
  let writeBaseline: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] ?? '');
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = takeValue(argv, i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case '--format': {
        const f = value();
        if (!(REPORT_FORMATS as readonly string[]).includes(f)) throw new UsageError(`unknown format "${shownValue(f)}" (use ${REPORT_FORMATS.join(', ')})`);
        format = f as ReportFormat;
        break;
      }
      case '--output':
      case '-o':
        output = value();
        break;
      case '--config':
        config = value();
        break;
      case '--rule': {
        const spec = value();
        const eq = spec.lastIndexOf('=');
        const id = spec.slice(0, eq);
        const sev = spec.slice(eq + 1);
        // A value pasted into the wrong flag may be a secret: only a word-like id or severity is echoed.
        if (eq <= 0 || !RULES_BY_ID.has(id)) throw new UsageError(`--rule: unknown rule "${shownValue(eq > 0 ? id : spec)}" (see \`marketplace-guard rules\`)`);
        if (!isSeveritySetting(sev)) throw new UsageError(`--rule ${id}: severity must be off, info, warning or error, not "${shownValue(sev)}"`);
        rules[id] = sev;
        break;
      }
      case '--max-warnings': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--max-warnings takes a whole number ≥ 0');
        maxWarnings = n;
        break;
      }
      case '--baseline':
        baseline = value();
        break;
      case '--write-baseline':
        writeBaseline = value();
        break;
      case '--verbose':
      case '-v':
        verbose = true;
        break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${shownValue(flag)}`);
        paths.push(flag);
    }
  }
  if (baseline !== undefined && writeBaseline !== undefined) throw new UsageError('use --baseline or --write-baseline, not both');
  return {
    paths,
    format,
    rules,
    verbose,
    ...(baseline !== undefined ? { baseline } : {}),
    ...(writeBaseline !== undefined ? { writeBaseline } : {}),
    ...(output ? { output } : {}),
    ...(config ? { config } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
  };
}

async function runAudit(args: AuditArgs): Promise<number> {
  const targets = args.paths.length > 0 ? args.paths : ['.'];
  for (const t of targets) {
    if (!fs.existsSync(t)) throw new UsageError(`cannot read ${t}: no such file or folder`);
    // An unreadable root would otherwise audit nothing and pass.
    try {
      fs.accessSync(t, fs.constants.R_OK);
    } catch {
      throw new UsageError(`cannot read ${t}: permission denied`);
    }
  }
  // One root: the common folder of the targets, so paths in reports are relative to it.
  const root = targets.length === 1 ? (targets[0] as string) : commonFolder(targets);
  const rootDir = fs.statSync(root).isDirectory() ? root : path.dirname(root);
  // A bad value in the config file is named (redacted) and skipped; the rest of the file applies.
  const fileConfig = loadConfigFile(rootDir, args.config, (problem) => say(`marketplace-guard: ${problem}`));
  const config: GuardConfig = mergeConfig(fileConfig, { rules: args.rules });
  const choice = chooseBaseline(args, fileConfig.baseline, args.config !== undefined ? path.dirname(path.resolve(args.config)) : rootDir);
  const only = targets.length === 1 ? undefined : targets.map((t) => path.relative(root, t));
  const result = await auditParallel(root, config, only, { workerScript: path.join(__dirname, 'audit-worker.js'), ...threadsSetting() });
  const baseline = applyBaseline(choice, result);
  const findings = baseline ? [...baseline.fresh] : result.findings;
  const color = !args.output && args.format === 'text' && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const input = { ...result, findings, version, ...(baseline ? { baseline: baseline.report } : {}) };
  const out = formatReport(args.format, input, { color, verbose: args.verbose });
  if (args.output) {
    fs.mkdirSync(path.dirname(path.resolve(args.output)), { recursive: true });
    fs.writeFileSync(args.output, out);
    say(`Wrote ${args.format} report to ${args.output} (${findings.length} ${baseline ? 'new ' : ''}findings).`);
  } else {
    process.stdout.write(out);
  }
  if (args.verbose && args.format !== 'text') {
    for (const s of result.skipped) say(`skipped ${s.path}: ${s.reason}`);
  }
  for (const f of result.failures) {
    // `parser` and `budget` are not rules: the line says what happened to the file instead.
    const what = RULES_BY_ID.has(f.ruleId) ? `rule ${f.ruleId} failed on ${f.path}` : `${f.path} (${f.ruleId})`;
    say(`warning: ${what}: ${f.message}`);
  }
  // With a baseline, only new findings decide the exit code.
  const { error: errors, warning: warnings } = countBySeverity(findings);
  if (errors > 0) return 1;
  if (args.maxWarnings !== undefined && warnings > args.maxWarnings) {
    say(`${warnings} warnings exceed --max-warnings ${args.maxWarnings}.`);
    return 1;
  }
  return 0;
}

/** The baseline an audit compares with: read before the audit, so a bad file fails fast (exit 2). */
type BaselineChoice = { readonly write: string } | { readonly file: string; readonly baseline: Baseline } | undefined;

/**
 * `--write-baseline FILE`, or `--baseline FILE`, or a `baseline` path in the config file (relative to
 * its folder). A baseline that cannot be read is a BaselineError (exit 2): never "everything is new".
 */
function chooseBaseline(args: AuditArgs, configured: string | undefined, configDir: string): BaselineChoice {
  if (args.writeBaseline !== undefined) return { write: args.writeBaseline };
  const file = args.baseline ?? (configured !== undefined ? path.join(configDir, configured) : undefined);
  return file === undefined ? undefined : { file, baseline: loadBaselineFile(file) };
}

/**
 * Writes the findings as a baseline and reports against it (nothing new), or splits them into new and
 * baseline ones.
 */
function applyBaseline(choice: BaselineChoice, result: AuditResult): { fresh: readonly Finding[]; report: BaselineReport } | undefined {
  if (choice === undefined) return undefined;
  const lineText = sourceLineReader(result.root);
  if ('write' in choice) {
    const file = choice.write;
    const baseline = createBaseline(result.findings, lineText);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, formatBaseline(baseline));
    say(`Wrote baseline ${file} (${result.findings.length} findings, ${baseline.entries.length} entries).`);
    return { fresh: [], report: { file, matched: result.findings, gone: 0 } };
  }
  const fileExists = (file: string): boolean => fs.existsSync(path.join(result.root, file));
  const match = matchBaseline(result.findings, choice.baseline, { lineText, fileExists });
  return { fresh: match.fresh, report: { file: choice.file, matched: match.matched, gone: match.gone } };
}

function commonFolder(paths: string[]): string {
  const parts = paths.map((p) => path.resolve(p).split(path.sep));
  const first = parts[0] ?? [];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) n++;
  const common = first.slice(0, n).join(path.sep) || path.sep;
  return fs.existsSync(common) && fs.statSync(common).isFile() ? path.dirname(common) : common;
}

function runRules(argv: string[]): number {
  let format: RulesFormat = 'text';
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] ?? '');
    if (flag === '--format') {
      const f = inline ?? takeValue(argv, i++, flag);
      if (f !== 'text' && f !== 'json' && f !== 'markdown') throw new UsageError(`unknown format "${shownValue(f)}" for rules (use text, json, markdown)`);
      format = f;
    } else throw new UsageError(`unknown argument ${shownValue(flag)}`);
  }
  process.stdout.write(formatRules(format));
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'audit':
        return await runAudit(parseAuditArgs(rest));
      case 'rules':
        return runRules(rest);
      case '--version':
      case '-V':
        process.stdout.write(`${version}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${shownValue(command)}"`);
    }
  } catch (err) {
    // SPEC §5: one clear line on stderr, so CI logs show the cause without a stack.
    if (err instanceof UsageError) {
      const hint = err.message.includes('`marketplace-guard') ? '' : ' (see `marketplace-guard --help`)';
      say(`marketplace-guard: ${err.message}${hint}`);
    } else if (err instanceof ConfigError || err instanceof BaselineError) {
      say(`marketplace-guard: ${err.message}`);
    } else {
      const msg = err instanceof Error ? err.message : String(err);
      say(`marketplace-guard: ${msg}`);
    }
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
