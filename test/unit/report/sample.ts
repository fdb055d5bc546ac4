import type { Category, EndpointData, Finding, RelatedLocation, Severity } from '../../../server/src/core/model';
import type { ReportInput } from '../../../server/src/core/report/types';

/** A finding as the engine would produce it; positions are 1-based, one line long. */
export function finding(
  file: string,
  line: number,
  column: number,
  over: Partial<Omit<Finding, 'file' | 'start' | 'end'>> & { length?: number } = {},
): Finding {
  const length = over.length ?? 10;
  const ruleId = over.ruleId ?? 'no-api-token-literal';
  const category: Category = over.category ?? 'api-tokens';
  const severity: Severity = over.severity ?? 'error';
  const start = (line - 1) * 100 + column - 1;
  return {
    ruleId,
    category,
    severity,
    file,
    range: { start, end: start + length },
    start: { line, column },
    end: { line, column: column + length },
    messageId: over.messageId ?? 'token',
    message: over.message ?? `Finding of ${ruleId}.`,
    detail: over.detail ?? `Policy "${over.policy ?? 'Personal access tokens'}": the clause. Fix: the fix.`,
    policy: over.policy ?? 'Personal access tokens',
    fixes: over.fixes ?? [],
    ...(over.endpoint ? { endpoint: over.endpoint } : {}),
    ...(over.related ? { related: over.related } : {}),
  };
}

/** A related location as the engine would convert it (same line-times-100 offsets as {@link finding}). */
export function related(file: string, line: number, column: number, message: string, length = 5): RelatedLocation {
  const start = (line - 1) * 100 + column - 1;
  return { file, range: { start, end: start + length }, start: { line, column }, end: { line, column: column + length }, message };
}

export function endpointFinding(file: string, line: number, endpoint: EndpointData, ruleId = 'no-api-token-basic-auth'): Finding {
  return finding(file, line, 3, { ruleId, messageId: 'basicAuth', endpoint, message: 'Basic auth with an Atlassian API token.' });
}

export function reportInput(findings: Finding[], over: Partial<ReportInput> = {}): ReportInput {
  return {
    version: '9.9.9',
    root: '/tmp/acme app',
    findings,
    skipped: [],
    failures: [],
    filesAnalysed: 3,
    ...over,
  };
}
