import { defineRule } from '../../rule';

/** Stub: being implemented (issue 2). */
export default defineRule({
  id: 'no-api-token-storage',
  kinds: ['code'],
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not persist Atlassian API tokens, encrypted or not.',
    messages: {},
    fixable: false,
  },
});
