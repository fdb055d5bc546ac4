import type { Finding, SuppressedFinding } from '../model';
import { escapeTerminal } from './escape';
import { redactedInput } from './redacted';
import { compareFindings } from './shared';
import type { ReportInput } from './types';

const XML_ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Code points XML 1.0 forbids even as character references, left after {@link escapeTerminal}: lone surrogates, U+FFFE, U+FFFF. */
const NOT_XML = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/**
 * One line of text for an XML attribute or element: control characters shown escaped (`\x1b`, `\n`,
 * `\u202e`, as in the terminal), code points XML cannot hold shown as `\uXXXX`, and the five markup
 * characters as entities. A file name or message cannot close an element, inject one, or make the
 * document ill-formed.
 */
export function xmlText(text: string): string {
  return escapeTerminal(text)
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[&<>"']/g, (c) => XML_ENTITY[c] ?? c);
}

function attrs(values: Readonly<Record<string, string | number>>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? v : xmlText(v)}"`)
    .join('');
}

function where(f: Finding): string {
  return `${f.file}:${f.start.line}:${f.start.column}`;
}

/** The failure's body: what a CI test view shows when the test case is opened. */
function failureBody(f: Finding): string {
  const lines = [`${f.severity} ${f.ruleId} at ${where(f)}`, f.message, `Marketplace security policy: ${f.policy}`];
  for (const r of f.related ?? []) lines.push(`Related: ${r.file}:${r.start.line}:${r.start.column} ${r.message}`);
  return lines.map(xmlText).join('\n');
}

function testcase(f: Finding | SuppressedFinding): string {
  const head = `    <testcase${attrs({ classname: f.ruleId, name: where(f), file: f.file, line: f.start.line, time: 0 })}>`;
  if ('justification' in f) {
    const reason = f.justification ? `suppressed: ${f.justification}` : 'suppressed without a reason';
    return `${head}\n      <skipped${attrs({ message: reason })}/>\n    </testcase>`;
  }
  return `${head}\n      <failure${attrs({ message: f.message, type: f.severity })}>${failureBody(f)}</failure>\n    </testcase>`;
}

/**
 * JUnit XML (Bitbucket Pipelines test reports, GitLab `reports: junit`, Jenkins, Azure): one test suite
 * per rule with findings, one failing test case per finding (`type` is its severity), suppressed findings
 * as skipped test cases. A run without findings has one passing test case, so CI shows the check green.
 * Rules that failed on a file are listed in the suites' `system-err`. Every text is redacted and escaped.
 */
export function formatJunit(raw: ReportInput): string {
  const input = redactedInput(raw);
  const byRule = new Map<string, (Finding | SuppressedFinding)[]>();
  for (const f of [...input.findings, ...(input.suppressed ?? [])].sort(compareFindings)) {
    const list = byRule.get(f.ruleId) ?? [];
    list.push(f);
    byRule.set(f.ruleId, list);
  }
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let skipped = 0;
  for (const [ruleId, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    const skips = list.filter((f) => 'justification' in f).length;
    tests += list.length;
    failures += list.length - skips;
    skipped += skips;
    suites.push(
      [
        `  <testsuite${attrs({ name: ruleId, tests: list.length, failures: list.length - skips, errors: 0, skipped: skips, time: 0 })}>`,
        ...list.map(testcase),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  const files = `${input.filesAnalysed} file${input.filesAnalysed === 1 ? '' : 's'} analysed`;
  if (input.findings.length === 0) {
    tests++;
    suites.unshift(
      [
        `  <testsuite${attrs({ name: 'marketplace-guard', tests: 1, failures: 0, errors: 0, skipped: 0, time: 0 })}>`,
        `    <testcase${attrs({ classname: 'marketplace-guard', name: `No Marketplace security policy findings (${files})`, time: 0 })}/>`,
        '  </testsuite>',
      ].join('\n'),
    );
  }
  if (input.failures.length > 0) {
    // Not test cases: a rule that threw is the tool's problem, not the app's; the log still shows it.
    const err = input.failures.map((f) => xmlText(`rule ${f.ruleId} failed on ${f.path}; its findings there may be missing`)).join('\n');
    suites.push(`  <testsuite${attrs({ name: 'marketplace-guard analysis', tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 })}>\n    <system-err>${err}</system-err>\n  </testsuite>`);
  }
  const root = `<testsuites${attrs({ name: `Marketplace Guard (${files})`, tests, failures, errors: 0, skipped, time: 0 })}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
}
