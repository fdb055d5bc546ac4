import type { AuditResult } from '../workspace';

/** What every report format receives. */
export interface ReportInput extends AuditResult {
  /** Product version, for report headers. */
  readonly version: string;
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'gitlab' | 'junit';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown', 'gitlab', 'junit'];

export interface TextOptions {
  readonly color: boolean;
  readonly verbose: boolean;
}
