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
      parseFailed: 'File not fully analysed: {{reason}}.',
      budget: 'File not fully analysed: the {{ms}} ms per-file time limit was reached.',
      valueBound: 'Value followed only part of the way (the {{limit}} limit was reached).',
    },
    details: {
      parseFailed: 'Only its text was checked, so findings in its code may be missing ("Marketplace Guard analysis coverage"). Fix: simplify the code, or review it by hand.',
      budget: 'Findings in this file may be missing ("Marketplace Guard analysis coverage"). Fix: split the file, or review it by hand.',
      valueBound: 'Findings that depend on this value may be missing ("Marketplace Guard analysis coverage"). Fix: review the value by hand.',
    },
    fixable: false,
  },
});
