import type { EndpointData, Finding, RelatedLocation } from '../model';
import { scrubSecrets } from '../redact';
import type { ReportInput } from './types';

/**
 * The report input with every string a report prints passed through {@link scrubSecrets}: messages,
 * related messages, endpoint data, file and folder names, skip reasons and failure texts. Rules redact
 * what they quote already; this is the last gate before any format, so no format can print a secret
 * a rule (or a file name) let through.
 */
export function redactedInput(input: ReportInput): ReportInput {
  return {
    ...input,
    root: scrubSecrets(input.root),
    findings: input.findings.map(redactedFinding),
    ...(input.suppressed ? { suppressed: input.suppressed.map((f) => ({ ...redactedFinding(f), justification: scrubSecrets(f.justification) })) } : {}),
    skipped: input.skipped.map((s) => ({ path: scrubSecrets(s.path), reason: scrubSecrets(s.reason) })),
    failures: input.failures.map((f) => ({ ...f, ruleId: scrubSecrets(f.ruleId), path: scrubSecrets(f.path), message: scrubSecrets(f.message) })),
    ...(input.forgeRoots ? { forgeRoots: input.forgeRoots.map(scrubSecrets) } : {}),
    ...(input.baseline ? { baseline: { ...input.baseline, file: scrubSecrets(input.baseline.file), matched: input.baseline.matched.map(redactedFinding) } } : {}),
  };
}

function redactedFinding(f: Finding): Finding {
  return {
    ...f,
    file: scrubSecrets(f.file),
    message: scrubSecrets(f.message),
    detail: scrubSecrets(f.detail),
    ...(f.endpoint ? { endpoint: redactedEndpoint(f.endpoint) } : {}),
    ...(f.related ? { related: f.related.map(redactedRelated) } : {}),
  };
}

function redactedRelated(r: RelatedLocation): RelatedLocation {
  return { ...r, file: scrubSecrets(r.file), message: scrubSecrets(r.message) };
}

function redactedEndpoint(e: EndpointData): EndpointData {
  return {
    ...(e.method !== undefined ? { method: scrubSecrets(e.method) } : {}),
    ...(e.host !== undefined ? { host: scrubSecrets(e.host) } : {}),
    ...(e.path !== undefined ? { path: scrubSecrets(e.path) } : {}),
    ...(e.authKind !== undefined ? { authKind: scrubSecrets(e.authKind) } : {}),
  };
}
