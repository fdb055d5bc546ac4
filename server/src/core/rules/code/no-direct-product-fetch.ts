import { defineRule } from '../../rule';

/** Stub: being implemented (issue 2). */
export default defineRule({
  id: 'no-direct-product-fetch',
  kinds: ['code'],
  meta: {
    category: 'api-tokens',
    defaultSeverity: 'error',
    policy: 'Personal access tokens',
    description: 'In Forge code, call Atlassian products with requestJira/requestConfluence, not fetch.',
    messages: {},
    fixable: false,
  },
});
