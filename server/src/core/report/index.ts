import { formatJson } from './json';
import { formatText } from './text';
import type { ReportFormat, ReportInput, TextOptions } from './types';

/** Renders an audit in the chosen format. Every secret in `input` is already redacted by the rules. */
export function formatReport(format: ReportFormat, input: ReportInput, options: TextOptions): string {
  switch (format) {
    case 'text':
      return formatText(input, options);
    case 'json':
      return formatJson(input);
    case 'sarif':
    case 'markdown':
      throw new Error(`the ${format} format is not available yet`);
  }
}
