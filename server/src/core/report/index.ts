import * as path from 'path';
import { readForAnalysis } from '../workspace';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatMarkdown } from './markdown';
import { formatSarif } from './sarif';
import { formatText } from './text';
import type { ReportFormat, ReportInput, TextOptions } from './types';

export interface ReportOptions extends TextOptions {
  /** Report date for the Markdown report (today by default). */
  readonly now?: Date;
}

/**
 * Reads source lines under the audited root for SARIF and GitLab fingerprints, decoded as the analysis decoded them.
 * Each file is read at most once; the text never leaves the fingerprint function.
 */
export function sourceLineReader(root: string): (file: string, line: number) => string | undefined {
  const cache = new Map<string, readonly string[] | undefined>();
  return (file, line) => {
    if (!cache.has(file)) {
      const read = readForAnalysis(path.join(root, file));
      cache.set(file, 'text' in read ? read.text.split(/\r\n|\r|\n/) : undefined);
    }
    return cache.get(file)?.[line - 1];
  };
}

/** Renders an audit in the chosen format. Every secret in `input` is already redacted by the rules. */
export function formatReport(format: ReportFormat, input: ReportInput, options: ReportOptions): string {
  switch (format) {
    case 'text':
      return formatText(input, options);
    case 'json':
      return formatJson(input);
    case 'sarif':
      return formatSarif(input, { lineText: sourceLineReader(input.root) });
    case 'markdown':
      return formatMarkdown(input, options.now ? { now: options.now } : {});
    case 'gitlab':
      return formatGitlab(input, { lineText: sourceLineReader(input.root) });
    case 'junit':
      return formatJunit(input);
  }
}
