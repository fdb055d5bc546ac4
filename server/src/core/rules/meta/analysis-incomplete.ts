import { defineRule } from '../../rule';

/**
 * Says where Marketplace Guard could not finish reading a file, so a CI run does not pass a file it
 * could not read: a parse that fails (nesting too deep for the parser), the per-file time budget,
 * or a value followed only part of the way (bounded evaluation). The engine reports it itself.
 */
export default defineRule({
  id: 'analysis-incomplete',
  kinds: ['code', 'manifest', 'env', 'json', 'yaml', 'markdown', 'text'],
  meta: {
    category: 'meta',
    defaultSeverity: 'error',
    policy: 'Marketplace Guard analysis coverage',
    description: 'Know which files Marketplace Guard could not fully analyse.',
    messages: {
      parseFailed: 'File not fully analysed: {{reason}}. Only its text was checked; findings in its code may be missing.',
      budget: 'File not fully analysed: the {{ms}} ms per-file time limit was reached. Findings in this file may be missing.',
      valueBound:
        'Value followed only part of the way (the {{limit}} limit was reached). Findings that depend on it may be missing.',
    },
    fixable: false,
  },
});
