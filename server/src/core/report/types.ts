import type { Finding } from '../model';
import type { AuditResult } from '../workspace';

/** An audit compared with a baseline: `findings` then holds only the new findings. */
export interface BaselineReport {
  /** The baseline file as the user named it. */
  readonly file: string;
  /** Findings the baseline holds: left out of every report but SARIF (marked `unchanged` there). */
  readonly matched: readonly Finding[];
  /** Baseline findings no longer found (fixed, or their code removed). */
  readonly gone: number;
}

/** What every report format receives. */
export interface ReportInput extends AuditResult {
  /** Product version, for report headers. */
  readonly version: string;
  /** Set when the audit ran with a baseline. */
  readonly baseline?: BaselineReport;
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'gitlab' | 'junit';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'json', 'sarif', 'markdown', 'gitlab', 'junit'];

export interface TextOptions {
  readonly color: boolean;
  readonly verbose: boolean;
}
