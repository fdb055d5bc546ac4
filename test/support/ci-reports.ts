import { strict as assert } from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { sarifSchemaErrors } from './sarif';
import { elements, parseXml } from './xml';

let gitlab: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validates a GitLab Code Quality report against test/schemas/gitlab-codequality.json (the fields GitLab reads). */
export function gitlabSchemaErrors(report: unknown): string[] {
  gitlab ??= new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'gitlab-codequality.json'), 'utf8')) as object);
  return gitlab(report) ? [] : [JSON.stringify(gitlab.errors)];
}

/** What a CI report file holds, read back the way its consumer reads it. */
export interface ReadReport {
  /** Findings in the report (SARIF results, Code Quality issues, failing JUnit test cases). */
  readonly findings: number;
  /** Of those, the ones at the highest severity (SARIF `error`, Code Quality `critical`, JUnit `type="error"`). */
  readonly errors: number;
}

/** Parses a report file in `format` (sarif, gitlab, junit), asserting it is valid in that format. */
export function readReport(format: string, file: string): ReadReport {
  const text = fs.readFileSync(file, 'utf8');
  switch (format) {
    case 'sarif': {
      const log = JSON.parse(text) as { runs: { results: { level?: string }[] }[] };
      assert.deepEqual(sarifSchemaErrors(log), []);
      const results = log.runs[0]?.results ?? [];
      return { findings: results.length, errors: results.filter((r) => r.level === 'error').length };
    }
    case 'gitlab': {
      const issues = JSON.parse(text) as { severity: string }[];
      assert.deepEqual(gitlabSchemaErrors(issues), []);
      return { findings: issues.length, errors: issues.filter((i) => i.severity === 'critical').length };
    }
    case 'junit': {
      const failures = elements(parseXml(text), 'failure');
      return { findings: failures.length, errors: failures.filter((f) => f.attributes['type'] === 'error').length };
    }
    default:
      throw new Error(`no reader for --format ${format}`);
  }
}
