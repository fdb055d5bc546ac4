import { defineRule } from '../../rule';

/** Stub: being implemented (issue 2). */
export default defineRule({
  id: 'no-api-token-collection',
  kinds: ['code'],
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'Do not ask users for an Atlassian API token.',
    messages: {},
    fixable: false,
  },
});
